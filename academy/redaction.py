"""Secrets and personal data out of the URL paths that go into logs.

A path can carry a secret: an invitation token (``/cooperatives/join/<token>/``), a password-reset
key (allauth's ``/accounts/password/reset/key/<uidb36>-<key>/``, the editors'
``/cms/password_reset/confirm/<uidb64>/<token>/``), an email-confirmation key. And anyone can type
anything into a path: an email address, a phone number, a token pasted in the wrong place.
``redact_path`` replaces such segments with a placeholder before a path is logged: the request
line of ``academy.middleware`` and Django's own error records (``RedactPathsFilter``, on the
console handler). Query strings are never logged at all (search words, API tokens, addresses), so
this module never sees one; the filter cuts the one in runserver's request lines.

Certificate codes are public by design (printed on the certificate, in its QR code, checked by
anyone at ``/verify/<code>/``), yet each one names one learner's credential: a log line with it
says whose certificate was checked, and when. Operators need the route and the status, not the
code, so codes are redacted too.

This module must never: import Django models (the logging configuration loads it before the apps
are ready), or let a path through with a segment it was meant to hide.
"""

import logging
import re

SECRET = "[redacted]"
EMAIL = "[email]"
PHONE = "[phone]"
TOKEN = "[token]"

# Routes whose segment after a fixed prefix is a secret. Each regex matches the secret alone.
SECRET_ROUTES = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?<=/cooperatives/join/)[^/]+",  # invitation token
        r"(?<=/accounts/password/reset/key/)(?!done/)[^/]+",  # uidb36-key, or uidb36-set-password
        r"(?<=/accounts/confirm-email/)[^/]+",  # email-confirmation key
        r"(?<=/password_reset/confirm/)[^/]+(?:/[^/]+)?",  # Django/Wagtail: uidb64/token
        r"(?<=/verify/)[^/]+?(?=\.json$|/|$)",  # certificate code (site and API)
        r"(?<=/certificates/)(?!verify/)[^/]+(?=/(?:pdf|credential)/)",  # certificate code
    )
)
PHONE_SEGMENT = re.compile(r"^(?:\+|00)?[0-9().\- ]+$")
DIGIT = re.compile(r"[0-9]")
LETTER = re.compile(r"[A-Za-z]")
UPPER = re.compile(r"[A-Z]")
LOWER = re.compile(r"[a-z]")
TOKEN_PARTS = re.compile(r"[-_.~:]")
TOKEN_LENGTH = 20  # longer than any word of a slug, shorter than any token we issue


def _looks_like_token(segment: str) -> bool:
    """A long run of letters and digits (a hex key, a signed value), or a long mixed-case segment:
    URL-safe base64 (``secrets.token_urlsafe``) has ``-`` and ``_`` in its alphabet, so a token can
    fall apart into short parts, but its letters are of both cases, which slugs never are. A file
    name (a dot inside: ``NotoKufiArabic-Regular.woff2``) is not taken for one that way."""
    if (
        len(segment) >= TOKEN_LENGTH
        and "." not in segment
        and UPPER.search(segment)
        and LOWER.search(segment)
    ):
        return True
    return any(
        len(part) >= TOKEN_LENGTH and DIGIT.search(part) and LETTER.search(part)
        for part in TOKEN_PARTS.split(segment)
    )


def _segment(segment: str) -> str:
    if segment in ("", SECRET):
        return segment
    if "@" in segment or "%40" in segment.lower():
        return EMAIL
    if PHONE_SEGMENT.match(segment) and len(DIGIT.findall(segment)) >= 9:
        return PHONE
    if _looks_like_token(segment):
        return TOKEN
    return segment


def redact_path(path: str) -> str:
    """``path`` (no query string) with secrets, email addresses, phone numbers and token-like
    segments replaced by placeholders; every other segment unchanged."""
    path = path.split("?", 1)[0]
    for route in SECRET_ROUTES:
        path = route.sub(SECRET, path)
    return "/".join(_segment(segment) for segment in path.split("/"))


REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<target>\S+)(?P<rest> HTTP/[0-9.]+)$")


class RedactPathsFilter(logging.Filter):
    """Redact the path in Django's request records (``django.request``: "Internal Server Error:
    <path>"; ``django.server``: runserver's request line, whose query string it also cuts).
    Never drops a record."""

    LOGGERS = ("django.request", "django.server")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in self.LOGGERS and isinstance(record.args, tuple):
            record.args = tuple(self._redact(arg) for arg in record.args)
        return True

    @staticmethod
    def _redact(arg):
        if not isinstance(arg, str):
            return arg
        if arg.startswith("/"):
            return redact_path(arg)
        line = REQUEST_LINE.match(arg)
        if line:
            return f"{line['method']} {redact_path(line['target'])}{line['rest']}"
        return arg
