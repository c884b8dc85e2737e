"""Concurrent starts and submits on PostgreSQL, with real threads: never more attempts than
allowed, never two open attempts, exactly one graded result per attempt."""

import pytest

from courses.services import enrol
from progress.models import Completion, LearningEvent
from quizzes import services
from quizzes.models import QuizAttempt, QuizRecord
from tests.concurrency import run_concurrently
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.quizzes import add_quiz, right_answers, wrong_answers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def form_pairs(data):
    pairs = []
    for key, value in data.items():
        pairs.append((key[2:], value))
    return pairs


def setup(max_attempts=3):
    tree = build_course(modules=(1, 1), gating="sequential")
    quiz = add_quiz(tree.modules[0], max_attempts=max_attempts, pass_mark=70)
    user = UserFactory()
    enrol(user=user, course=tree.course)
    return tree, quiz, user


def test_ten_concurrent_starts_open_one_attempt():
    tree, quiz, user = setup()
    key = tree.course.translation_key
    results, errors = run_concurrently(
        [lambda: services.start_attempt(user=user, quiz=quiz, course_key=key)] * 10
    )
    assert not errors, errors
    assert QuizAttempt.objects.filter(user=user).count() == 1
    assert sum(1 for r in results if r.created) == 1
    assert len({r.attempt.pk for r in results}) == 1
    assert QuizRecord.objects.get(user=user).attempts_started == 1


def test_ten_tabs_racing_start_and_fail_never_exceed_max_attempts():
    tree, quiz, user = setup(max_attempts=3)
    key = tree.course.translation_key
    refused = []

    def start_and_fail():
        for _ in range(4):
            try:
                started = services.start_attempt(user=user, quiz=quiz, course_key=key)
            except services.AttemptLimitReached:
                refused.append(1)
                continue
            services.submit_attempt(
                user=user, attempt_id=started.attempt.pk, raw=form_pairs(wrong_answers())
            )

    _results, errors = run_concurrently([start_and_fail] * 10)
    assert not errors, errors
    assert QuizAttempt.objects.filter(user=user).count() == 3
    assert sorted(QuizAttempt.objects.filter(user=user).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]
    assert refused  # the limit was reached and held
    assert QuizRecord.objects.get(user=user).attempts_started == 3


def test_ten_concurrent_submits_grade_once_and_complete_once():
    tree, quiz, user = setup()
    started = services.start_attempt(user=user, quiz=quiz, course_key=tree.course.translation_key)
    pairs = form_pairs(right_answers())
    results, errors = run_concurrently(
        [lambda: services.submit_attempt(user=user, attempt_id=started.attempt.pk, raw=pairs)] * 10
    )
    assert not errors, errors
    attempt = QuizAttempt.objects.get(pk=started.attempt.pk)
    assert attempt.status == "submitted" and attempt.passed
    assert {r.submitted_at for r in results} == {attempt.submitted_at}
    assert QuizAttempt.objects.filter(user=user, status="submitted").count() == 1
    assert Completion.objects.filter(user=user, item_key=quiz.translation_key).count() == 1
    assert (
        LearningEvent.objects.filter(
            user=user, item_key=quiz.translation_key, verb="completed"
        ).count()
        == 1
    )
