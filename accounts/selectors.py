"""Reads of the accounts app: app keys."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken


def _live_tokens() -> QuerySet[ApiToken]:
    """Keys that still work: not revoked, not expired."""
    return ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def active_tokens(*, user) -> QuerySet[ApiToken]:
    """The learner's keys that still work, newest first (the account page, the API's list)."""
    return _live_tokens().filter(user=user).order_by("-created_at", "-pk")


def token_for_key(key: str) -> ApiToken | None:
    """The live key matching ``key`` (not revoked, not expired, active user), or None."""
    from .services import digest

    if not key or len(key) > 200:
        return None
    return (
        _live_tokens()
        .select_related("user")
        .filter(digest=digest(key), user__is_active=True)
        .first()
    )
