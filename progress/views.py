"""Learner pages of the progress app: "done", "My learning", a course progress report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale, Page

from courses.models import CoursePage, Enrolment
from courses.selectors import courses_for_keys

from . import panels, services
from .learning import course_view, open_item
from .selectors import course_progress, my_learning


@login_required
@require_POST
def mark_done(request, page_id: int):
    """The learner reached the end of a lesson and pressed "done"."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not getattr(page, "is_learning_item", False) or not getattr(page, "self_completable", True):
        # Quizzes complete by being passed, never by a "done" button.
        raise Http404
    view = open_item(user=request.user, page=page)
    if view is None:
        # Not enrolled, not in a course, or a locked module: nothing to complete here.
        raise Http404
    course = view.course
    result = services.mark_item_complete(
        user=request.user, item_key=page.translation_key, course=course, outline=view.outline
    )
    if result.course_completed:
        messages.success(request, _("Congratulations! You have completed the course."))
        return redirect(course.url)
    next_item = view.next_item
    if next_item is not None and request.POST.get("then") == "next":
        return redirect(next_item.url)
    return redirect(page.url + "#done")


@login_required
@require_GET
def my_learning_view(request):
    entries = my_learning(user=request.user, locale=Locale.get_active())
    in_progress = [e for e in entries if e.completed_at is None]
    completed = [e for e in entries if e.completed_at is not None]
    resume = next((e for e in in_progress if e.resume_url), None)
    return render(
        request,
        "progress/my_learning.html",
        {
            "in_progress": in_progress,
            "completed": completed,
            "resume": resume,
            "panels": panels.panels_for(request),
        },
    )


@login_required
@require_GET
def progress_report(request, enrolment_id: int):
    """One course's progress, item by item. Another learner's enrolment answers 404."""
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id, user=request.user)
    courses = courses_for_keys(keys=[enrolment.course_key], locale=Locale.get_active())
    if not courses:
        raise Http404
    course = courses[0]
    progress = course_progress(user=request.user, course=course)
    return render(
        request,
        "progress/progress_report.html",
        {"course": course, "progress": progress, "enrolment": enrolment},
    )


@login_required
@require_GET
def offline_manifest(request, module_id: int):
    """What "save this module for offline" stores, and about how much data it costs: every
    lesson of an open module of a course the learner follows (with the rendition its images
    show) and, when the module's quiz is a practice quiz, its offline practice page. Items say
    what they store through ``offline_resources()``; anything else is left online."""
    module = get_object_or_404(Page.objects.live(), pk=module_id)
    course = module.get_parent().specific if module.depth > 2 else None
    if not isinstance(course, CoursePage):
        raise Http404
    view = course_view(user=request.user, course=course)
    progress = view.progress.module_progress(module.pk) if view.enrolled else None
    if progress is None or not progress.is_open:
        raise Http404
    order = {item.page_id: n for n, item in enumerate(progress.module.items)}
    items = Page.objects.live().filter(pk__in=order).specific()
    resources: dict[str, int] = {}
    pages = online_only = 0
    for item in sorted(items, key=lambda p: order[p.pk]):
        found = getattr(item, "offline_resources", lambda: [])()
        pages += bool(found)
        online_only += not found
        for url, size in found:
            resources[url] = size
    total = sum(resources.values())
    return JsonResponse(
        {
            "module": module.pk,
            "urls": list(resources),
            "pages": pages,
            "online_only": online_only,  # items that stay online (a graded quiz)
            "bytes": total,
            "size": filesizeformat(total),
        }
    )
