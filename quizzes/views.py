"""Learner pages of a quiz: start, the attempt (save / submit), practice questions, results.

Views are thin: they decode the request, call one service, and render. Another learner's
attempt answers 404. Malformed answers answer 400 with a message and change nothing.
This module must never put an open attempt's answer key into a response: attempt pages are
rendered from ``grading.public_question`` only.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from progress.learning import item_view, open_item

from . import grading, selectors, services
from .forms import answers_from_request, message_for
from .models import QuizAttempt, QuizPage

QUIZ_ERRORS = {
    "no_attempts_left": gettext_lazy("You have used every attempt at this quiz."),
    "empty_quiz": gettext_lazy("This quiz has no questions yet."),
    "already_passed": gettext_lazy("You have already passed this quiz."),
}


def _wants_json(request) -> bool:
    return request.content_type == "application/json"


def _public_rows(attempt: QuizAttempt, values: dict, error: grading.ResponseError | None):
    """What the attempt page shows: public questions with the values to pre-fill."""
    rows = []
    for number, public in enumerate(selectors.public_questions(attempt), start=1):
        value = values.get(public["id"])
        row = {
            "number": number,
            "q": public,
            "value": value,
            "error": None,
            "points": int(Decimal(public["points"]).to_integral_value()),
        }
        if public["type"] == "multiple":
            row["selected"] = set(value or [])
        elif public["type"] == "ordering":
            placed = list(value or [])
            row["slots"] = [
                {"position": i, "selected": placed[i - 1] if i <= len(placed) else ""}
                for i in range(1, len(public["items"]) + 1)
            ]
        elif public["type"] == "true_false":
            row["selected"] = "" if value is None else ("true" if value else "false")
        if error is not None and error.question_id == public["id"]:
            row["error"] = message_for(error)
        rows.append(row)
    return rows


def _render_attempt(request, attempt, *, values=None, error=None, status=200):
    if attempt.is_practice:
        return _render_practice(request, attempt, error=error, status=status)
    rows = _public_rows(attempt, attempt.responses if values is None else values, error)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "rows": rows,
        "error": message_for(error) if error is not None else None,
        "error_number": next((r["number"] for r in rows if r["error"]), None),
        "answered": len(attempt.responses),
    }
    return render(request, "quizzes/attempt.html", context, status=status)


def _bad_request(request, attempt, error: grading.ResponseError, raw=None):
    if _wants_json(request):
        return JsonResponse(
            {"error": error.code, "message": message_for(error), "question": error.question_id},
            status=400,
        )
    values = None
    if raw is not None and error.code == "missing_answer":
        # Keep what the learner typed on screen (nothing is saved).
        try:
            values = grading.validate_responses(attempt.served, raw, partial=True)
        except grading.ResponseError:
            values = None
    return _render_attempt(request, attempt, values=values, error=error, status=400)


@login_required
@require_POST
def start(request, page_id: int):
    """Start (or continue) an attempt. The learner must be enrolled and the module open."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=page_id)
    view = open_item(user=request.user, page=quiz)
    if view is None:
        raise Http404
    try:
        result = services.start_attempt(
            user=request.user, quiz=quiz, course_key=view.course.translation_key
        )
    except services.QuizError as exc:
        messages.error(request, QUIZ_ERRORS.get(exc.code, QUIZ_ERRORS["empty_quiz"]))
        return redirect(quiz.url)
    return redirect("quizzes:attempt", attempt_id=result.attempt.pk)


@login_required
@require_GET
def attempt_page(request, attempt_id: int):
    attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
    if not attempt.is_open:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    if attempt.deadline and timezone.now() > attempt.deadline + services.GRACE:
        # Time is up: grade what was saved (a deliberate write in the view, never in a template).
        services.submit_attempt(user=request.user, attempt_id=attempt.pk, raw=None)
        messages.info(request, _("Time is up: your saved answers have been graded."))
        return redirect("quizzes:result", attempt_id=attempt.pk)
    return _render_attempt(request, attempt)


@login_required
@require_POST
def save(request, attempt_id: int):
    attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
    try:
        raw = answers_from_request(request, attempt.served)
        result = services.save_answers(user=request.user, attempt_id=attempt.pk, raw=raw)
    except grading.ResponseError as exc:
        return _bad_request(request, attempt, exc)
    except services.AttemptClosed:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    if result.timed_out:
        messages.info(request, _("Time is up: your saved answers have been graded."))
        return redirect("quizzes:result", attempt_id=attempt.pk)
    if _wants_json(request):
        return JsonResponse({"saved": len(result.attempt.responses)})
    messages.success(request, _("Your answers are saved. You can come back later."))
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


