"""Double clicks and concurrent completions on PostgreSQL, with real threads."""

import pytest

from courses.services import enrol
from progress import services
from progress.models import Completion, LearningEvent
from progress.signals import course_completed
from tests.concurrency import run_all_without_errors
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_done_clicks_leave_one_completion_and_one_event():
    tree = build_course(modules=(3,))
    user = UserFactory()
    enrol(user=user, course=tree.course)
    key = tree.lessons[0].translation_key

    def click():
        services.mark_item_complete(user=user, item_key=key, course=tree.course)

    run_all_without_errors([click] * 8)
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
        run_all_without_errors(
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
