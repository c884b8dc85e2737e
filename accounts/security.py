"""Login protection shared by every way in: the site's login form, the Django admin, the API.

Two layers:

* allauth's rate limits (``ACCOUNT_RATE_LIMITS``, cache-based) slow the site's login form down
  after 5 failures per account in 5 minutes;
* django-axes, as the first authentication backend, counts every failed
  ``django.contrib.auth.authenticate(request, ...)`` in the database (shared by every app server)
  and refuses any login for an account after ``AXES_FAILURE_LIMIT`` failures until
  ``AXES_COOLOFF_TIME`` has passed — the right password included.

Both count by the *login typed*, normalised (``0612345678`` and ``+212 6 12 34 56 78`` are one
account; an email in any case is one account) and hashed: no phone number or email is written to
the lockout table or the logs. An unknown account is counted exactly like a known one, so the
answers (form error, lockout page, status codes) never tell whether an account exists. Locking by
account, not by address, is deliberate: rural learners share carrier-grade NAT addresses.

The API's token login calls ``authenticate_login``; any other code path that checks a password
calls ``django.contrib.auth.authenticate`` *with the request* and gets the same protection.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .phone import normalise_phone

_LOGIN_KEYS = ("login", "username", "email", "phone")


def normalise_login(login: str) -> str:
    """An email as typed (compared lower-cased), a phone number in E.164 (``0612345678`` →
    ``+212612345678``), as the site's login form reads them."""
    from django.core.exceptions import ValidationError

    login = (login or "").strip()
    if "@" in login or not login:
        return login
    try:
        return normalise_phone(login)
    except ValidationError:  # an unreadable number simply matches no account
        return login


def login_key(login: str) -> str:
    """The hashed, normalised login that lockouts count by (never the login itself)."""
    normalised = normalise_login(login or "").lower()
    if not normalised:
        return ""
    return "login:" + hashlib.sha256(normalised.encode()).hexdigest()[:32]


def axes_username(request, credentials) -> str:
    """``AXES_USERNAME_CALLABLE``: whichever of login/username/email/phone was given, hashed."""
    for key in _LOGIN_KEYS:
        value = (credentials or {}).get(key)
        if isinstance(value, str) and value.strip():
            return login_key(value)
    data = getattr(request, "POST", None) or getattr(request, "data", None) or {}
    value = data.get("login") if hasattr(data, "get") else None
    return login_key(value) if isinstance(value, str) else ""


def client_ip(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the peer address, or the first forwarded hop when the
    deployment says a trusted proxy sets ``X-Forwarded-For`` (``AXES_TRUSTED_PROXY_COUNT``)."""
    meta = getattr(request, "META", {})
    hops = getattr(settings, "AXES_TRUSTED_PROXY_COUNT", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= hops:
            return parts[-hops]
    return meta.get("REMOTE_ADDR")


def cooloff_minutes() -> int:
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    return int(cooloff.total_seconds() // 60) if cooloff else 0


def _wants_json(request) -> bool:
    path = getattr(request, "path", "") or ""
    accept = getattr(request, "META", {}).get("HTTP_ACCEPT", "")
    return path.startswith("/api/") or "application/json" in accept


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: 429, the same page whether or not the account exists."""
    minutes = cooloff_minutes()
    message = _(
        "Too many failed attempts to log in to this account. For your safety, logging in is "
        "paused for %(minutes)d minutes. If you forgot your password, reset it by text message "
        "or email."
    ) % {"minutes": minutes}
    headers = {"Retry-After": str(minutes * 60), "Cache-Control": "no-store"}
    if _wants_json(request):
        body = {"error": {"code": "locked_out", "message": message, "fields": {}}}
        return JsonResponse(body, status=429, headers=headers)
    response = TemplateResponse(
        request, "accounts/locked_out.html", {"message": message}, status=429, headers=headers
    )
    return response.render()


@dataclass(frozen=True)
class LoginResult:
    user: object | None
    locked_out: bool


def authenticate_login(*, request, login: str, password: str) -> LoginResult:
    """Check a login (email or phone, any usual form) and password for a non-site client (the
    API's token endpoint), counted and locked out exactly like the site's login form.

    ``request`` is the Django ``HttpRequest`` (for DRF, ``request._request``). On
    ``locked_out`` answer 429 (``lockout_response`` builds the standard one); on ``user is None``
    answer one message for "unknown account" and "wrong password" alike.
    """
    login = normalise_login(login or "")
    if not login or not password:
        return LoginResult(None, False)
    field = "email" if "@" in login else "phone"
    user = authenticate(request, **{field: login, "password": password})
    locked = bool(getattr(request, "axes_locked_out", False))
    if user is not None and not user.is_active:
        user = None
    return LoginResult(None if locked else user, locked)


def is_locked_out(*, request, login: str) -> bool:
    """Whether logins for ``login`` are paused now (without counting an attempt)."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"login": login})
