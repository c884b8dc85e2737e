"""Quizzes: the quiz page, the question bank, and learners' attempts.

A ``QuizPage`` is the last learning item of a module. It is gated like a lesson by the progress
app (``is_learning_item``) but never completed by a "done" button (``self_completable = False``):
passing a graded quiz, or answering every question of a practice run, completes it through
``progress.services.mark_item_complete``.

An attempt keeps a snapshot of the questions it served (answer key included), the order and
the page revision, so that editing a quiz never changes the score of an attempt already taken.

Personal data: ``QuizAttempt`` and ``QuizRecord`` link a learner to their answers and scores;
they must be part of "export my data" and "erase me".

This module must never: take a score, a "correct" flag, an attempt number or a user from the
request (only ``quizzes.services`` writes attempts), nor send ``served`` to a browser.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from content.models import NoViewRestrictionsMixin

from .blocks import QuestionTypesBlock, QuizQuestionsBlock


class QuizMode(models.TextChoices):
    GRADED = "graded", _("Graded: a score and a pass mark")
    PRACTICE = "practice", _("Practice: feedback after each question, no score")


class ShowAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", _("After each attempt")
    AFTER_PASSING = "after_passing", _("Once the learner has passed")
    AFTER_LAST_ATTEMPT = "after_last_attempt", _("When no attempt is left")
    NEVER = "never", _("Never")


class QuizPage(NoViewRestrictionsMixin, Page):
    """A quiz at the end of a module."""

    is_learning_item = True  # gated and tracked by the progress app
    self_completable = False  # completed by passing, never by a "done" button

    intro = models.TextField(_("introduction"), blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=QuizMode.choices, default=QuizMode.GRADED
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Leave empty for unlimited attempts."),
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle the answers"), default=False)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no time limit. Enforced by the server."),
    )
    show_answers = models.CharField(
        _("show the correct answers"),
        max_length=20,
        choices=ShowAnswers.choices,
        default=ShowAnswers.AFTER_EACH_ATTEMPT,
    )
    questions = StreamField(QuizQuestionsBlock(), blank=True, verbose_name=_("questions"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("mode"),
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("show_answers"),
            ],
            heading=_("Quiz settings"),
        ),
        FieldPanel("questions"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")

    @property
    def is_practice(self) -> bool:
        return self.mode == QuizMode.PRACTICE

    @property
    def question_count(self) -> int:
        """How many questions an attempt serves (random draws counted at their size)."""
        count = 0
        for block in self.questions:
            count += block.value["count"] if block.block_type == "bank_draw" else 1
        return count

    @property
    def practises_offline(self) -> bool:
        """A practice quiz that shows its answers can be practised offline, graded on the
        device (its answers are on the page). A graded quiz stays online: its key never leaves
        the server."""
        return self.is_practice and self.show_answers != ShowAnswers.NEVER

    def practice_verdict(self, *, user, question_id: str, response):
        """The server's verdict on an answer given on this quiz's offline practice page, for
        the progress app's client events (``progress.services.record_client_event``).
        Raises ``progress.services.AnswerRejected``; writes nothing."""
        from .selectors import offline_answer_verdict

        return offline_answer_verdict(
            user=user, quiz=self, question_id=question_id, response=response
        )

    def offline_resources(self) -> list[tuple[str, int]]:
        """What "save this module for offline" stores for this quiz (see LessonPage)."""
        if not self.practises_offline:
            return []
        from django.urls import reverse

        from courses.models import PAGE_SHELL_BYTES

        size = PAGE_SHELL_BYTES + 600 * self.question_count
        return [(reverse("quizzes:offline", args=[self.pk]), size)]

    def get_context(self, request, *args, **kwargs):
        from .selectors import quiz_overview

        context = super().get_context(request, *args, **kwargs)
        # The progress app's ``before_serve_page`` hook puts the learner's state here.
        context["learning"] = getattr(request, "learning", None)
        if request.user.is_authenticated:
            context["overview"] = quiz_overview(user=request.user, quiz=self)
        return context


class TaggedBankQuestion(TaggedItemBase):
    content_object = ParentalKey(
        "quizzes.BankQuestion", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BankQuestion(TranslatableMixin, ClusterableModel):
    """A reusable question, tagged by topic; quizzes pick it by hand or draw it at random."""

    title = models.CharField(_("title"), max_length=255)
    question = StreamField(QuestionTypesBlock(min_num=1, max_num=1), verbose_name=_("question"))
    tags = ClusterTaggableManager(through=TaggedBankQuestion, blank=True, verbose_name=_("tags"))
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("title"), FieldPanel("tags"), FieldPanel("question")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("bank question")
        verbose_name_plural = _("bank questions")

    def __str__(self) -> str:
        return self.title


class QuizRecord(models.Model):
    """A learner's standing in one quiz (all its languages): the row that start and submit lock.

    Personal data (links a user to a quiz result).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_records"
    )
    # The QuizPage's translation_key: one record whatever the language of the attempt.
    quiz_key = models.UUIDField()
    attempts_started = models.PositiveIntegerField(default=0)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quiz record")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz_key"], name="quizzes_one_record")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.quiz_key}"


class QuizAttempt(models.Model):
    """One attempt at a quiz. Personal data (a learner's answers and score).

    ``served`` is the snapshot of the questions as plain dicts, answer key included; ``order``
    the question ids in the order shown; the seed fixes the order of choices. Everything the
    grade depends on is in this row.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz_key = models.UUIDField()
    course_key = models.UUIDField()
    # The language version that served the attempt; kept null if the page is deleted.
    quiz = models.ForeignKey(
        "quizzes.QuizPage", null=True, on_delete=models.SET_NULL, related_name="attempts"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(max_length=10, choices=QuizMode.choices, default=QuizMode.GRADED)
    number = models.PositiveIntegerField()
    seed = models.CharField(max_length=32)
    pass_mark = models.PositiveSmallIntegerField(default=70)  # as it was when the attempt began
    shuffle_choices = models.BooleanField(default=False)
    served = models.JSONField(default=list)
    order = models.JSONField(default=list)
    responses = models.JSONField(default=dict, blank=True)
    # Per question: {"score", "max_score", "correct", "feedback", "answered"} once graded.
    results = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz_key", "number"], name="quizzes_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz_key"],
                condition=Q(status="in_progress"),
                name="quizzes_one_open_attempt",
            ),
        ]
        indexes = [models.Index(fields=["quiz_key", "status"], name="quizzes_attempt_quiz")]

    def __str__(self) -> str:
        return f"{self.user_id} attempt {self.number} of {self.quiz_key}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_practice(self) -> bool:
        return self.mode == QuizMode.PRACTICE

    def questions_in_order(self) -> list[dict]:
        by_id = {q["id"]: q for q in self.served}
        return [by_id[qid] for qid in self.order if qid in by_id]
