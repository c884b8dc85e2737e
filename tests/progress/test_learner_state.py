"""The learner's state in one course, read by every lesson page in one statement
(progress.selectors.enrolment_and_completions): only this learner, only this course, only an
active enrolment. Runs on SQLite here and on PostgreSQL in CI (make test-db)."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Enrolment
from progress.models import Completion, CourseState
from progress.selectors import enrolment_and_completions
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

COURSE, OTHER_COURSE = uuid.uuid4(), uuid.uuid4()
A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def complete(user, item, course=COURSE):
    Completion.objects.create(
        user=user, item_key=item, course_key=course, completed_at=timezone.now()
    )


def test_someone_never_enrolled_has_nothing():
    assert enrolment_and_completions(user=UserFactory(), course_key=COURSE) == (False, set(), None)


def test_the_learners_completions_and_place_in_this_course_only():
    learner, other = UserFactory(), UserFactory()
    Enrolment.objects.create(user=learner, course_key=COURSE)
    Enrolment.objects.create(user=other, course_key=COURSE)
    complete(learner, A)
    complete(learner, B)
    complete(learner, C, course=OTHER_COURSE)
    complete(other, C)
    CourseState.objects.create(user=learner, course_key=COURSE, last_item_key=B)
    CourseState.objects.create(user=learner, course_key=OTHER_COURSE, last_item_key=C)
    with CaptureQueriesContext(connection) as queries:
        state = enrolment_and_completions(user=learner, course_key=COURSE)
    assert state == (True, {A, B}, B)
    assert all(isinstance(key, uuid.UUID) for key in state[1])
    assert len(queries) == 1


def test_a_learner_who_left_keeps_completions_but_is_not_enrolled():
    learner = UserFactory()
    Enrolment.objects.create(user=learner, course_key=COURSE, is_active=False)
    complete(learner, A)
    CourseState.objects.create(user=learner, course_key=COURSE, last_item_key=None)
    assert enrolment_and_completions(user=learner, course_key=COURSE) == (False, {A}, None)
