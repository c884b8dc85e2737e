"""Retention of long-inactive accounts (law 09-08: data kept no longer than needed).

An account is inactive when neither a login nor the sign-up happened in the last ``days`` days.
Staff and superusers are never purged (their accounts are managed by hand). Every inactive
account is first warned — by email, or by text message when there is no email — ``warn_days``
before erasure; the warning is an audit event (``account.retention_warning``), so logging in
after it (a newer activity) cancels the erasure and a new warning will be needed. Erasure goes
through ``accounts.erasure.erase_account``.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import audit
from .erasure import ERASED_PREFIX, erase_account
from .models import AuditEvent, User
from .sms import send_sms

WARNING = "account.retention_warning"


@dataclass
class Plan:
    warn: list[int] = field(default_factory=list)
    erase: list[int] = field(default_factory=list)


def _candidates(inactive_since: dt.datetime):
    return (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(username__startswith=ERASED_PREFIX)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=inactive_since)
    )


def _warned_since_last_seen(older_than: dt.datetime | None = None):
    warnings = AuditEvent.objects.filter(
        action=WARNING,
        target_type=User._meta.label,
        target_id=Cast(OuterRef("pk"), output_field=CharField()),
        created_at__gt=OuterRef("last_seen"),
    )
    if older_than is not None:
        warnings = warnings.filter(created_at__lte=older_than)
    return Exists(warnings)


def plan(*, days: int, warn_days: int, now: dt.datetime | None = None) -> Plan:
    now = now or timezone.now()
    erase_before = now - dt.timedelta(days=days)
    warn_before = now - dt.timedelta(days=max(days - warn_days, 0))
    result = Plan()
    result.erase = list(
        _candidates(erase_before)
        .filter(_warned_since_last_seen(older_than=now - dt.timedelta(days=warn_days)))
        .values_list("pk", flat=True)
    )
    result.warn = list(
        _candidates(warn_before).exclude(_warned_since_last_seen()).values_list("pk", flat=True)
    )
    return result


def warn(*, user, erase_on: dt.date) -> None:
    language = user.preferred_language or None
    with translation.override(language or translation.get_language()):
        text = _(
            "Taawuniya Academy: you have not used your account for a long time. It will be "
            "erased on %(date)s unless you log in before then."
        ) % {"date": erase_on.isoformat()}
        if user.email:
            send_mail(_("Your Taawuniya Academy account"), text, None, [user.email])
        elif user.phone:
            send_sms(phone=user.phone, text=text)
    audit.record(actor=None, action=WARNING, target=user)


def apply(*, days: int, warn_days: int, now: dt.datetime | None = None) -> Plan:
    now = now or timezone.now()
    todo = plan(days=days, warn_days=warn_days, now=now)
    erase_on = (now + dt.timedelta(days=warn_days)).date()
    for user in User.objects.filter(pk__in=todo.warn):
        warn(user=user, erase_on=erase_on)
    for user in User.objects.filter(pk__in=todo.erase):
        erase_account(user=user, actor=None)
    return todo
