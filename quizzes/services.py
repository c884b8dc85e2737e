"""Writes of quiz attempts: start, save, submit (graded), answer one question (practice), and
the GIFT import into the bank. Keyword-only, atomic, safe under double clicks and concurrency.

Every write that can race first locks the learner's ``QuizRecord`` row (``select_for_update``),
then the attempt row: ten concurrent starts never exceed ``max_attempts`` (and never open two
attempts), ten concurrent submits grade once. The partial unique constraint on open attempts
and the unique attempt number are the backstop.

Time limit (documented choice): an answer or submission that arrives later than the deadline
plus ``GRACE`` is not accepted; the attempt is graded with the answers saved before the deadline
(unanswered questions score 0), ``submitted_at`` is the deadline and ``timed_out`` is set.

Practice quizzes (documented choice): no attempt limit, one question at a time with immediate
feedback, no score; the quiz counts as completed when the learner has answered every question
of one practice run.

This module must never read a score, a "correct" flag, an attempt number, an order or a user
from client input: the client sends answers, everything else is computed here.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.selectors import course_and_outline_for_item
from progress import services as progress_services
from progress.models import LearningEvent

from . import grading
from .models import BankQuestion, QuizAttempt, QuizMode, QuizPage, QuizRecord
from .questions import questions_for_attempt, raw_block

#: How late a submission may arrive after the deadline and still count (network, slow phones).
GRACE = dt.timedelta(seconds=30)


class QuizError(Exception):
    """A request the quiz refuses (not malformed input): limit reached, attempt closed..."""

    code = "quiz_error"

    def __init__(self, code: str | None = None):
        self.code = code or self.code
        super().__init__(self.code)


class AttemptLimitReached(QuizError):
    code = "no_attempts_left"


class AttemptClosed(QuizError):
    code = "attempt_closed"


class EmptyQuiz(QuizError):
    code = "empty_quiz"


class AlreadyPassed(QuizError):
    code = "already_passed"


@dataclass(frozen=True)
class StartResult:
    attempt: QuizAttempt
    created: bool


@dataclass(frozen=True)
class SaveResult:
    attempt: QuizAttempt
    timed_out: bool = False


@dataclass(frozen=True)
class PracticeAnswer:
    attempt: QuizAttempt
    question_id: str
    finished: bool


def _lock_record(*, user, quiz_key) -> QuizRecord:
    QuizRecord.objects.get_or_create(user=user, quiz_key=quiz_key)
    return QuizRecord.objects.select_for_update().get(user=user, quiz_key=quiz_key)


def _lock_attempt(*, user, attempt_id: int) -> tuple[QuizRecord, QuizAttempt]:
    """Lock the learner's record, then the attempt. ``QuizAttempt.DoesNotExist`` when the
    attempt is not the learner's."""
    quiz_key = QuizAttempt.objects.values_list("quiz_key", flat=True).get(pk=attempt_id, user=user)
    record = _lock_record(user=user, quiz_key=quiz_key)
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt_id, user=user)
    return record, attempt


