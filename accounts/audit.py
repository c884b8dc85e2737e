"""The audit trail of staff and managers' reads and exports of member data (law 09-08).

Call ``record`` from the view that shows or exports someone else's data, after the check that
allowed it::

    from accounts import audit

    audit.record(actor=request.user, action="members.export", target=cooperative,
                 detail={"rows": 42})

``target`` is a model instance (stored as its label and primary key), a ``(label, id)`` pair or
None. ``detail`` must hold ids and counts only: names, emails and phone numbers never go into
the trail. Reading the trail: ``events_for_target`` and ``events_by_actor``.
"""

from django.db import models

from .models import AuditEvent

#: Actions written by this app; other apps use their own dotted names ("members.export", ...).
ERASE = "account.erase"
DEACTIVATE = "account.deactivate"
READ_MEMBER = "member.read"
EXPORT_MEMBERS = "members.export"

_FORBIDDEN_DETAIL_KEYS = {"email", "phone", "name", "full_name", "first_name", "last_name"}


def _target(target) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, models.Model):
        return target._meta.label, str(target.pk)
    label, pk = target
    return str(label), str(pk)


def record(*, actor, action: str, target=None, detail: dict | None = None) -> AuditEvent:
    """Write one audit event. ``actor`` may be None (a command, the system) or anonymous."""
    detail = dict(detail or {})
    leaked = _FORBIDDEN_DETAIL_KEYS & set(detail)
    if leaked:
        raise ValueError(f"personal data in audit detail: {sorted(leaked)}")
    target_type, target_id = _target(target)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action[:64],
        target_type=target_type[:100],
        target_id=target_id[:64],
        detail=detail,
    )


def events_for_target(target) -> models.QuerySet:
    target_type, target_id = _target(target)
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id)


def events_by_actor(actor) -> models.QuerySet:
    return AuditEvent.objects.filter(actor=actor)
