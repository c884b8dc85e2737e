"""Writes of the accounts app that are not django-allauth's: app keys (API tokens).

Keyword-only. A key is returned in clear exactly once, by ``issue_token``; only its digest is
stored. A user with a confirmed second factor gets a key only with a valid code in the same
request (``SecondFactorError`` otherwise, and no key): the API's login and the account page
both come through here.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from .models import ApiToken

#: Every key starts with this, so that a leaked key is recognisable by secret scanners.
KEY_PREFIX = "tak_"
#: ``last_used_at`` is written at most this often per key (no write on every request).
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class SecondFactorError(Exception):
    """No key: the user has a second factor and the code is missing (``reason`` "required"),
    wrong ("invalid"), or not looked at because of earlier wrong codes ("throttled", with
    ``wait_seconds``)."""

    def __init__(self, reason: str, wait_seconds: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.wait_seconds = wait_seconds


def issue_token(*, user, name: str = "", code: str | None = None) -> tuple[ApiToken, str]:
    """A new key for ``user``: (row, key in clear). The key is never stored nor shown again.

    ``code``: a TOTP or recovery code, required when ``user`` has a confirmed second factor
    (checked and throttled like the admin's code page; a recovery code is used up)."""
    from . import two_factor

    if two_factor.is_enrolled(user):
        if not two_factor.normalise_code(code or ""):
            raise SecondFactorError("required")
        check = two_factor.check_code(user=user, code=code)
        if check.device is None:
            if check.wait_seconds:
                raise SecondFactorError("throttled", check.wait_seconds)
            raise SecondFactorError("invalid")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:60],
        prefix=key[: len(KEY_PREFIX) + 6],
        digest=digest(key),
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    return token, key


def revoke_token(*, user, token_id: int) -> bool:
    """Revoke one of ``user``'s keys; another user's key is not found (False)."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def touch_token(*, token: ApiToken) -> None:
    """Remember when a key was last used, at most once per ``LAST_USED_RESOLUTION``."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
