"""Writes of learning progress. Keyword-only, atomic, safe under double clicks and replays.

Order of a completion: check (the caller has checked enrolment and gating) → write the
completion under the course-state row lock → log the event → if the course is now complete, set
``completed_at`` once and send ``course_completed`` after commit.
"""

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import CoursePage
from courses.selectors import Outline, cached_outline

from . import xapi
from .models import Completion, CourseState, LearningEvent
from .signals import course_completed


@dataclass(frozen=True)
class CompletionResult:
    created: bool
    course_completed: bool


def record_event(
    *,
    user,
    verb: str,
    course_key: UUID,
    idempotency_key: str,
    item_key: UUID | None = None,
    occurred_at: dt.datetime | None = None,
    data: dict | None = None,
) -> bool:
    """Append an event unless one with the same idempotency key exists. Returns True if new."""
    try:
        with transaction.atomic():
            event, created = LearningEvent.objects.get_or_create(
                idempotency_key=idempotency_key,
                defaults={
                    "user": user,
                    "verb": verb,
                    "course_key": course_key,
                    "item_key": item_key,
                    "occurred_at": occurred_at or timezone.now(),
                    "data": data or {},
                },
            )
            if created:
                xapi.queue(event)  # the outbox row (no-op without an LRS)
    except IntegrityError:  # a concurrent insert of the same key won
        return False
    return created


def record_enrolment(*, user, course_key: UUID, reactivated: bool = False) -> None:
    CourseState.objects.get_or_create(user=user, course_key=course_key)
    now = timezone.now()
    record_event(
        user=user,
        verb=LearningEvent.Verb.ENROLLED,
        course_key=course_key,
        idempotency_key=f"enrolled:{user.pk}:{course_key}:{now.isoformat()}",
        occurred_at=now,
        data={"reactivated": reactivated},
    )


def record_unenrolment(*, user, course_key: UUID) -> None:
    now = timezone.now()
    record_event(
        user=user,
        verb=LearningEvent.Verb.UNENROLLED,
        course_key=course_key,
        idempotency_key=f"unenrolled:{user.pk}:{course_key}:{now.isoformat()}",
        occurred_at=now,
    )


def record_view(
    *, user, item_key: UUID, course_key: UUID, previous_item_key: UUID | None = None
) -> None:
    """Remember where the learner is; log a "viewed" event when they move to another item.

    No query when the caller already knows the learner is on this item (a reload); otherwise a
    conditional update, and an event insert when the position moved.
    """
    if previous_item_key is not None and previous_item_key == item_key:
        return
    now = timezone.now()
    moved = (
        CourseState.objects.filter(user=user, course_key=course_key)
        .exclude(last_item_key=item_key)
        .update(last_item_key=item_key, last_seen_at=now)
    )
    if not moved:
        _, created = CourseState.objects.get_or_create(
            user=user,
            course_key=course_key,
            defaults={"last_item_key": item_key, "last_seen_at": now},
        )
        if not created:
            return  # still on the same item: nothing new to log
    log_event(
        user=user,
        verb=LearningEvent.Verb.VIEWED,
        course_key=course_key,
        item_key=item_key,
        occurred_at=now,
        idempotency_key=f"viewed:{user.pk}:{item_key}:{now.isoformat()}",
    )


def log_event(
    *,
    user,
    verb: str,
    course_key: UUID,
    idempotency_key: str,
    item_key: UUID | None = None,
    occurred_at: dt.datetime | None = None,
    data: dict | None = None,
) -> None:
    """``record_event`` for callers that do not need to know whether the event is new (views,
    quiz attempts): one INSERT that ignores a replayed key, unless an LRS is configured and the
    row is needed for its xAPI statement."""
    if xapi.enabled():
        record_event(
            user=user,
            verb=verb,
            course_key=course_key,
            item_key=item_key,
            occurred_at=occurred_at,
            idempotency_key=idempotency_key,
            data=data,
        )
        return
    LearningEvent.objects.bulk_create(
        [
            LearningEvent(
                user=user,
                verb=verb,
                course_key=course_key,
                item_key=item_key,
                occurred_at=occurred_at or timezone.now(),
                idempotency_key=idempotency_key,
                data=data or {},
            )
        ],
        ignore_conflicts=True,
    )


def mark_item_complete(
    *,
    user,
    item_key: UUID,
    course: CoursePage,
    outline: Outline | None = None,
    source: str = "web",
    occurred_at: dt.datetime | None = None,
    idempotency_key: str | None = None,
) -> CompletionResult:
    """Complete one learning item for ``user``; complete the course when it was the last one.

    Safe to call twice at once: the course-state row is locked first, the completion is unique,
    and the event has an idempotency key. ``course_completed`` is sent once, after commit.
    """
    outline = outline or cached_outline(course=course)
    required = set(outline.item_keys)
    if item_key not in required:
        raise ValueError("item is not a learning item of this course")
    course_key = course.translation_key
    now = timezone.now()
    when = min(occurred_at, now) if occurred_at else now
    with transaction.atomic():
        CourseState.objects.get_or_create(user=user, course_key=course_key)
        state = CourseState.objects.select_for_update().get(user=user, course_key=course_key)
        _, created = Completion.objects.get_or_create(
            user=user,
            item_key=item_key,
            defaults={"course_key": course_key, "completed_at": when, "source": source},
        )
        if created:
            record_event(
                user=user,
                verb=LearningEvent.Verb.COMPLETED,
                course_key=course_key,
                item_key=item_key,
                occurred_at=when,
                idempotency_key=idempotency_key or f"completed:{user.pk}:{item_key}",
                data={"source": source},
            )
        finished = False
        if state.completed_at is None:
            done = Completion.objects.filter(user=user, item_key__in=required).count()
            if required and done >= len(required):
                state.completed_at = now
                state.save(update_fields=["completed_at"])
                record_event(
                    user=user,
                    verb=LearningEvent.Verb.COURSE_COMPLETED,
                    course_key=course_key,
                    occurred_at=now,
                    idempotency_key=f"course_completed:{user.pk}:{course_key}",
                )
                finished = True
                transaction.on_commit(
                    lambda: course_completed.send(
                        sender=CourseState,
                        user=user,
                        course_key=course_key,
                        course=course,
                        completed_at=now,
                    )
                )
    return CompletionResult(created=created, course_completed=finished)