def _expired(attempt: QuizAttempt, now: dt.datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + GRACE


def _result_dict(result: grading.QuestionResult) -> dict:
    return {
        "score": str(result.score),
        "max_score": str(result.max_score),
        "correct": result.correct,
        "feedback": list(result.selected_feedback),
        "answered": result.answered,
    }


def _complete_item(*, user, attempt: QuizAttempt) -> None:
    """Tell the progress app the quiz is done (passing, or a finished practice run)."""
    quiz = attempt.quiz
    if quiz is None:
        return
    course, outline = course_and_outline_for_item(item=quiz)
    if course is None or outline is None:
        return
    try:
        progress_services.mark_item_complete(
            user=user, item_key=attempt.quiz_key, course=course, outline=outline, source="quiz"
        )
    except ValueError:  # the quiz is no longer a live item of the course
        return


def start_attempt(*, user, quiz: QuizPage, course_key) -> StartResult:
    """Open a new attempt, or return the learner's open one ("continue").

    Raises ``AttemptLimitReached`` when a graded quiz has no attempt left, ``AlreadyPassed``
    when the learner has passed it, and ``EmptyQuiz`` when it has no question.
    """
    now = timezone.now()
    with transaction.atomic():
        record = _lock_record(user=user, quiz_key=quiz.translation_key)
        current = (
            QuizAttempt.objects.select_for_update()
            .filter(user=user, quiz_key=quiz.translation_key, status=QuizAttempt.Status.IN_PROGRESS)
            .first()
        )
        if current is not None:
            if not _expired(current, now):
                return StartResult(current, False)
            _grade(user=user, record=record, attempt=current, responses=None, now=now)
        graded = quiz.mode == QuizMode.GRADED
        if graded and record.passed_at is not None:
            raise AlreadyPassed
        if graded and quiz.max_attempts and record.attempts_started >= quiz.max_attempts:
            raise AttemptLimitReached
        seed = secrets.token_hex(8)
        served = questions_for_attempt(quiz, seed)
        if not served:
            raise EmptyQuiz
        grading.validate_responses(served, {}, partial=True)  # QuestionError: authoring bug
        order = grading.attempt_order([q["id"] for q in served], seed, quiz.shuffle_questions)
        record.attempts_started += 1
        record.save(update_fields=["attempts_started"])
        deadline = None
        if graded and quiz.time_limit_minutes:
            deadline = now + dt.timedelta(minutes=quiz.time_limit_minutes)
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    user=user,
                    quiz_key=quiz.translation_key,
                    course_key=course_key,
                    quiz=quiz,
                    revision_id=quiz.live_revision_id,
                    mode=quiz.mode,
                    number=record.attempts_started,
                    seed=seed,
                    pass_mark=quiz.pass_mark,
                    shuffle_choices=quiz.shuffle_choices,
                    served=served,
                    order=order,
                    started_at=now,
                    deadline=deadline,
                )
        except IntegrityError as exc:  # pragma: no cover - the record lock makes this unreachable
            raise AttemptClosed from exc
        progress_services.log_event(
            user=user,
            verb=LearningEvent.Verb.ATTEMPTED,
            course_key=course_key,
            item_key=quiz.translation_key,
            occurred_at=now,
            idempotency_key=f"attempted:{attempt.pk}",
            data={"attempt": attempt.number, "mode": attempt.mode},
        )
    return StartResult(attempt, True)


def save_answers(*, user, attempt_id: int, raw) -> SaveResult:
    """Replace the saved answers of an open attempt with ``raw`` (validated, partial allowed).

    Raises ``grading.ResponseError`` (nothing changes), ``AttemptClosed``, or
    ``QuizAttempt.DoesNotExist``. Past the deadline the attempt is graded as it stood.
    """
    now = timezone.now()
    with transaction.atomic():
        record, attempt = _lock_attempt(user=user, attempt_id=attempt_id)
        if not attempt.is_open or attempt.is_practice:
            raise AttemptClosed
        if _expired(attempt, now):
            _grade(user=user, record=record, attempt=attempt, responses=None, now=now)
            return SaveResult(attempt, timed_out=True)
        responses = grading.validate_responses(attempt.served, raw, partial=True)
        attempt.responses = responses
        attempt.save(update_fields=["responses"])
    return SaveResult(attempt)


def submit_attempt(*, user, attempt_id: int, raw) -> QuizAttempt:
    """Grade an open graded attempt with ``raw`` (every question answered). Idempotent: an
    attempt already graded is returned as it is, so concurrent submits grade once.

    Past the deadline (plus ``GRACE``) ``raw`` is ignored: the saved answers are graded as of the
    deadline. Raises ``grading.ResponseError`` (nothing changes) or ``QuizAttempt.DoesNotExist``.
    """
    now = timezone.now()
    with transaction.atomic():
        record, attempt = _lock_attempt(user=user, attempt_id=attempt_id)
        if not attempt.is_open:
            return attempt
        if attempt.is_practice:
            raise AttemptClosed
        if _expired(attempt, now):
            responses = None
        else:
            responses = grading.validate_responses(attempt.served, raw, partial=True)
            missing = [qid for qid in attempt.order if qid not in responses]
            if missing:  # the first unanswered question, in the order the learner sees
                raise grading.ResponseError("missing_answer", question_id=missing[0])
        _grade(user=user, record=record, attempt=attempt, responses=responses, now=now)
    return attempt


