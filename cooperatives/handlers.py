"""Thin receivers: one signal, one service call."""

from progress.signals import course_completed

from . import services


def on_course_completed(sender, *, user, course_key, **kwargs):
    services.update_trained_marks(user=user, course_key=course_key)


def connect() -> None:
    course_completed.connect(on_course_completed, dispatch_uid="cooperatives.on_course_completed")
