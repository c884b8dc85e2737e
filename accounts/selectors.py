"""Reads of the accounts app: app keys and the user a login (email or phone) names."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from .models import ApiToken, User
from .phone import normalise_phone


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


def normalise_login(login: str) -> str:
    """What a person typed to log in, as the site's login form reads it: an email as typed, a
    phone number in E.164 (``0612345678`` → ``+212612345678``)."""
    login = (login or "").strip()
    if "@" in login:
        return login
    try:
        return normalise_phone(login)
    except ValidationError:  # an unreadable number simply matches no account
        return login


def user_for_login(login: str) -> User | None:
    """The active user whose email (any case) or phone is ``login`` (normalised), or None."""
    login = normalise_login(login)
    if not login:
        return None
    match = Q(email__iexact=login) if "@" in login else Q(phone=login)
    return User.objects.filter(match, is_active=True).first()
