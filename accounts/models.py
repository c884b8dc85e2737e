"""The academy's user: a learner, trainer, cooperative manager or staff member.

A learner signs up with an email address **or** a mobile phone number; either may be missing,
never both (checked by the sign-up form and by a database constraint). The profile fields live on
the user row itself so that every page can show them without another query.

Personal data: name, email, phone, region, status, sector, gender. Registered for export and erasure
(see ``accounts.privacy``).
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .constants import Gender, LearnerStatus, Region, Sector
from .validators import NAME_MAX_LENGTH, validate_person_name


def language_choices():
    """The site's languages (settings.LANGUAGES): a callable, so adding one needs no migration."""
    return settings.LANGUAGES


class User(AbstractUser):
    # Django's username stays the internal login key; allauth generates it. People log in with
    # their email or phone and never see it.
    email = models.EmailField(_("email address"), blank=True, default="")
    phone = models.CharField(
        _("mobile phone"),
        max_length=20,
        blank=True,
        default="",
        help_text=_("Stored in international form, e.g. +212612345678."),
    )
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    full_name = models.CharField(
        _("full name"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        validators=[validate_person_name],
        help_text=_("Your name exactly as it should be printed on your certificates."),
    )
    region = models.CharField(_("region"), max_length=5, choices=Region.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LearnerStatus.choices, blank=True)
    sector = models.CharField(
        _("sector of interest"), max_length=3, choices=Sector.choices, blank=True
    )
    # Self-declared, optional ("prefer not to say" unless the person chooses otherwise); only
    # ever shown aggregated, with small cells hidden (staff territorial dashboards).
    gender = models.CharField(
        _("gender"),
        max_length=12,
        choices=Gender.choices,
        default=Gender.UNDISCLOSED,
        help_text=_("Optional. Only used, anonymised, in the office's statistics."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=language_choices,
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="accounts_user_email_unique"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="accounts_user_phone_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.email or self.phone or self.username


class ApiToken(models.Model):
    """A key an app (the mobile app, a partner's system) uses instead of a session.

    Only a SHA-256 digest of the key is stored: a leaked database does not leak working keys.
    The key is shown once, when it is created; the learner sees the prefix, when it was created
    and last used, and when it expires on their account page, where they can revoke it. Keys
    carry 256 bits of randomness, so a fast digest is enough (no password hasher).

    Personal data (which devices act for a learner, and when); registered for export and
    erasure, the digest excluded from the export.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="app_tokens")
    name = models.CharField(_("device or app"), max_length=60, blank=True)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("app key")
        verbose_name_plural = _("app keys")
        indexes = [models.Index(fields=["user", "revoked_at"], name="accounts_token_user")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"


class AuditEvent(models.Model):
    """Who read or exported whose data, and when (law 09-08: accountability of processing).

    One row per staff or manager action on member data: a profile read, a CSV export, an
    erasure. ``target`` names the object acted on by its model label and primary key (never by a
    name, email or phone); ``detail`` carries ids and counts only, never personal data. Written
    through ``accounts.audit.record``. Rows are kept when the actor's account is erased (the
    actor's own row is pseudonymised, so the trail stays complete without naming anyone).
    """

    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="accounts_audit_target"),
            models.Index(fields=["actor", "created_at"], name="accounts_audit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id} by {self.actor_id}"


class UserSession(models.Model):
    """The session keys a user is logged in with, so that logout everywhere, deactivation and
    erasure can end every one of them (whatever the session engine: database, cache or both).
    Written on login, removed on logout; holds no personal data but the link to the user."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    def __str__(self) -> str:
        return f"session of {self.user_id}"
