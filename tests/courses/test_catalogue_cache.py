"""The catalogue is the same for everyone: memoised per tree version, fresh after a publish."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CoursePage
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def slugs(client, **params):
    response = client.get("/ar/courses/", params)
    assert response.status_code == 200
    return [entry.page.slug for entry in response.context["catalogue"].entries]


def test_catalogue_is_served_from_the_cache_until_a_publish(client):
    build_course(slug="gouvernance")
    assert slugs(client) == ["gouvernance"]
    with CaptureQueriesContext(connection) as repeat:
        assert slugs(client) == ["gouvernance"]
    # Neither the course list nor the module/lesson counts are read again.
    tree_reads = [q["sql"] for q in repeat.captured_queries if "courses_coursepage" in q["sql"]]
    tree_reads += [q["sql"] for q in repeat.captured_queries if '"depth" IN' in q["sql"]]
    assert tree_reads == []

    build_course(slug="finance", code="C8")  # publishing starts a new tree version
    assert slugs(client) == ["gouvernance", "finance"]

    finance = CoursePage.objects.get(slug="finance")
    finance.unpublish()
    assert slugs(client) == ["gouvernance"]


def test_searches_by_words_are_never_cached(client):
    build_course(slug="gouvernance")
    assert slugs(client, q="gouvernance") == ["gouvernance"]
    CoursePage.objects.filter(slug="gouvernance").update(title="Renamed")  # no publish signal
    assert slugs(client, q="gouvernance") == []
