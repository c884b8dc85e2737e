"""Progress moves, survives a language switch, gates sequential courses, completes once."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Locale

from content import tree_cache
from courses.services import enrol
from progress import services
from progress.models import Completion, CourseState, LearningEvent
from progress.selectors import course_progress, my_learning
from progress.signals import course_completed
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def completions_signalled():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    course_completed.connect(receiver, dispatch_uid="test-receiver")
    yield received
    course_completed.disconnect(dispatch_uid="test-receiver")


def enrolled_client(client, tree, user=None):
    user = user or UserFactory()
    enrol(user=user, course=tree.course)
    client.force_login(user)
    return user


def test_marking_lessons_done_moves_the_bars_and_completes_the_course_once(
    client, django_capture_on_commit_callbacks, completions_signalled
):
    tree = build_course(modules=(2, 1))
    user = enrolled_client(client, tree)
    percents = []
    for lesson in tree.lessons:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("progress:mark_done", args=[lesson.pk]))
        assert response.status_code == 302
        percents.append(client.get(tree.course.url).context["learning"].progress.percent)
    assert percents == [33, 67, 100]
    # Pressing "done" again changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("progress:mark_done", args=[tree.lessons[0].pk]))
    assert Completion.objects.filter(user=user).count() == 3
    assert len(completions_signalled) == 1
    assert completions_signalled[0]["course_key"] == tree.course.translation_key
    assert LearningEvent.objects.filter(user=user, verb="completed").count() == 3
    assert LearningEvent.objects.filter(user=user, verb="course_completed").count() == 1
    page = client.get(tree.course.url)
    assert page.context["learning"].progress.is_complete


def test_lesson_page_shows_progress_and_done_button(client):
    tree = build_course()
    enrolled_client(client, tree)
    response = client.get(tree.lessons[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("progress:mark_done", args=[tree.lessons[0].pk]) in html
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    client.post(reverse("progress:mark_done", args=[tree.lessons[0].pk]))
    html = client.get(tree.lessons[0].url).content.decode()
    assert reverse("progress:mark_done", args=[tree.lessons[0].pk]) not in html
    assert 'value="25"' in html  # 1 of 4 lessons


def test_anonymous_and_unenrolled_visitors_cannot_open_lessons(client):
    tree = build_course()
    response = client.get(tree.lessons[0].url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    response = client.get(tree.lessons[0].url)
    assert response.status_code == 302 and response["Location"] == tree.course.url
    assert client.post(reverse("progress:mark_done", args=[tree.lessons[0].pk])).status_code == 404
    assert Completion.objects.count() == 0


def test_sequential_course_opens_modules_one_after_the_other(client):
    tree = build_course(modules=(1, 1), gating="sequential")
    user = enrolled_client(client, tree)
    locked = tree.lessons[1]
    assert client.get(locked.url).status_code == 403
    assert client.post(reverse("progress:mark_done", args=[locked.pk])).status_code == 404
    assert not Completion.objects.filter(user=user).exists()
    client.post(reverse("progress:mark_done", args=[tree.lessons[0].pk]))
    assert client.get(locked.url).status_code == 200


def test_on_view_courses_complete_lessons_when_opened(client):
    tree = build_course(modules=(2,), completion_mode="on_view")
    user = enrolled_client(client, tree)
    client.get(tree.lessons[0].url)
    assert Completion.objects.filter(user=user).count() == 1


def test_progress_survives_a_language_switch(client):
    tree = build_course(modules=(2,), translate=True)
    user = enrolled_client(client, tree)
    client.post(reverse("progress:mark_done", args=[tree.lessons[0].pk]))
    fr_course = tree.fr_course
    response = client.get(fr_course.url)
    assert response.status_code == 200
    assert response.context["learning"].enrolled
    assert response.context["learning"].progress.done == 1
    fr_lesson = tree.lessons[1].get_translation(Locale.objects.get(language_code="fr"))
    assert client.get(fr_lesson.url).status_code == 200
    client.post(reverse("progress:mark_done", args=[fr_lesson.pk]))
    ar = course_progress(user=user, course=tree.course)
    assert ar.percent == 100 and ar.is_complete


def test_continue_where_you_left_off(client):
    tree = build_course(modules=(2, 2))
    user = enrolled_client(client, tree)
    client.post(reverse("progress:mark_done", args=[tree.lessons[0].pk]))
    client.get(tree.lessons[2].url)  # jumped ahead, then left
    client.logout()
    client.force_login(user)
    page = client.get(reverse("progress:my_learning"))
    assert page.status_code == 200
    resume = page.context["resume"]
    assert resume.resume_url == tree.lessons[2].url
    assert resume.percent == 25
    assert tree.lessons[2].url in page.content.decode()
    course_page = client.get(tree.course.url).context["learning"].progress
    assert course_page.resume_item.page_id == tree.lessons[2].pk


def test_another_learners_progress_report_answers_404(client):
    tree = build_course()
    owner = UserFactory()
    enrol(user=owner, course=tree.course)
    enrolment = owner.enrolments.get()
    client.force_login(owner)
    assert client.get(reverse("progress:report", args=[enrolment.pk])).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("progress:report", args=[enrolment.pk])).status_code == 404


def test_replayed_events_are_stored_once():
    tree = build_course()
    user = UserFactory()
    for _ in range(3):
        services.record_event(
            user=user,
            verb="viewed",
            course_key=tree.course.translation_key,
            item_key=tree.lessons[0].translation_key,
            idempotency_key="client-key-1",
        )
    assert LearningEvent.objects.filter(idempotency_key="client-key-1").count() == 1


@pytest.mark.parametrize("lessons", [4, 40])
def test_course_progress_query_count_does_not_grow(lessons, django_assert_num_queries):
    per_module = lessons // 4
    tree = build_course(modules=(per_module,) * 4)
    user = UserFactory()
    enrol(user=user, course=tree.course)
    services.mark_item_complete(
        user=user, item_key=tree.lessons[0].translation_key, course=tree.course
    )
    cache.clear()  # cold: the outline is read from the tree (2 queries), then cached
    tree_cache.forget_local()  # ... in this process too
    with django_assert_num_queries(4):
        progress = course_progress(user=user, course=tree.course)
    assert progress.total == lessons and progress.done == 1
    with django_assert_num_queries(2):
        course_progress(user=user, course=tree.course)


def test_my_learning_query_count_is_fixed(django_assert_num_queries):
    user = UserFactory()
    trees = [build_course(slug=f"c{i}", modules=(3, 3)) for i in range(3)]
    for tree in trees:
        enrol(user=user, course=tree.course)
    ar = Locale.objects.get(language_code="ar")
    my_learning(user=user, locale=ar)  # warms Wagtail's cached site root paths
    with django_assert_num_queries(5):
        entries = my_learning(user=user, locale=ar)
    assert len(entries) == 3 and all(e.total == 6 for e in entries)


@pytest.mark.parametrize("lessons", [4, 40])
def test_lesson_page_query_count(lessons, client, django_assert_max_num_queries):
    per_module = lessons // 4
    tree = build_course(modules=(per_module,) * 4)
    enrolled_client(client, tree)
    client.get(tree.lessons[1].url)  # warm caches (site root paths, content types)
    with django_assert_max_num_queries(12) as ctx:
        assert client.get(tree.lessons[1].url).status_code == 200
    test_lesson_page_query_count.counts = getattr(test_lesson_page_query_count, "counts", {})
    test_lesson_page_query_count.counts[lessons] = len(ctx.captured_queries)
    if len(test_lesson_page_query_count.counts) == 2:
        counts = test_lesson_page_query_count.counts
        assert counts[4] == counts[40]


def test_course_state_row_is_unique_per_learner_and_course():
    tree = build_course()
    user = UserFactory()
    enrol(user=user, course=tree.course)
    services.record_view(
        user=user, item_key=tree.lessons[0].translation_key, course_key=tree.course.translation_key
    )
    assert CourseState.objects.filter(user=user).count() == 1
