"""Every session a user is logged in with, and how to end them all.

Django rotates the session key at login (``django.contrib.auth.login`` calls ``cycle_key``);
``remember`` then records the new key, ``forget`` drops it at logout, and ``revoke_all`` deletes
every session of a user from the session store (database, cache or both) — used when an account
is deactivated or erased, or when the learner asks to be logged out everywhere.
"""

from importlib import import_module

from django.conf import settings

from .models import UserSession


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def remember(*, user, request) -> None:
    session = getattr(request, "session", None)
    if session is None or user is None or user.pk is None:
        return
    if session.session_key is None:
        session.save()
    UserSession.objects.update_or_create(session_key=session.session_key, defaults={"user": user})


def forget(*, request) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def revoke_all(*, user, keep=None) -> int:
    """End every session of ``user`` (except the key ``keep``). Returns how many were ended."""
    keys = list(
        UserSession.objects.filter(user=user)
        .exclude(session_key=keep or "")
        .values_list("session_key", flat=True)
    )
    for key in keys:
        _store(key).delete(key)
    UserSession.objects.filter(user=user, session_key__in=keys).delete()
    return len(keys)


def revoke_tokens(*, user) -> int:
    """Revoke every live app key of ``user`` (deactivation; erasure deletes them)."""
    from django.utils import timezone

    from .models import ApiToken

    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
