"""A published page is routed without reading the tree again: kept as an object per process and
tree version (content.tree_cache.local_object), fresh after a publish, and never shared between
requests (each gets its own copy)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content import tree_cache
from courses.models import LessonPage
from courses.services import enrol
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_on_lesson(client):
    tree = build_course(modules=(2,))
    learner = UserFactory()
    enrol(user=learner, course=tree.course)
    client.force_login(learner)
    return tree, tree.lessons[0]


def page_and_locale_reads(queries):
    return [
        q["sql"]
        for q in queries
        if '"wagtailcore_page"' in q["sql"] or '"wagtailcore_locale"' in q["sql"]
    ]


def test_a_lesson_seen_again_reads_neither_the_page_nor_the_locale(client, learner_on_lesson):
    _tree, lesson = learner_on_lesson
    assert client.get(lesson.url).status_code == 200
    with CaptureQueriesContext(connection) as repeat:
        response = client.get(lesson.url)
    assert response.status_code == 200
    assert response.context["page"].pk == lesson.pk
    assert page_and_locale_reads(repeat.captured_queries) == []


def test_a_new_revision_is_served_as_soon_as_it_is_published(client, learner_on_lesson):
    _tree, lesson = learner_on_lesson
    assert "Première version" not in client.get(lesson.url).content.decode()
    page = LessonPage.objects.get(pk=lesson.pk)
    page.title = "Première version revue"
    page.save_revision().publish()
    assert "Première version revue" in client.get(lesson.url).content.decode()


def test_a_draft_is_not_served_and_an_unpublished_lesson_is_gone(client, learner_on_lesson):
    tree, lesson = learner_on_lesson
    client.get(lesson.url)
    page = LessonPage.objects.get(pk=lesson.pk)
    page.title = "Brouillon pas encore publié"
    page.save_revision()  # a draft: no publish
    assert "Brouillon" not in client.get(lesson.url).content.decode()
    other = LessonPage.objects.get(pk=tree.lessons[1].pk)
    client.get(other.url)
    other.unpublish()
    assert client.get(other.url).status_code == 404


def test_what_one_request_sets_on_the_page_does_not_reach_the_next(rf, learner_on_lesson):
    tree, lesson = learner_on_lesson
    request = rf.get(lesson.url)
    path = lesson.url_path[len(tree.home.url_path) :].split("/")[:-1]
    token = tree_cache.begin_request()
    try:
        first = tree.home.route(request, path)
        first.page.seen_by_this_request = True
        second = tree.home.route(request, path)
    finally:
        tree_cache.end_request(token)
    assert first.page is not second.page
    assert first.page.pk == second.page.pk == lesson.pk
    assert not hasattr(second.page, "seen_by_this_request")


def test_at_most_a_bounded_number_of_page_objects_are_kept(monkeypatch):
    monkeypatch.setattr(tree_cache, "LOCAL_MAX_OBJECTS", 3)
    token = tree_cache.begin_request()
    try:
        for n in range(10):
            tree_cache.local_object(f"page:{n}", lambda n=n: n)
        assert len(tree_cache._objects) == 3
        # The most recently used stay; an evicted one is computed again.
        assert tree_cache.local_object("page:9", lambda: "again") == 9
        assert tree_cache.local_object("page:0", lambda: "again") == "again"
    finally:
        tree_cache.end_request(token)


def test_a_publish_on_another_app_server_is_seen_within_a_second(monkeypatch):
    from django.core.cache import cache

    first = tree_cache.tree_version()
    cache.set(tree_cache.VERSION_KEY, "published-elsewhere", None)  # another process's publish
    assert tree_cache.tree_version() == first  # one shared-cache read per second, not per request
    later = time.monotonic() + tree_cache.VERSION_LOCAL_TTL + 0.01
    monkeypatch.setattr(tree_cache.time, "monotonic", lambda: later)
    assert tree_cache.tree_version() == "published-elsewhere"


def test_a_publish_here_is_seen_at_once():
    first = tree_cache.tree_version()
    tree_cache.bump_tree_version()
    assert tree_cache.tree_version() != first