def _grade(*, user, record: QuizRecord, attempt: QuizAttempt, responses, now) -> None:
    """Grade and close ``attempt`` (locked by the caller). ``responses=None``: time is up."""
    timed_out = responses is None
    if timed_out:
        # Saved answers were validated when saved; re-validate against the snapshot anyway.
        try:
            responses = grading.validate_responses(attempt.served, attempt.responses, partial=True)
        except grading.ResponseError:
            responses = {}
    result = grading.grade_attempt(attempt.served, responses)
    attempt.responses = responses
    attempt.results = {r.question_id: _result_dict(r) for r in result.results}
    attempt.status = QuizAttempt.Status.SUBMITTED
    attempt.timed_out = timed_out
    attempt.submitted_at = min(attempt.deadline, now) if timed_out and attempt.deadline else now
    if attempt.is_practice:
        attempt.passed = None
    else:
        attempt.score, attempt.max_score, attempt.percent = (
            result.score,
            result.max_score,
            result.percent,
        )
        attempt.passed = grading.passed(result.percent, attempt.pass_mark)
    # Never rewrite the snapshot: only what grading decides.
    attempt.save(
        update_fields=[
            "responses",
            "results",
            "status",
            "timed_out",
            "submitted_at",
            "score",
            "max_score",
            "percent",
            "passed",
        ]
    )
    if not attempt.is_practice:
        # The learning log (and the xAPI statement): passed or failed, with the score.
        progress_services.log_event(
            user=user,
            verb=LearningEvent.Verb.PASSED if attempt.passed else LearningEvent.Verb.FAILED,
            course_key=attempt.course_key,
            item_key=attempt.quiz_key,
            occurred_at=attempt.submitted_at,
            idempotency_key=f"graded:{attempt.pk}",
            data={
                "attempt": attempt.number,
                "score": str(attempt.score),
                "max_score": str(attempt.max_score),
                "percent": str(attempt.percent),
            },
        )
    if attempt.passed and record.passed_at is None:
        record.passed_at = now
        record.save(update_fields=["passed_at"])
    if attempt.passed:
        _complete_item(user=user, attempt=attempt)


def answer_practice_question(*, user, attempt_id: int, raw) -> PracticeAnswer:
    """Answer one question of a practice run and grade it at once (feedback, no score).

    ``raw`` must hold exactly one answer, to a question not answered yet in this run (a repeat
    is a no-op). Answering the last question finishes the run and completes the quiz.
    Raises ``grading.ResponseError`` (nothing changes), ``AttemptClosed`` or
    ``QuizAttempt.DoesNotExist``.
    """
    now = timezone.now()
    with transaction.atomic():
        record, attempt = _lock_attempt(user=user, attempt_id=attempt_id)
        responses = grading.validate_responses(attempt.served, raw, partial=True)
        if not responses:
            raise grading.ResponseError("empty")
        if len(responses) > 1:
            raise grading.ResponseError("too_many_answers")
        if not attempt.is_practice or not attempt.is_open:
            raise AttemptClosed
        ((question_id, value),) = responses.items()
        if question_id in attempt.responses:
            return PracticeAnswer(attempt, question_id, finished=False)
        question = next(q for q in attempt.served if q["id"] == question_id)
        attempt.responses = {**attempt.responses, question_id: value}
        attempt.results = {
            **attempt.results,
            question_id: _result_dict(grading.grade_question(question, value)),
        }
        finished = len(attempt.responses) == len(attempt.served)
        if finished:
            attempt.status = QuizAttempt.Status.SUBMITTED
            attempt.submitted_at = now
        attempt.save(update_fields=["responses", "results", "status", "submitted_at"])
        if finished:
            _complete_item(user=user, attempt=attempt)
    return PracticeAnswer(attempt, question_id, finished)


@dataclass
class ImportResult:
    imported: list[BankQuestion] = field(default_factory=list)
    errors: list = field(default_factory=list)  # gift.GiftError

    @property
    def ok(self) -> bool:
        return not self.errors


def import_gift(*, text: str | bytes, tag: str, locale) -> ImportResult:
    """Parse a GIFT file and create one bank question per question, tagged with ``tag`` and the
    file's categories. All or nothing: any error in the file imports nothing."""
    from . import gift

    parsed = gift.parse(text)
    if not parsed.ok:
        return ImportResult(errors=parsed.errors)
    result = ImportResult()
    tag = (tag or "").strip()
    with transaction.atomic():
        for question in parsed.questions:
            bank = BankQuestion(
                title=question.get("title", "")[:255] or question["prompt"][:80],
                question=[raw_block(question)],
                locale=locale,
            )
            tags = [t for t in [tag, *question.get("tags", [])] if t]
            bank.tags.set(tags)
            bank.save()
            result.imported.append(bank)
    return result
