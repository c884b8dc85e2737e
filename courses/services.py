"""Writes for enrolment. Keyword-only, atomic, safe under double clicks."""

from django.db import transaction
from django.utils import timezone

from .models import CoursePage, Enrolment
from .signals import learner_enrolled, learner_unenrolled


def enrol(*, user, course: CoursePage) -> Enrolment:
    """Enrol ``user`` in ``course`` (every language version). Idempotent."""
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            user=user, course_key=course.translation_key
        )
        reactivated = False
        if not created and not enrolment.is_active:
            enrolment.is_active = True
            enrolment.left_at = None
            enrolment.save(update_fields=["is_active", "left_at"])
            reactivated = True
        if created or reactivated:
            # Sent inside the transaction: the progress app logs the event atomically with it.
            learner_enrolled.send(
                sender=Enrolment,
                user=user,
                course_key=course.translation_key,
                reactivated=reactivated,
            )
    return enrolment


def unenrol(*, user, course: CoursePage) -> bool:
    """Leave a course. Progress is kept: enrolling again picks up where the learner was."""
    with transaction.atomic():
        updated = Enrolment.objects.filter(
            user=user, course_key=course.translation_key, is_active=True
        ).update(is_active=False, left_at=timezone.now())
        if updated:
            learner_unenrolled.send(sender=Enrolment, user=user, course_key=course.translation_key)
    return bool(updated)
