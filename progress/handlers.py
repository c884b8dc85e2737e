"""Thin receivers: one signal, one service call."""

from courses.signals import learner_enrolled, learner_unenrolled

from . import services


def on_enrolled(sender, *, user, course_key, reactivated=False, **kwargs):
    services.record_enrolment(user=user, course_key=course_key, reactivated=reactivated)


def on_unenrolled(sender, *, user, course_key, **kwargs):
    services.record_unenrolment(user=user, course_key=course_key)


def connect() -> None:
    learner_enrolled.connect(on_enrolled, dispatch_uid="progress.on_enrolled")
    learner_unenrolled.connect(on_unenrolled, dispatch_uid="progress.on_unenrolled")