@login_required
@require_POST
def submit(request, attempt_id: int):
    attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
    raw = None
    try:
        raw = answers_from_request(request, attempt.served)
        attempt = services.submit_attempt(user=request.user, attempt_id=attempt.pk, raw=raw)
    except grading.ResponseError as exc:
        return _bad_request(request, attempt, exc, raw=raw)
    except services.AttemptClosed:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    url = reverse("quizzes:result", kwargs={"attempt_id": attempt.pk})
    if _wants_json(request):
        return JsonResponse({"result": url, "percent": str(attempt.percent)})
    return redirect(url)


def _render_practice(request, attempt, *, error=None, status=200):
    questions = attempt.questions_in_order()
    answered_id = request.GET.get("answered", "")
    feedback = None
    if answered_id in attempt.results:
        show = attempt.quiz is None or attempt.quiz.show_answers != "never"
        reviewed = selectors.review(attempt, show_answers=show, only={answered_id})
        feedback = reviewed[0] if reviewed else None
    current = next((q for q in questions if q["id"] not in attempt.responses), None)
    row = None
    if current is not None and (feedback is None or error is not None):
        public = grading.public_question(
            current, order_seed=attempt.seed, shuffle_choices=attempt.shuffle_choices
        )
        row = _public_rows_for(attempt, public, error)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "row": row,
        "feedback": feedback,
        "has_next": current is not None,
        "total": len(questions),
        "done": len(attempt.responses),
        "percent": round(100 * len(attempt.responses) / len(questions)) if questions else 0,
        "error": message_for(error) if error is not None else None,
    }
    return render(request, "quizzes/practice.html", context, status=status)


def _public_rows_for(attempt, public, error):
    number = attempt.order.index(public["id"]) + 1
    rows = _public_rows(attempt, {}, error)
    row = next(r for r in rows if r["q"]["id"] == public["id"])
    row["number"] = number
    return row


@login_required
@require_POST
def answer(request, attempt_id: int):
    """Practice: answer the current question, then see its feedback."""
    attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
    try:
        raw = answers_from_request(request, attempt.served)
        result = services.answer_practice_question(
            user=request.user, attempt_id=attempt.pk, raw=raw
        )
    except grading.ResponseError as exc:
        if _wants_json(request) or not attempt.is_practice:
            return _bad_request(request, attempt, exc)
        return _render_practice(request, attempt, error=exc, status=400)
    except services.AttemptClosed:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    url = reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk})
    if result.finished:
        url = reverse("quizzes:result", kwargs={"attempt_id": attempt.pk})
    return redirect(f"{url}?answered={result.question_id}")


@login_required
@require_GET
def result(request, attempt_id: int):
    attempt = selectors.attempt_for(user=request.user, attempt_id=attempt_id)
    if attempt.is_open:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    quiz = attempt.quiz
    overview = selectors.quiz_overview(user=request.user, quiz=quiz) if quiz else None
    if attempt.is_practice:
        show = quiz is None or quiz.show_answers != "never"
    else:
        show = overview is not None and selectors.answers_visible(
            show_answers=quiz.show_answers,
            passed=overview.passed,
            attempts_left=overview.attempts_left,
        )
    learning = None
    if quiz is not None and quiz.live:
        learning, _course, _enrolled = item_view(user=request.user, page=quiz)
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "overview": overview,
        "reviewed": selectors.review(attempt, show_answers=show),
        "answers_shown": show,
        "learning": learning,
        "can_retry": overview is not None and overview.can_start and quiz.live,
    }
    return render(request, "quizzes/result.html", context)


@login_required
@require_GET
def offline_practice(request, page_id: int):
    """A practice quiz on one page, to save for offline use and practise with no network:
    answers are checked on the device (and shown, with JavaScript off), and each one checked is
    queued there and sent to the progress events endpoint, which grades it again
    (``selectors.offline_answer_verdict``). Only practice quizzes that show their answers; a
    graded quiz answers 404 — its key never leaves the server."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=page_id)
    if not quiz.practises_offline:
        raise Http404
    view = open_item(user=request.user, page=quiz)
    if view is None:
        raise Http404
    rows = []
    for number, question in enumerate(
        selectors.offline_questions(user=request.user, quiz=quiz), start=1
    ):
        key = grading.device_key(question)  # the device checks with the server's key and rules
        rows.append(
            {
                "number": number,
                "q": question,
                "correct": key.get("correct", ()),
                "accepted": json.dumps(key.get("accepted", [])),
                "value": key.get("value"),
                "tolerance": key.get("tolerance"),
            }
        )
    return render(
        request,
        "quizzes/offline_practice.html",
        {
            "quiz": quiz,
            "rows": rows,
            "learning": view,
            "rules": json.dumps(grading.DEVICE_RULES),
        },
    )
