"""Reads of quizzes: a learner's standing in a quiz, one attempt (scoped to its owner), what a
result page may show, and the trainers' item analysis.

Query counts do not grow with the number of questions. This module must never return the
answer key of an open attempt to a caller that renders for the learner: open attempts are
shown through ``public_questions`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404

from progress.services import AnswerRejected, AnswerVerdict

from . import grading
from .models import QuizAttempt, QuizMode, QuizPage, QuizRecord, ShowAnswers
from .questions import questions_for_attempt


@dataclass
class QuizOverview:
    quiz: QuizPage
    attempts: list[QuizAttempt]  # submitted, newest first
    open_attempt: QuizAttempt | None
    attempts_used: int
    passed: bool
    best_percent: Decimal | None = None
    practice_runs: int = 0

    @property
    def attempts_left(self) -> int | None:
        if self.quiz.mode == QuizMode.PRACTICE or not self.quiz.max_attempts:
            return None
        return max(0, self.quiz.max_attempts - self.attempts_used)

    @property
    def can_start(self) -> bool:
        """Start or continue: an open attempt, or attempts left and (graded) not passed yet."""
        if self.open_attempt is not None:
            return True
        if self.quiz.mode == QuizMode.GRADED and self.passed:
            return False
        return self.attempts_left != 0


def quiz_overview(*, user, quiz: QuizPage) -> QuizOverview:
    """The learner's attempts at ``quiz`` (every language). Two queries."""
    rows = list(
        QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key)
        .defer("served", "responses", "results", "order")
        .order_by("-number")
    )
    record = (
        QuizRecord.objects.filter(user=user, quiz_key=quiz.translation_key)
        .values("attempts_started", "passed_at")
        .first()
        or {}
    )
    submitted = [a for a in rows if not a.is_open]
    graded = [a for a in submitted if not a.is_practice]
    return QuizOverview(
        quiz=quiz,
        attempts=graded,
        open_attempt=next((a for a in rows if a.is_open), None),
        attempts_used=len([a for a in rows if not a.is_practice]),
        passed=bool(record.get("passed_at")),
        best_percent=max((a.percent for a in graded if a.percent is not None), default=None),
        practice_runs=len([a for a in submitted if a.is_practice]),
    )


def attempt_for(*, user, attempt_id: int) -> QuizAttempt:
    """The learner's own attempt; anybody else's answers 404."""
    if not user.is_authenticated:
        raise Http404
    attempt = QuizAttempt.objects.filter(pk=attempt_id, user=user).select_related("quiz").first()
    if attempt is None:
        raise Http404
    return attempt


def public_questions(attempt: QuizAttempt) -> list[dict]:
    """The attempt's questions as the browser may see them, in the attempt's order."""
    return [
        grading.public_question(q, order_seed=attempt.seed, shuffle_choices=attempt.shuffle_choices)
        for q in attempt.questions_in_order()
    ]


def answers_visible(*, show_answers: str, passed: bool, attempts_left: int | None) -> bool:
    """Whether a submitted graded attempt may show the correct answers (the quiz setting)."""
    if show_answers == ShowAnswers.AFTER_EACH_ATTEMPT:
        return True
    if show_answers == ShowAnswers.AFTER_PASSING:
        return passed
    if show_answers == ShowAnswers.AFTER_LAST_ATTEMPT:
        return attempts_left == 0
    return False


def answers_shown(*, user, attempt: QuizAttempt, overview: QuizOverview | None = None) -> bool:
    """Whether a submitted attempt's review shows the correct answers: a practice attempt
    unless its quiz never shows them; a graded one as the quiz setting says (see
    ``answers_visible``). Pass ``overview`` when the caller has it already."""
    quiz = attempt.quiz
    if attempt.is_practice:
        return quiz is None or quiz.show_answers != ShowAnswers.NEVER
    if quiz is None:
        return False
    overview = overview or quiz_overview(user=user, quiz=quiz)
    return answers_visible(
        show_answers=quiz.show_answers,
        passed=overview.passed,
        attempts_left=overview.attempts_left,
    )


