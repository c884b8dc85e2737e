"""The catalogue and enrolment over HTTP. Reads go through ``courses.selectors``, writes through
``courses.services``; the language is the request's (``Accept-Language``)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale

from .. import selectors, services
from ..models import CourseIndexPage, CoursePage
from . import serializers as s


def live_course_or_404(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live().select_related("locale"), pk=course_id)


def catalogue_index() -> CourseIndexPage | None:
    """The catalogue page of the active language, else the first one there is."""
    pages = CourseIndexPage.objects.live().order_by("path")
    return pages.filter(locale=Locale.get_active()).first() or pages.first()


@extend_schema(
    parameters=[
        OpenApiParameter("level", str, description="beginner, intermediate or advanced"),
        OpenApiParameter("sector", str, description="A sector code such as AGR"),
        OpenApiParameter("q", str, description="Words in the title or summary"),
    ],
    tags=["courses"],
)
class CatalogueView(generics.ListAPIView):
    """Live courses of the catalogue in the request's language (filters as on the site)."""

    permission_classes = [AllowAny]
    serializer_class = s.CourseSummarySerializer

    def get_queryset(self):
        index = catalogue_index()
        if index is None:
            return []
        data = selectors.catalogue(
            index_page=index, user=self.request.user, params=self.request.query_params
        )
        return data.entries


class EnrolView(APIView):
    """Enrol in a course (every language of it); idempotent. DELETE leaves it, progress kept."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: s.EnrolmentSerializer}, tags=["courses"])
    def post(self, request, course_id: int):
        course = live_course_or_404(course_id)
        services.enrol(user=request.user, course=course)
        body = {"course": course.pk, "course_key": course.translation_key, "enrolled": True}
        return Response(s.EnrolmentSerializer(body).data, status=status.HTTP_200_OK)

    @extend_schema(responses={200: s.EnrolmentSerializer}, tags=["courses"])
    def delete(self, request, course_id: int):
        course = live_course_or_404(course_id)
        services.unenrol(user=request.user, course=course)
        body = {"course": course.pk, "course_key": course.translation_key, "enrolled": False}
        return Response(s.EnrolmentSerializer(body).data)
