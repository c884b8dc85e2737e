"""Shapes of the catalogue API (read-only: nothing here is written from client input)."""

from rest_framework import serializers


class CourseFieldsSerializer(serializers.Serializer):
    # A course page's own fields, read from ``page``: the catalogue entry and the course detail
    # (progress.rest) both start with them. (A comment: a docstring would become a description.)
    id = serializers.IntegerField(source="page.pk")
    key = serializers.UUIDField(source="page.translation_key")
    code = serializers.CharField(source="page.code")
    title = serializers.CharField(source="page.title")
    summary = serializers.CharField(source="page.summary")
    level = serializers.CharField(source="page.level")
    sector = serializers.CharField(source="page.sector")
    estimated_hours = serializers.DecimalField(
        source="page.estimated_hours", max_digits=4, decimal_places=1
    )
    language = serializers.CharField(source="page.locale.language_code")
    url = serializers.CharField(source="page.url", help_text="The course's page on the site.")


class CourseSummarySerializer(CourseFieldsSerializer):
    modules = serializers.IntegerField()
    items = serializers.IntegerField()
    enrolled = serializers.BooleanField()


class EnrolmentSerializer(serializers.Serializer):
    course = serializers.IntegerField()
    course_key = serializers.UUIDField()
    enrolled = serializers.BooleanField()
