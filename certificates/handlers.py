"""Thin receivers: one signal, one service call."""

from progress.signals import course_completed

from . import services


def on_course_completed(sender, *, user, course_key, course=None, completed_at=None, **kwargs):
    services.issue_certificate(
        user=user,
        course_key=course_key,
        completed_language=getattr(getattr(course, "locale", None), "language_code", None),
        completed_at=completed_at,
    )


def connect() -> None:
    course_completed.connect(on_course_completed, dispatch_uid="certificates.on_course_completed")
