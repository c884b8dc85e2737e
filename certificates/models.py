"""Certificates: what a learner earned by completing a course, frozen when it was issued.

A certificate is a snapshot — the learner's name, the course titles, hours, completion date and
issuing body as they were at issue — so later edits of a profile or a course change nothing
already issued. Exactly one *valid* certificate per learner and course, enforced by a partial
unique constraint (revoked and withdrawn ones stay as history). The verification code is the
public handle (``codes``); the numeric id never leaves the server.

Personal data: the learner link and the printed name. On account erasure a certificate is kept
and *withdrawn* (``accounts.privacy.KEEP_WITHDRAWN``): the link and the name are removed, the
verification page says "withdrawn" and shows no name.

Must never: be written by another app (other apps call ``certificates.services``), or hold a name
that did not go through ``accounts.validators``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.validators import NAME_MAX_LENGTH

from . import codes

# The PDF variants a learner can download: one per language, plus Arabic and French side by
# side as official Moroccan documents often are.
PDF_LANGUAGES = ("ar", "fr", "zgh", "en", "ar-fr")


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", pgettext_lazy("certificate status", "valid")
        REVOKED = "revoked", pgettext_lazy("certificate status", "revoked")
        WITHDRAWN = "withdrawn", pgettext_lazy("certificate status", "withdrawn")

    # Public identity of the credential (``urn:uuid:…``) and of its files' folder.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("verification code"), max_length=codes.LENGTH, unique=True, default=codes.new_code
    )
    # Null once withdrawn (account erased): the certificate stays, the person goes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    # --- The snapshot: what is printed and verified, never recomputed. ---
    learner_name = models.CharField(_("name printed"), max_length=NAME_MAX_LENGTH, blank=True)
    course_code = models.CharField(_("course code"), max_length=12, blank=True)
    # {language code: course title} for every language the course had at issue.
    course_titles = models.JSONField(_("course titles"), default=dict)
    # The learner's language at issue: the title and PDF shown first.
    language = models.CharField(_("language"), max_length=8)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    completed_at = models.DateTimeField(_("completed on"))
    # {language code: name} of the issuing body, from settings.CERTIFICATE_ISSUER at issue.
    issuer = models.JSONField(_("issuing body"), default=dict)
    issued_at = models.DateTimeField(_("issued on"))
    # The signed Open Badges 3.0 credential (see ``credentials``); emptied on withdrawal.
    credential = models.JSONField(_("signed credential"), default=dict, blank=True)
    # Salt of the hashed name in the credential (identityHash), random per certificate.
    identity_salt = models.CharField(max_length=32, blank=True)
    # --- What happened to it afterwards. ---
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    reissued_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reissues",
        verbose_name=_("reissue of"),
    )
    # When the learner was told (message on the site); the email is sent at issue.
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"],
                condition=Q(status="valid"),
                name="certificates_one_valid_per_course",
            )
        ]
        indexes = [models.Index(fields=["user", "status"], name="certificates_user_status")]

    def __str__(self) -> str:
        return f"{self.course_code or self.course_key} · {self.grouped_code}"

    @property
    def grouped_code(self) -> str:
        return codes.grouped(self.code)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def hours_text(self) -> str:
        """Hours without trailing zeros or exponent: "12", "2.5" (Decimal("10.0") → "10")."""
        return format(self.hours.normalize(), "f") if self.hours is not None else ""

    @property
    def title(self) -> str:
        """The course title in the learner's language at issue."""
        return self.title_in(self.language)

    def title_in(self, language: str) -> str:
        """The course title in ``language``, else in the learner's language at issue."""
        titles = self.course_titles or {}
        return titles.get(language) or titles.get(self.language) or next(iter(titles.values()), "")

    def issuer_in(self, language: str) -> str:
        names = self.issuer or {}
        return names.get(language) or names.get("fr") or next(iter(names.values()), "")


class CertificateFile(models.Model):
    """One rendered PDF per certificate and language variant; re-rendering replaces it.

    The file name is derived from the certificate's uuid and the language, so a render retried
    after a crash overwrites the same file instead of leaving a second one.
    """

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(max_length=8)
    file = models.FileField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("certificate file")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "language"], name="certificates_one_file_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.file.name
