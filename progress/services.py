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
            _, created = LearningEvent.objects.get_or_create(
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
    LearningEvent.objects.bulk_create(
        [
            LearningEvent(
                user=user,
                verb=LearningEvent.Verb.VIEWED,
                course_key=course_key,
                item_key=item_key,
                occurred_at=now,
                idempotency_key=f"viewed:{user.pk}:{item_key}:{now.isoformat()}",
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
