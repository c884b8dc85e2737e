"""Learning progress: what each learner has completed, where they are, what they did.

Rows are keyed on pages' ``translation_key`` — the identity a lesson keeps in every language —
so progress belongs to the lesson, not to one language version of it. This app never stores a
score or a "completed" flag sent by a client: completions are written by ``services`` only.

Personal data: every model here links a user to their learning record; registered for export and
erasure.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Completion(models.Model):
    """One row per learner and learning item, ever (a unique constraint, not a check)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions"
    )
    item_key = models.UUIDField()
    course_key = models.UUIDField()
    completed_at = models.DateTimeField()
    source = models.CharField(max_length=12, default="web")  # web / api / offline

    class Meta:
        verbose_name = _("completion")
        constraints = [
            models.UniqueConstraint(fields=["user", "item_key"], name="progress_one_completion")
        ]
        indexes = [models.Index(fields=["user", "course_key"], name="progress_compl_user_course")]

    def __str__(self) -> str:
        return f"{self.user_id} completed {self.item_key}"


class CourseState(models.Model):
    """A learner's place in a course: the row that completion of the course locks.

    ``completed_at`` is set once, under ``select_for_update``; that is what makes
    ``course_completed`` fire exactly once per learner and course.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_states"
    )
    course_key = models.UUIDField()
    last_item_key = models.UUIDField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("course state")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="progress_one_state")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_key}"


class LearningEvent(models.Model):
    """Append-only log of what learners did. Never updated, never deleted (except on erasure).

    ``idempotency_key`` makes a replayed event (a double click, an offline batch sent twice) a
    no-op.
    """

    class Verb(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        UNENROLLED = "unenrolled", pgettext_lazy("learning event", "left the course")
        VIEWED = "viewed", _("viewed")
        COMPLETED = "completed", _("completed")
        COURSE_COMPLETED = "course_completed", _("completed the course")
        # Quizzes (written by quizzes.services, never by a client).
        ATTEMPTED = "attempted", _("started a quiz attempt")
        PASSED = "passed", _("passed a quiz")
        FAILED = "failed", _("failed a quiz")
        # A practice answer, checked again by the server (client events; never a graded attempt).
        ANSWERED = "answered", _("answered a practice question")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_events"
    )
    verb = models.CharField(max_length=20, choices=Verb.choices)
    course_key = models.UUIDField()
    item_key = models.UUIDField(null=True, blank=True)
    occurred_at = models.DateTimeField()  # the client's clock for offline events
    recorded_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("learning event")
        indexes = [
            models.Index(fields=["user", "course_key", "recorded_at"], name="progress_ev_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verb} {self.item_key or self.course_key}"


class XapiStatement(models.Model):
    """The outbox of xAPI statements: one per learning event, forwarded to the office's Learning
    Record Store by a background task (``progress.tasks.forward_statement``), never during the
    learner's request. ``statement_id`` is derived from the event's idempotency key, so a
    statement sent twice (a retry after a timeout) is stored once by the LRS.

    Personal data through its event (the statement's actor is the learner's account number,
    never a name, email or phone); registered for export and erasure.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed (no more retries)")

    event = models.OneToOneField(LearningEvent, on_delete=models.CASCADE, related_name="xapi")
    statement_id = models.UUIDField(unique=True)
    statement = models.JSONField()
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("xAPI statement")

    def __str__(self) -> str:
        return f"{self.statement_id} ({self.status})"