@dataclass
class ReviewedQuestion:
    """One question of a submitted attempt, for the result page."""

    number: int
    public: dict
    result: dict
    response: object
    feedback: str
    explanation: str
    selected_feedback: list[str]
    correct_answer: list[str] = field(default_factory=list)  # empty when answers are hidden
    response_text: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return bool(self.result.get("correct"))


def _texts(question: dict, ids) -> list[str]:
    pool = {c["id"]: c["text"] for c in question.get("choices", []) + question.get("items", [])}
    return [pool.get(i, "") for i in ids]


def _response_text(question: dict, value) -> list[str]:
    from django.utils.translation import gettext as _

    if value is None:
        return []
    kind = question["type"]
    if kind == "single":
        return _texts(question, [value])
    if kind in ("multiple", "ordering"):
        return _texts(question, value)
    if kind == "true_false":
        return [_("True") if value else _("False")]
    return [str(value)]


def _correct_answer(question: dict) -> list[str]:
    from django.utils.translation import gettext as _

    kind = question["type"]
    if kind in ("single", "multiple"):
        return [c["text"] for c in question["choices"] if c.get("correct")]
    if kind == "ordering":
        return [i["text"] for i in question["items"]]
    if kind == "true_false":
        return [_("True") if question.get("answer") else _("False")]
    if kind == "numeric":
        if question.get("tolerance") not in (None, "", "0"):
            return [
                _("%(value)s (± %(tolerance)s)")
                % {"value": question["value"], "tolerance": question["tolerance"]}
            ]
        return [question["value"]]
    if kind == "short_text":
        return list(question.get("accepted", []))
    return []


def review(attempt: QuizAttempt, *, show_answers: bool, only: set[str] | None = None):
    """Submitted (or, in practice, answered) questions with results, feedback, explanation and,
    when ``show_answers``, the correct answer. ``only`` limits to some question ids."""
    reviewed = []
    for number, question in enumerate(attempt.questions_in_order(), start=1):
        qid = question["id"]
        if qid not in attempt.results or (only is not None and qid not in only):
            continue
        value = attempt.responses.get(qid)
        reviewed.append(
            ReviewedQuestion(
                number=number,
                public=grading.public_question(
                    question, order_seed=attempt.seed, shuffle_choices=attempt.shuffle_choices
                ),
                result=attempt.results[qid],
                response=value,
                feedback=question.get("feedback", ""),
                explanation=question.get("explanation", ""),
                selected_feedback=attempt.results[qid].get("feedback", []),
                correct_answer=_correct_answer(question) if show_answers else [],
                response_text=_response_text(question, value),
            )
        )
    return reviewed


@dataclass
class QuestionStats:
    number: int
    question: dict
    attempts: int
    facility: Decimal | None
    discrimination: Decimal | None
    distractors: list[dict]

    @property
    def verdict(self) -> str:
        """A word for trainers: too easy, too hard, misleading (negative discrimination)."""
        from django.utils.translation import gettext as _

        if self.discrimination is not None and self.discrimination < 0:
            return _("Misleading: strong learners miss it more than weak ones")
        if self.facility is not None and self.attempts >= 5:
            if self.facility >= Decimal("0.9"):
                return _("Too easy")
            if self.facility <= Decimal("0.3"):
                return _("Too hard")
        return ""


@dataclass
class QuizAnalysis:
    attempts: int
    distribution: list[dict]
    questions: list[QuestionStats]
    mean_percent: Decimal | None

    @property
    def max_bucket(self) -> int:
        return max([b["count"] for b in self.distribution] + [1])


