"""Quizzes over HTTP: a quiz and the learner's standing, start (or continue) an attempt, save,
submit, answer a practice question, the result.

The same rules as the quiz pages: the quiz must be an open item of a course the learner is
enrolled in (404 otherwise, as the site's start button); another learner's attempt is 404;
malformed answers are 400 with the grading error code and change nothing. Answers are decoded
by ``quizzes.forms`` (duplicate keys refused) and graded by ``quizzes.services`` only.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from progress.learning import open_item
from progress.rest.views import open_item_or_error

from .. import grading, selectors, services
from ..forms import answers_from_request, message_for
from ..models import QuizAttempt, QuizPage
from ..views import QUIZ_ERRORS
from . import serializers as s


class QuizRefused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "quiz_error"


class AttemptClosed(QuizRefused):
    default_code = "attempt_closed"
    default_detail = "This attempt is closed."


def _answers(request, attempt):
    if not (request.content_type or "").startswith("application/json"):
        raise exceptions.UnsupportedMediaType(request.content_type)
    try:
        return answers_from_request(request._request, attempt.served)
    except grading.ResponseError as exc:
        raise _invalid(exc) from None


def _invalid(exc: grading.ResponseError) -> exceptions.ValidationError:
    if exc.question_id:
        return exceptions.ValidationError(
            {f"answers.{exc.question_id}": [message_for(exc)]}, code=exc.code
        )
    return exceptions.ValidationError(message_for(exc), code=exc.code)


def _quiz_or_404(quiz_id: int) -> QuizPage:
    return get_object_or_404(QuizPage.objects.live(), pk=quiz_id)


def _summary(a: QuizAttempt) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "status": a.status,
        "percent": a.percent,
        "passed": a.passed,
        "submitted_at": a.submitted_at,
    }


def _head(attempt: QuizAttempt) -> dict:
    return {
        "id": attempt.pk,
        "quiz": attempt.quiz_id,
        "number": attempt.number,
        "mode": attempt.mode,
        "status": attempt.status,
        "started_at": attempt.started_at,
    }


def _attempt_body(attempt: QuizAttempt) -> dict:
    return {
        **_head(attempt),
        "deadline": attempt.deadline,
        "questions": selectors.public_questions(attempt),
        "saved": attempt.responses if not attempt.is_practice else {},
        "answered": list(attempt.responses),
    }


def _reviewed(r) -> dict:
    return {
        "number": r.number,
        "question": r.public,
        "response": r.response,
        "response_text": r.response_text,
        "right": r.correct,
        "score": r.result.get("score", "0"),
        "max_score": r.result.get("max_score", "0"),
        "feedback": [str(f) for f in r.selected_feedback],
        "explanation": r.explanation,
        "correct_answer": r.correct_answer,
    }


def _result_body(user, attempt: QuizAttempt) -> dict:
    shown = selectors.answers_shown(user=user, attempt=attempt)
    return {
        **_head(attempt),
        "submitted_at": attempt.submitted_at,
        "timed_out": attempt.timed_out,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "pass_mark": attempt.pass_mark,
        "answers_shown": shown,
        "questions": [_reviewed(r) for r in selectors.review(attempt, show_answers=shown)],
    }


class QuizView(APIView):
    """A quiz of a course I follow, with my attempts (403 ``not_enrolled`` / ``locked`` as the
    quiz page answers)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.QuizSerializer, tags=["quizzes"])
    def get(self, request, quiz_id: int):
        quiz = _quiz_or_404(quiz_id)
        _view, course = open_item_or_error(request, quiz)
        o = selectors.quiz_overview(user=request.user, quiz=quiz)
        body = {
            "id": quiz.pk,
            "key": quiz.translation_key,
            "title": quiz.title,
            "intro": quiz.intro,
            "course": course.pk,
            "mode": quiz.mode,
            "pass_mark": quiz.pass_mark,
            "max_attempts": quiz.max_attempts,
            "time_limit_minutes": quiz.time_limit_minutes,
            "question_count": quiz.question_count,
            "attempts_used": o.attempts_used,
            "attempts_left": o.attempts_left,
            "passed": o.passed,
            "best_percent": o.best_percent,
            "can_start": o.can_start,
            "open_attempt": o.open_attempt.pk if o.open_attempt else None,
            "attempts": [_summary(a) for a in o.attempts],
        }
        return Response(s.QuizSerializer(body).data)


