"""A key too large for the database is a page that does not exist (404), never a 500."""

import pytest
from django.urls import get_resolver
from django.utils import translation

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "4383791241854282363813561892864"


@pytest.mark.parametrize(
    "path",
    [
        f"/fr/bank/plans/{HUGE}/",
        f"/fr/learn/report/{HUGE}/",
        f"/api/v1/courses/{HUGE}/enrolment/",
        f"/api/v1/bank/plans/{HUGE}/",
    ],
)
def test_huge_ids_are_not_found(client, path):
    client.force_login(UserFactory())
    with translation.override("fr"):
        assert client.get(path).status_code == 404


def test_no_route_uses_the_unbounded_int_converter():
    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, route)
            else:
                yield route

    theirs = ("cms/", "django-admin/", "documents/")  # Wagtail's and Django's own admin routes
    ours = [
        r
        for r in walk(get_resolver().url_patterns)
        if "<int:" in r and not r.startswith(theirs) and "/_util/" not in r  # Wagtail's
    ]
    assert ours == []
