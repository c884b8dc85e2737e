"""Learning over HTTP: a course with its outline and the learner's progress, lesson content
(sanitised HTML and structured blocks), "done", the batch of offline events, my learning.

Gating is the site's (``progress.learning``): a lesson needs a signed-in, enrolled learner and
an open module (403 ``not_enrolled`` / ``locked``, as the page answers 403); "done" on anything
the learner may not complete answers 404, as the site's button does. Views call services.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale, Page

from courses.models import LessonPage
from courses.rest.views import live_course_or_404

from .. import services
from ..learning import course_view, enter_item, item_view, open_item
from ..selectors import my_learning
from . import serializers as s


def _item(item, done_keys) -> dict:
    return {
        "id": item.page_id,
        "key": item.translation_key,
        "title": item.title,
        "kind": item.kind,
        "minutes": item.minutes,
        "done": item.translation_key in done_keys,
        "url": item.url,
    }


def _blocks(stream) -> list[dict]:
    return list(stream.stream_block.get_api_representation(stream)) if stream else []


class CourseDetailView(APIView):
    """A course, its modules and items, and (signed in) the learner's progress and locks."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.CourseDetailSerializer, tags=["courses"])
    def get(self, request, course_id: int):
        course = live_course_or_404(course_id)
        view = course_view(user=request.user, course=course)
        progress = view.progress
        resume = progress.resume_item if view.enrolled else None
        body = {
            "page": course,
            "description": _blocks(course.description),
            "enrolled": view.enrolled,
            "done": progress.done,
            "total": progress.total,
            "percent": progress.percent,
            "completed_at": progress.completed_at,
            "resume_item": resume.page_id if resume else None,
            "modules": [
                {
                    "id": mp.module.page_id,
                    "key": mp.module.translation_key,
                    "title": mp.module.title,
                    "summary": mp.module.summary,
                    "is_open": mp.is_open,
                    "done": mp.done,
                    "total": mp.total,
                    "items": [_item(i, progress.completed_keys) for i in mp.module.items],
                }
                for mp in progress.modules
            ],
        }
        return Response(s.CourseDetailSerializer(body).data)


class Locked(exceptions.PermissionDenied):
    default_code = "locked"


class NotEnrolled(exceptions.PermissionDenied):
    default_code = "not_enrolled"


def open_item_or_error(request, page):
    view, course, enrolled = item_view(user=request.user, page=page)
    if course is None or (enrolled and view is None):
        raise Http404
    if not enrolled:
        raise NotEnrolled(_("Enrol in the course to open its lessons."))
    if not view.is_open:
        blocking = view.blocking_module
        raise Locked(
            _("This module opens when you finish “%(module)s”.")
            % {"module": blocking.title if blocking else ""}
        )
    return view, course


def _neighbour(item):
    return {"id": item.page_id, "title": item.title, "kind": item.kind} if item else None


class LessonView(APIView):
    """A lesson's content for an enrolled learner whose module is open. Opening it records the
    learner's place (and completes it when the course completes lessons on view)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.LessonSerializer, tags=["learning"])
    def get(self, request, lesson_id: int):
        page = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
        view, course = open_item_or_error(request, page)
        enter_item(user=request.user, page=page, course=course, view=view)
        body = {
            "id": page.pk,
            "key": page.translation_key,
            "title": page.title,
            "course": course.pk,
            "module": view.module.page_id,
            "minutes": page.estimated_minutes,
            "done": view.is_done,
            "completable": not view.is_done,
            "html": str(page.body),
            "blocks": _blocks(page.body),
            "previous": _neighbour(view.previous_item),
            "next": _neighbour(view.next_item),
        }
        return Response(s.LessonSerializer(body).data)


class CompleteView(APIView):
    """ "Mark as done" for a lesson (quizzes complete by being passed). Idempotent."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=s.CompletionSerializer, tags=["learning"])
    def post(self, request, lesson_id: int):
        page = get_object_or_404(Page.objects.live(), pk=lesson_id).specific
        if not getattr(page, "is_learning_item", False) or not getattr(
            page, "self_completable", True
        ):
            raise Http404
        view = open_item(user=request.user, page=page)
        if view is None:
            raise Http404
        result = services.mark_item_complete(
            user=request.user,
            item_key=page.translation_key,
            course=view.course,
            outline=view.outline,
            source="api",
        )
        body = {
            "item": page.pk,
            "created": result.created,
            "course_completed": result.course_completed,
        }
        return Response(s.CompletionSerializer(body).data)


class EventBatchView(APIView):
    """Events an app recorded, possibly offline: each with the client's time and its own
    idempotency key. Every event gets a result (recorded, duplicate, rejected + code); the
    same batch sent twice, even at the same time, is recorded once. A practice answer is graded
    again here; the client's verdict is never asked for."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.EventBatchSerializer, responses=s.EventBatchResultSerializer, tags=["learning"]
    )
    def post(self, request):
        batch = s.EventBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        events = batch.validated_data["events"]
        pages = {
            p.pk: p
            for p in Page.objects.live().filter(pk__in={e["item"] for e in events}).specific()
        }
        results = []
        for event in events:
            outcome = services.record_client_event(
                user=request.user,
                page=pages.get(event["item"]),
                verb=event["verb"],
                occurred_at=event["occurred_at"],
                client_key=event["idempotency_key"],
                question=event.get("question", ""),
                response=event.get("response"),
            )
            results.append(
                {
                    "idempotency_key": event["idempotency_key"],
                    "status": outcome.status,
                    "code": outcome.code,
                    "course_completed": outcome.course_completed,
                }
            )
        return Response(s.EventBatchResultSerializer({"results": results}).data)


@extend_schema(tags=["learning"])
class MyLearningView(generics.ListAPIView):
    """My courses with progress and where to continue (unfinished first)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.LearningEntrySerializer

    def get_queryset(self):
        return my_learning(user=self.request.user, locale=Locale.get_active())
