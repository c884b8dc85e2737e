"""The course tree and enrolment.

``CourseIndexPage > CoursePage > ModulePage > LessonPage``. Every page of a course exists once
per language, linked by Wagtail's ``translation_key``; enrolment (and, in the progress app,
completion) is keyed on that key, so that a learner who switches language keeps their place.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.constants import Sector
from content.blocks import BaseStreamBlock
from content.models import FastRoutingMixin, NoViewRestrictionsMixin


class CourseIndexPage(FastRoutingMixin, NoViewRestrictionsMixin, Page):
    """The catalogue."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from .selectors import catalogue

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = catalogue(index_page=self, user=request.user, params=request.GET)
        return context


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class GatingMode(models.TextChoices):
    FREE = "free", _("Free order: any module at any time")
    SEQUENTIAL = "sequential", _("Sequential: finish each module to open the next")


class CompletionMode(models.TextChoices):
    DONE_BUTTON = "done_button", _("The learner reaches the end and presses “Mark as done”")
    ON_VIEW = "on_view", _("Opening the lesson completes it")


class CoursePage(NoViewRestrictionsMixin, Page):
    code = models.CharField(
        _("course code"), max_length=12, blank=True, help_text=_("A short code such as C1.")
    )
    summary = models.TextField(_("summary"), max_length=500)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default="beginner")
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=4,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices, blank=True)
    gating = models.CharField(
        _("module order"), max_length=12, choices=GatingMode.choices, default=GatingMode.FREE
    )
    completion_mode = models.CharField(
        _("what completes a lesson"),
        max_length=12,
        choices=CompletionMode.choices,
        default=CompletionMode.DONE_BUTTON,
    )
    description = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("description"))

    content_panels = Page.content_panels + [
        FieldPanel("code"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("estimated_hours"),
                FieldPanel("sector"),
                FieldPanel("gating"),
                FieldPanel("completion_mode"),
            ],
            heading=_("Course settings"),
        ),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("level"),
        index.FilterField("sector"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    @property
    def hours(self):
        """Estimated hours as a whole number ("about 3 hours"), at least 1."""
        return max(1, round(self.estimated_hours or 0))

    @property
    def is_sequential(self) -> bool:
        return self.gating == GatingMode.SEQUENTIAL

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The progress app's ``before_serve_page`` hook puts outline and progress here.
        context["learning"] = getattr(request, "learning", None)
        return context


class ModulePage(Page):
    summary = models.TextField(_("summary"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = _("module")

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: its place is in the course outline.
        from django.shortcuts import redirect

        course = self.get_parent()
        return redirect(f"{course.url}#module-{self.pk}")


class LessonPage(NoViewRestrictionsMixin, Page):
    """A short lesson (10–20 minutes), the basic learning item."""

    is_learning_item = True  # gated and tracked by the progress app
    self_completable = True  # the learner completes it ("done" or on view); a quiz is passed

    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=15, validators=[MaxValueValidator(240)]
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The progress app's ``before_serve_page`` hook puts the learner's state here.
        learning = context["learning"] = getattr(request, "learning", None)
        # Everything the page's shared text depends on besides the tree version (content.shell;
        # the learner's own parts are {% live %} in the template). Never a preview (a draft is
        # not the published page), nor with a query string (the language links carry it).
        if not getattr(request, "is_preview", False) and not request.META.get("QUERY_STRING"):
            signed_in, enrolled = request.user.is_authenticated, learning is not None
            context["shell_key"] = (
                f"lesson:{self.pk}:{get_language()}:{request.path}:{signed_in:d}{enrolled:d}"
            )
        return context

    def offline_resources(self) -> list[tuple[str, int]]:
        """What "save this module for offline" stores for this lesson: (url, approximate bytes)
        for the page and the rendition its images show. Audio, video and documents are left
        out: they are large, and their blocks say their size."""
        resources = [(self.url, PAGE_SHELL_BYTES + len(str(self.body).encode()))]
        for block in self.body:
            if block.block_type == "image" and block.value.get("image"):
                rendition = block.value["image"].get_rendition("width-720|format-webp")
                resources.append((rendition.url, rendition.file.size))
        return resources


#: What a page weighs around its content (header, inline CSS, footer), uncompressed.
PAGE_SHELL_BYTES = 12_000


class Enrolment(models.Model):
    """A learner's enrolment in a course (all language versions of it).

    Personal data: links a user to a course; registered for export and erasure.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    # The CoursePage's translation_key: one enrolment whatever the language the learner reads.
    course_key = models.UUIDField(db_index=True)
    is_active = models.BooleanField(default=True)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="courses_one_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.course_key}"
