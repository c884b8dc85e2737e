"""The academy's user: a learner, trainer, cooperative manager or staff member.

A learner signs up with an email address **or** a mobile phone number; either may be missing,
never both (checked by the sign-up form and by a database constraint). The profile fields live on
the user row itself so that every page can show them without another query.

Personal data: name, email, phone, region, status, sector. Registered for export and erasure
(see ``accounts.privacy``).
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .constants import LearnerStatus, Region, Sector
from .validators import NAME_MAX_LENGTH, validate_person_name


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
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=[("ar", "العربية"), ("fr", "Français")],
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
