"""HTTP hardening and request logging that every response goes through.

* ``ScopedCSPMiddleware``: django-csp's middleware with one strict policy for the public site
  (nonces, no inline anything) and a looser one for the editors' admin (``/cms/``,
  ``/django-admin/``), whose Wagtail/Django scripts and styles are inline.
* ``PermissionsPolicyMiddleware``: the ``Permissions-Policy`` header (Django has no setting).
* ``RequestLogMiddleware``: one log line per request (method, path without query string and with
  secrets redacted, status, duration, a keyed hash of the user id). It must never log personal
  data or secrets: no email, phone, name, IP address, query string, form field, token, key or
  certificate code (``academy.redaction``).
"""

import hashlib
import hmac
import logging
import time

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from academy.redaction import redact_path

request_log = logging.getLogger("academy.request")


class ScopedCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            prefixes = tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ()))
            if prefixes and request.path_info.startswith(prefixes):
                parts.config = settings.CSP_ADMIN_POLICY["DIRECTIVES"]
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


def pseudonymous_user(user_id) -> str:
    """A stable keyed hash of a user id: joins one user's lines, reveals nothing without the key."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_log.isEnabledFor(logging.INFO):
            return self.get_response(request)  # the line would be dropped: build none
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            extra = {
                "method": request.method,
                # Never the query string (search words, tokens); secrets in the path redacted.
                "path": redact_path(request.path),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            # Only a user the request already loaded: logging never costs a session read.
            user = request.__dict__.get("user")
            if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
                user = None
            if user is not None and user.is_authenticated:
                extra["user"] = pseudonymous_user(user.pk)
            request_log.info("request", extra=extra)
