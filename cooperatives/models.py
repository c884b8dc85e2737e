"""Cooperatives, their members, invitations, assigned courses and the audit log of who read or
exported members' data.

A manager acts only on their own cooperative: every read and write goes through
``selectors.managed_cooperative_or_404``. Invitation tokens are stored as SHA-256 digests only
(256 random bits: a fast digest is enough): a leaked database holds no working invitation.

Personal data: ``Membership`` (a user's place in a cooperative) is registered in
``accounts.privacy``. ``Invitation`` holds the contact the
manager typed for a person who may have no account yet; it is deleted when it expires unused
(``services.purge_expired_invitations``, run daily by ``send_cooperative_reminders``) and
is never shown to anyone but the inviting cooperative.

This module must never: store an invitation token in clear, or let a membership exist twice for
the same person and cooperative (a unique constraint, not a check).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.constants import Region, Sector


class Cooperative(models.Model):
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    register_number = models.CharField(
        _("register number"),
        max_length=40,
        unique=True,
        help_text=_("The cooperative's number in the national register of cooperatives."),
    )
    region = models.CharField(_("region"), max_length=5, choices=Region.choices)
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices)
    # Managers opt in to gentle reminders for members who stalled (members opt in too).
    reminders_enabled = models.BooleanField(_("send gentle reminders"), default=False)
    # The "trained cooperative" mark: set once, when enough active members completed the
    # governance course (settings.COOPERATIVES_TRAINED_SHARE, COOPERATIVES_TRAINED_COURSE).
    trained_at = models.DateTimeField(_("trained cooperative since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (translation.get_language() or "ar").startswith("ar"):
            return self.name_ar or self.name_fr
        return self.name_fr or self.name_ar


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("manager")
        MEMBER = "member", _("member")

    class State(models.TextChoices):
        INVITED = "invited", _("invited")
        ACTIVE = "active", _("active")
        LEFT = "left", _("left")

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cooperative_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.ACTIVE)
    # The member's own choice, asked when they accept the invitation (off unless they say yes).
    accepts_reminders = models.BooleanField(_("accepts gentle reminders"), default=False)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "user"], name="cooperatives_one_membership"
            )
        ]
        indexes = [
            models.Index(fields=["cooperative", "state"], name="coop_membership_state"),
            models.Index(fields=["user", "role", "state"], name="coop_membership_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.cooperative_id} ({self.role}, {self.state})"


class Invitation(models.Model):
    class Channel(models.TextChoices):
        LINK = "link", _("link")
        EMAIL = "email", _("email")
        PHONE = "phone", _("text message")

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="invitations"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    # E.164 phone or lower-case email; empty for a link. Normalised like accounts.phone.
    contact = models.CharField(max_length=254, blank=True)
    full_name = models.CharField(max_length=150, blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            # One pending invitation per contact and cooperative: a re-uploaded file adds nothing.
            models.UniqueConstraint(
                fields=["cooperative", "contact"],
                condition=~Q(contact="") & Q(accepted_at__isnull=True),
                name="cooperatives_one_pending_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} invitation to {self.cooperative_id}"


class CourseAssignment(models.Model):
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="assignments"
    )
    # The CoursePage's translation_key (every language of the course).
    course_key = models.UUIDField()
    target_date = models.DateField(_("target date"), null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "course_key"], name="cooperatives_one_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_key} for {self.cooperative_id}"
