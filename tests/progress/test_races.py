"""Double clicks and concurrent completions on PostgreSQL, with real threads."""

import threading

import pytest
from django.db import connection

from courses.services import enrol
from progress import services
from progress.models import Completion, LearningEvent
from progress.signals import course_completed
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_concurrently(functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def runner(fn):
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(fn,)) for fn in functions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors


def test_two_done_clicks_leave_one_completion_and_one_event():
    tree = build_course(modules=(3,))
    user = UserFactory()
    enrol(user=user, course=tree.course)
    key = tree.lessons[0].translation_key

    def click():
        services.mark_item_complete(user=user, item_key=key, course=tree.course)

    run_concurrently([click] * 8)
    assert Completion.objects.filter(user=user, item_key=key).count() == 1
    assert LearningEvent.objects.filter(user=user, item_key=key, verb="completed").count() == 1


def test_finishing_the_last_two_lessons_at_once_completes_the_course_once():
    tree = build_course(modules=(2,))
    user = UserFactory()
    enrol(user=user, course=tree.course)
    received = []
    course_completed.connect(
        lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="race"
    )
    try:
        run_concurrently(
            [
                lambda lesson=lesson: services.mark_item_complete(
                    user=user, item_key=lesson.translation_key, course=tree.course
                )
                for lesson in tree.lessons
            ]
            * 3
        )
    finally:
        course_completed.disconnect(dispatch_uid="race")
    assert Completion.objects.filter(user=user).count() == 2
    assert len(received) == 1
    assert LearningEvent.objects.filter(user=user, verb="course_completed").count() == 1
