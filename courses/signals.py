"""Signals the courses app owns. Receivers live in higher apps' ``handlers.py``."""

from django.dispatch import Signal

# Sent inside the enrolment's transaction: kwargs user, course_key (UUID), reactivated.
learner_enrolled = Signal()
# Sent after a learner leaves a course: kwargs user, course_key.
learner_unenrolled = Signal()
