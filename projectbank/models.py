"""The national bank of cooperative projects: reference data, bank projects, economic-model
templates, unlock rules and unlocks, and learners' own project plans.

Money is ``Decimal`` (``DecimalField`` in the database, strings in JSON), never float. A
published template version is immutable: a change is a new version (a new row). An ``Unlock`` is
an audit record: nothing in the course tree removes it.

Must never: compute figures here (that is :mod:`projectbank.finance`), or be written to by
another app (other apps call :mod:`projectbank.services`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import constants

from . import finance

MONEY = {"max_digits": 14, "decimal_places": 2}


class Localized:
    """``name`` → ``name_ar`` / ``name_fr`` by the active language, Arabic as the fallback."""

    def localized(self, stem: str) -> str:
        lang = (translation.get_language() or "ar").split("-")[0]
        value = getattr(self, f"{stem}_{lang}", "") if lang in ("ar", "fr") else ""
        return value or getattr(self, f"{stem}_ar", "") or getattr(self, f"{stem}_fr", "")


class TargetGroup(models.TextChoices):
    YOUNG = "U", _("Young or unemployed people")
    WOMEN = "W", _("Women")
    EXISTING = "E", _("Existing cooperatives")


class Region(Localized, models.Model):
    """One of Morocco's 12 regions, keyed on its stable code (MA-01 … MA-12)."""

    code = models.CharField(
        _("code"), max_length=5, primary_key=True, choices=constants.Region.choices
    )
    slug = models.SlugField(_("slug"), max_length=10, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_zgh = models.CharField(_("name (Tamazight)"), max_length=100, blank=True)
    seat = models.CharField(_("regional seat"), max_length=60, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.localized("name")


class Sector(Localized, models.Model):
    code = models.CharField(
        _("code"), max_length=3, primary_key=True, choices=constants.Sector.choices
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.localized("name")


class DirectoryEntry(Localized, models.Model):
    """What financing programmes and partners share: names and descriptions in ar/fr."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Figures and terms not checked against the official text: the page says so.
    illustrative = models.BooleanField(_("illustrative"), default=True)

    class Meta:
        abstract = True
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")


class FinancingProgramme(DirectoryEntry):
    """A financing programme. Criteria left empty mean "any" when matching projects."""

    operator = models.CharField(_("operator"), max_length=200, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, verbose_name=_("sectors"), help_text=_("Empty: every sector.")
    )
    for_young = models.BooleanField(_("young or unemployed people"), default=True)
    for_women = models.BooleanField(_("women"), default=True)
    for_existing = models.BooleanField(_("existing cooperatives"), default=True)
    min_amount = models.DecimalField(
        _("minimum amount (MAD)"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    max_amount = models.DecimalField(
        _("maximum amount (MAD)"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )

    class Meta(DirectoryEntry.Meta):
        verbose_name = _("financing programme")
        verbose_name_plural = _("financing programmes")

    def clean(self):
        if (
            self.min_amount is not None
            and self.max_amount is not None
            and self.min_amount > self.max_amount
        ):
            raise ValidationError({"max_amount": _("The maximum must not be below the minimum.")})


class Partner(DirectoryEntry):
    class Kind(models.TextChoices):
        OFFICE = "office", _("Regional delegation of the office")
        INVESTMENT = "investment", _("Regional investment centre")
        CHAMBER = "chamber", _("Chamber")
        AGENCY = "agency", _("Public agency")
        UNIVERSITY = "university", _("University")
        FOUNDATION = "foundation", _("Foundation")
        FINANCE = "finance", _("Bank or microfinance")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    regions = models.ManyToManyField(
        Region, blank=True, verbose_name=_("regions"), help_text=_("Empty: national.")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, verbose_name=_("sectors"), help_text=_("Empty: every sector.")
    )

    class Meta(DirectoryEntry.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")


class TemplateImmutableError(ValidationError):
    """Raised when saving changes to a published template version."""


class EconomicModelTemplate(Localized, models.Model):
    """One version of a ready-made economic model. ``plan`` is :func:`finance.inputs_to_dict`
    output. Once published a version never changes: a new version is a new row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("code"), max_length=12, help_text=_("A short code such as T1."))
    version = models.PositiveIntegerField(_("version"), default=1)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="templates", verbose_name=_("sector")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    illustrative = models.BooleanField(_("illustrative"), default=True)
    plan = models.JSONField(
        _("plan inputs"),
        help_text=_("The model's assumptions, as the finance engine reads them."),
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("economic-model template")
        verbose_name_plural = _("economic-model templates")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="projectbank_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} {self.title}"

    _FROZEN = (
        "code", "version", "title_ar", "title_fr", "summary_ar", "summary_fr", "sector_id",
        "status", "illustrative", "plan",
    )  # fmt: skip

    def save(self, *args, **kwargs):
        if self.changes_published_version():
            raise TemplateImmutableError(
                _("A published template version cannot change: create a new version.")
            )
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def changes_published_version(self) -> bool:
        """True when this object would change a version already published in the database."""
        if self.pk is None:
            return False
        stored = type(self).objects.filter(pk=self.pk).values(*self._FROZEN).first()
        published = stored and stored["status"] == self.Status.PUBLISHED
        return bool(published and any(stored[n] != getattr(self, n) for n in self._FROZEN))

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def summary(self) -> str:
        return self.localized("summary")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def inputs(self) -> finance.PlanInputs:
        return finance.inputs_from_dict(self.plan)

    def clean(self):
        super().clean()
        if self.changes_published_version():
            raise ValidationError(
                _("A published template version cannot change: create a new version.")
            )
        from .plans import plan_errors  # the web layer's translated messages

        errors = plan_errors(self.plan)
        if errors:
            raise ValidationError({"plan": errors})


class BankProject(Localized, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    external_id = models.CharField(
        _("external id"),
        max_length=30,
        unique=True,
        help_text=_("The office's identifier, e.g. PB01; imports match on it."),
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    regions = models.ManyToManyField(Region, related_name="projects", verbose_name=_("regions"))
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="projects", verbose_name=_("sector")
    )
    target_group = models.CharField(_("target group"), max_length=1, choices=TargetGroup.choices)
    investment = models.DecimalField(
        _("investment (MAD)"), validators=[MinValueValidator(0)], **MONEY
    )
    jobs = models.PositiveIntegerField(_("jobs"), default=0)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("E.g. the regional Idéathon.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    illustrative = models.BooleanField(_("illustrative"), default=True)
    template = models.ForeignKey(
        EconomicModelTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("economic model"),
    )
    programmes = models.ManyToManyField(
        FinancingProgramme, blank=True, related_name="projects", verbose_name=_("programmes")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="projects", verbose_name=_("partners")
    )

    class Meta:
        ordering = ["external_id"]
        verbose_name = _("bank project")
        verbose_name_plural = _("bank projects")
        indexes = [models.Index(fields=["status", "sector"], name="projectbank_status_sector")]

    def __str__(self) -> str:
        return f"{self.external_id} {self.title}"

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def summary(self) -> str:
        return self.localized("summary")


class UnlockRule(models.Model):
    """Completing one course (or any / all of several) unlocks a template.

    Courses are named by their CoursePage ``translation_key`` so the rule holds in every
    language and survives page edits and moves.
    """

    class Mode(models.TextChoices):
        ANY = "any", _("Any of these courses")
        ALL = "all", _("All of these courses")

    template = models.ForeignKey(
        EconomicModelTemplate,
        on_delete=models.CASCADE,
        related_name="unlock_rules",
        verbose_name=_("template"),
    )
    course_keys = models.JSONField(
        _("courses"), default=list, help_text=_("Translation keys of the courses.")
    )
    mode = models.CharField(_("mode"), max_length=3, choices=Mode.choices, default=Mode.ANY)

    class Meta:
        verbose_name = _("unlock rule")
        verbose_name_plural = _("unlock rules")

    def __str__(self) -> str:
        return f"{self.template.code}: {self.get_mode_display()} ({len(self.course_keys)})"

    def clean(self):
        import uuid

        try:
            self.course_keys = [str(uuid.UUID(str(key))) for key in self.course_keys or []]
        except (ValueError, TypeError) as exc:
            raise ValidationError(_("Choose courses.")) from exc
        if not self.course_keys:
            raise ValidationError(_("Choose at least one course."))


class Unlock(models.Model):
    """A learner may use a template (every version of its code). Written once, never removed
    by course edits. .. pii: user"""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="template_unlocks"
    )
    template = models.ForeignKey(
        EconomicModelTemplate, on_delete=models.PROTECT, related_name="unlocks"
    )
    rule = models.ForeignKey(
        UnlockRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="unlocks"
    )
    unlocked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("unlock")
        verbose_name_plural = _("unlocks")
        constraints = [
            models.UniqueConstraint(fields=["user", "template"], name="projectbank_one_unlock")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.template_id}"


class ProjectPlan(models.Model):
    """A learner's own plan: a snapshot of a template version's inputs, then their edits.
    .. pii: owner, name"""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_plans"
    )
    name = models.CharField(_("plan name"), max_length=120)
    template = models.ForeignKey(
        EconomicModelTemplate, on_delete=models.PROTECT, related_name="plans"
    )
    # The version copied (the template row is that version; kept for display and audit).
    template_version = models.PositiveIntegerField()
    project = models.ForeignKey(
        BankProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("bank project"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("region")
    )
    inputs = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")

    def __str__(self) -> str:
        return self.name


class PlanVersion(models.Model):
    """Every saved state of a plan, oldest first (number 1 is the copy of the template)."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    inputs = models.JSONField()
    saved_at = models.DateTimeField(default=timezone.now)
    npv = models.DecimalField(max_digits=20, decimal_places=2, null=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="projectbank_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.number}"


class ProjectIdea(models.Model):
    """A project idea proposed by a learner or a cooperative, reviewed by staff and, when
    accepted, published into the bank (the path the regional idea competitions feed).
    .. pii: proposer, cooperative_name"""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        PUBLISHED = "published", _("Published in the bank")
        REJECTED = "rejected", _("Not retained")

    class ProposerKind(models.TextChoices):
        LEARNER = "learner", _("A learner or project holder")
        COOPERATIVE = "cooperative", _("A cooperative")

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_ideas"
    )
    proposer_kind = models.CharField(
        _("proposed by"), max_length=12, choices=ProposerKind.choices, default=ProposerKind.LEARNER
    )
    cooperative_name = models.CharField(_("cooperative name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, default="ar")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=3000)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, verbose_name=_("sector"))
    target_group = models.CharField(_("target group"), max_length=1, choices=TargetGroup.choices)
    investment = models.DecimalField(
        _("estimated investment (MAD)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(_("note to the proposer"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    bank_project = models.OneToOneField(
        BankProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea",
        verbose_name=_("bank project"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")

    def __str__(self) -> str:
        return self.title