class StartView(APIView):
    """Start an attempt, or get my open one back (200 instead of 201)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: s.AttemptSerializer}, tags=["quizzes"])
    def post(self, request, quiz_id: int):
        quiz = _quiz_or_404(quiz_id)
        view = open_item(user=request.user, page=quiz)
        if view is None:
            raise exceptions.NotFound()
        try:
            result = services.start_attempt(
                user=request.user, quiz=quiz, course_key=view.course.translation_key
            )
        except services.QuizError as exc:
            message = QUIZ_ERRORS.get(exc.code, QUIZ_ERRORS["empty_quiz"])
            raise QuizRefused(str(message), code=exc.code) from None
        return Response(
            s.AttemptSerializer(_attempt_body(result.attempt)).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class AttemptView(APIView):
    """My attempt: its public questions while open; its result once submitted."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.AttemptSerializer, tags=["quizzes"])
    def get(self, request, attempt_id: int):
        attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
        if (
            attempt.is_open
            and attempt.deadline
            and timezone.now() > (attempt.deadline + services.GRACE)
        ):
            # Time is up: grade what was saved, as the attempt page does.
            attempt = services.submit_attempt(user=request.user, attempt_id=attempt.pk, raw=None)
        if not attempt.is_open:
            raise exceptions.NotFound()  # see …/result/
        return Response(s.AttemptSerializer(_attempt_body(attempt)).data)


class SaveView(APIView):
    """Save answers of an open graded attempt (partial allowed; replaces the saved ones)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.AnswersSerializer, responses=s.SavedSerializer, tags=["quizzes"])
    def put(self, request, attempt_id: int):
        attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
        raw = _answers(request, attempt)
        try:
            result = services.save_answers(user=request.user, attempt_id=attempt.pk, raw=raw)
        except grading.ResponseError as exc:
            raise _invalid(exc) from None
        except services.AttemptClosed:
            raise AttemptClosed() from None
        body = {"saved": len(result.attempt.responses), "timed_out": result.timed_out}
        return Response(s.SavedSerializer(body).data)


class SubmitView(APIView):
    """Submit a graded attempt with every question answered; returns the result. Submitting
    twice (or at once from two devices) grades once."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.AnswersSerializer, responses=s.ResultSerializer, tags=["quizzes"])
    def post(self, request, attempt_id: int):
        attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
        raw = _answers(request, attempt) if attempt.is_open else None
        try:
            attempt = services.submit_attempt(user=request.user, attempt_id=attempt.pk, raw=raw)
        except grading.ResponseError as exc:
            raise _invalid(exc) from None
        except services.AttemptClosed:
            raise AttemptClosed() from None
        return Response(s.ResultSerializer(_result_body(request.user, attempt)).data)


class PracticeAnswerView(APIView):
    """Practice: answer one question and get its feedback at once."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.AnswersSerializer, responses=s.PracticeAnswerSerializer, tags=["quizzes"]
    )
    def post(self, request, attempt_id: int):
        attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
        raw = _answers(request, attempt)
        try:
            result = services.answer_practice_question(
                user=request.user, attempt_id=attempt.pk, raw=raw
            )
        except grading.ResponseError as exc:
            raise _invalid(exc) from None
        except services.AttemptClosed:
            raise AttemptClosed() from None
        shown = selectors.answers_shown(user=request.user, attempt=result.attempt)
        reviewed = selectors.review(result.attempt, show_answers=shown, only={result.question_id})
        body = {"finished": result.finished, "question": _reviewed(reviewed[0])}
        return Response(s.PracticeAnswerSerializer(body).data)


class ResultView(APIView):
    """The result of a submitted attempt (404 while it is open)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.ResultSerializer, tags=["quizzes"])
    def get(self, request, attempt_id: int):
        attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
        if attempt.is_open:
            raise exceptions.NotFound()
        return Response(s.ResultSerializer(_result_body(request.user, attempt)).data)
