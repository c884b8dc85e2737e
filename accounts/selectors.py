"""Reads of the accounts app: app keys."""

from django.utils import timezone

from .models import ApiToken


def active_tokens(*, user) -> list[ApiToken]:
    """The learner's keys that still work, newest first (for the account page)."""
    return list(
        ApiToken.objects.filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-created_at")
    )


def token_for_key(key: str) -> ApiToken | None:
    """The live key matching ``key`` (not revoked, not expired, active user), or None."""
    from .services import digest

    if not key or len(key) > 200:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(
            digest=digest(key),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