def quiz_analysis(*, quiz: QuizPage) -> QuizAnalysis:
    """Item analysis over every submitted graded attempt at ``quiz`` (all languages). One query.

    Questions are those the attempts served (their snapshots), in the order first seen, so
    random bank draws and questions edited since are analysed as they were asked.
    """
    rows = list(
        QuizAttempt.objects.filter(
            quiz_key=quiz.translation_key,
            status=QuizAttempt.Status.SUBMITTED,
            mode=QuizMode.GRADED,
        )
        .order_by("submitted_at", "pk")
        .values("served", "responses", "results", "percent")
    )
    questions: dict[str, dict] = {}
    attempts = []
    for row in rows:
        for question in row["served"]:
            questions.setdefault(question["id"], question)
        attempts.append(
            {
                "responses": row["responses"],
                "results": {
                    qid: Decimal(r["score"]) / Decimal(r["max_score"])
                    if Decimal(r["max_score"])
                    else Decimal(0)
                    for qid, r in row["results"].items()
                },
                "percent": row["percent"] or 0,
            }
        )
    report = grading.item_analysis(list(questions.values()), attempts)
    stats = [
        QuestionStats(
            number=n,
            question=questions[item["question_id"]],
            attempts=item["attempts"],
            facility=item["facility"],
            discrimination=item["discrimination"],
            distractors=item["distractors"],
        )
        for n, item in enumerate(report["questions"], start=1)
    ]
    percents = [Decimal(row["percent"]) for row in rows if row["percent"] is not None]
    mean = (sum(percents) / len(percents)).quantize(Decimal("0.1")) if percents else None
    return QuizAnalysis(
        attempts=report["attempts"],
        distribution=report["score_distribution"],
        questions=stats,
        mean_percent=mean,
    )


def best_scores(*, users, quiz_keys) -> dict[tuple[int, object], Decimal]:
    """Each learner's best graded percent per quiz, keyed (user id, quiz key). ONE query.

    ``users`` is a list of user ids or a queryset of them (a subquery: the query does not grow
    with the number of learners). Used by cooperative dashboards; never returns answers.
    """
    from django.db.models import Max

    if not quiz_keys:
        return {}
    rows = (
        QuizAttempt.objects.filter(
            user_id__in=users,
            quiz_key__in=quiz_keys,
            status=QuizAttempt.Status.SUBMITTED,
            mode=QuizMode.GRADED,
        )
        .values("user_id", "quiz_key")
        .annotate(best=Max("percent"))
        .values_list("user_id", "quiz_key", "best")
    )
    return {(user_id, quiz_key): best for user_id, quiz_key, best in rows if best is not None}


def offline_questions(*, user, quiz: QuizPage) -> list[dict]:
    """The questions of ``quiz``'s offline practice page for ``user``, answer key included
    (practice quizzes that show their answers only). Random draws are fixed per learner, so the
    server checks an answer against the very question the saved page showed."""
    return questions_for_attempt(quiz, seed=f"offline:{user.pk}")


def offline_answer_verdict(*, user, quiz: QuizPage, question_id: str, response) -> AnswerVerdict:
    """Grade again, on the server, an answer given on the offline practice page.

    The device checked it already; that verdict is never asked for. A graded quiz takes no
    answer here (``not_practice``), an answer to a question that is not on the learner's page is
    ``unknown_question``, a malformed or empty one ``invalid_answer``.
    """
    if not quiz.practises_offline:
        raise AnswerRejected("not_practice")
    question = next(
        (q for q in offline_questions(user=user, quiz=quiz) if q["id"] == question_id), None
    )
    if question is None:
        raise AnswerRejected("unknown_question")
    try:
        given = grading.validate_responses([question], {question_id: response}, partial=True)
    except grading.ResponseError as exc:
        raise AnswerRejected("invalid_answer") from exc
    if question_id not in given:  # null: not answered
        raise AnswerRejected("invalid_answer")
    result = grading.grade_question(question, given[question_id])
    return AnswerVerdict(
        question=question_id,
        kind=question["type"],
        response=given[question_id],
        correct=result.correct,
    )
