"""Shared helpers for the quiz tests: a course with a quiz, an enrolled learner, an attempt."""

from django.urls import reverse

from courses.services import enrol
from quizzes.models import QuizAttempt
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.quizzes import add_quiz


def course_with_quiz(*, modules=(1, 1), gating="free", **quiz_fields):
    tree = build_course(modules=modules, gating=gating)
    quiz = add_quiz(tree.modules[0], **quiz_fields)
    return tree, quiz


def learner(client, tree, user=None):
    user = user or UserFactory()
    enrol(user=user, course=tree.course)
    client.force_login(user)
    return user


def start(client, quiz) -> QuizAttempt:
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302, response.status_code
    return QuizAttempt.objects.order_by("-pk").first()


def url(name, attempt) -> str:
    return reverse(f"quizzes:{name}", kwargs={"attempt_id": attempt.pk})