#: What an offline client may report. Everything else (a quiz pass, a course completion) is
#: decided here, never taken from the client; an answer is checked again by the server.
CLIENT_VERBS = (
    LearningEvent.Verb.VIEWED,
    LearningEvent.Verb.COMPLETED,
    LearningEvent.Verb.ANSWERED,
)


@dataclass(frozen=True)
class ClientEventResult:
    status: str  # "recorded", "duplicate" or "rejected"
    #: why it was rejected: not_found, not_enrolled, locked, not_completable; for an answer
    #: also not_practice, unknown_question, invalid_answer
    code: str = ""
    course_completed: bool = False


@dataclass(frozen=True)
class AnswerVerdict:
    """The server's own verdict on a practice answer a client reported."""

    question: str  # the question's id
    kind: str  # single, multiple, true_false, numeric, short_text, ordering
    response: object  # the answer, normalised (JSON-serialisable)
    correct: bool


class AnswerRejected(ValueError):
    """An answer a learning item will not take; ``code`` goes back to the client."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def record_client_event(
    *,
    user,
    page,
    verb: str,
    occurred_at: dt.datetime,
    client_key: str,
    question: str = "",
    response: object = None,
) -> ClientEventResult:
    """Apply one event an app recorded (possibly offline): the learner viewed or completed a
    learning item, or answered one of its practice questions, at ``occurred_at`` (the client's
    clock, never later than now).

    The same gating as the site: enrolled, open module, and only items a learner completes
    themselves (a quiz is passed, never reported done). ``client_key`` is the client's
    idempotency key: the same event sent twice — even in two batches at once — is recorded once.

    An answer (``question`` and ``response``) is graded again by the item itself (a learning
    item that takes practice answers has ``practice_verdict``: a quiz that practises offline),
    and the server's verdict is what is recorded — never one sent by the client. It is a
    learning event only: never a graded attempt, never a completion.
    """
    from .learning import item_view

    if page is None or not getattr(page, "is_learning_item", False):
        return ClientEventResult("rejected", "not_found")
    view, course, enrolled = item_view(user=user, page=page)
    if course is None or (enrolled and view is None):
        return ClientEventResult("rejected", "not_found")
    if not enrolled:
        return ClientEventResult("rejected", "not_enrolled")
    if not view.is_open:
        return ClientEventResult("rejected", "locked")
    when = min(occurred_at, timezone.now())
    key = f"client:{user.pk}:{client_key}"
    if verb == LearningEvent.Verb.ANSWERED:
        return _record_client_answer(
            user=user,
            page=page,
            course_key=course.translation_key,
            when=when,
            key=key,
            question=question,
            response=response,
        )
    if verb == LearningEvent.Verb.COMPLETED:
        if not getattr(page, "self_completable", True):
            return ClientEventResult("rejected", "not_completable")
        # Not redundant with mark_item_complete: a replay of this very event would come back
        # "duplicate" from the unique completion, but a key already spent on another event
        # (another item, a view) would complete this item with no event logged.
        if LearningEvent.objects.filter(idempotency_key=key).exists():
            return ClientEventResult("duplicate")
        result = mark_item_complete(
            user=user,
            item_key=page.translation_key,
            course=course,
            outline=view.outline,
            source="offline",
            occurred_at=when,
            idempotency_key=key,
        )
        return ClientEventResult(
            "recorded" if result.created else "duplicate",
            course_completed=result.course_completed,
        )
    created = record_event(
        user=user,
        verb=LearningEvent.Verb.VIEWED,
        course_key=course.translation_key,
        item_key=page.translation_key,
        occurred_at=when,
        idempotency_key=key,
        data={"source": "offline"},
    )
    return ClientEventResult("recorded" if created else "duplicate")


def _record_client_answer(
    *, user, page, course_key: UUID, when: dt.datetime, key: str, question: str, response
) -> ClientEventResult:
    verdict_of = getattr(page, "practice_verdict", None)
    if verdict_of is None:
        return ClientEventResult("rejected", "not_practice")
    if LearningEvent.objects.filter(idempotency_key=key).exists():
        return ClientEventResult("duplicate")  # even if the quiz has changed since
    if not question or response is None:
        return ClientEventResult("rejected", "invalid_answer")
    try:
        verdict = verdict_of(user=user, question_id=question, response=response)
    except AnswerRejected as exc:
        return ClientEventResult("rejected", exc.code)
    created = record_event(
        user=user,
        verb=LearningEvent.Verb.ANSWERED,
        course_key=course_key,
        item_key=page.translation_key,
        occurred_at=when,
        idempotency_key=key,
        data={
            "source": "offline",
            "question": verdict.question,
            "type": verdict.kind,
            "response": verdict.response,
            "correct": verdict.correct,
        },
    )
    return ClientEventResult("recorded" if created else "duplicate")
