"""Production settings: secrets and hosts only from the environment, HTTPS everywhere.

Several app servers and task workers run these settings against one PostgreSQL and one Redis
(deploy/README.md). Anything missing from the environment stops the process at start-up with
the variable's name rather than running half-configured.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

from .base import *  # noqa: F403


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment (see deploy/README.md)")
    return value


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters")
required_env("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # noqa: F405
# App servers are interchangeable: one shared database and one shared cache, never a local file.
required_env("DATABASE_URL")
required_env("REDIS_URL")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# Load balancers probe plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Only a benchmark or the loopback cluster over plain HTTP turns these off.
SESSION_COOKIE_SECURE = env_bool("COOKIES_SECURE", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override it to SAMEORIGIN themselves
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Static files: hashed names, compressed (gzip + brotli), served by whitenoise with
# `Cache-Control: max-age=315360000, immutable` for hashed names (STORAGES in base.py).
WHITENOISE_MAX_AGE = 3600  # the few unhashed files (favicon redirect target, robots)

# One JSON object per line on stdout (journald / the container runtime collects it); the
# request line comes from academy.middleware.RequestLogMiddleware and carries no personal data.
LOGGING = {
    **LOGGING,  # noqa: F405 — base.py's root level and loggers, with a JSON formatter
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "timestamp": "time",  # ISO 8601, UTC
            "rename_fields": {"levelname": "level", "name": "logger"},
            # Django attaches the request (with its query string) to error records: never print it.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        }
    },
    "handlers": {"console": {**LOGGING["handlers"]["console"], "formatter": "json"}},  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        # Django's own request logger repeats 4xx/5xx with the request object: ours is enough.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# Certificates are signed with this Ed25519 key (base64 of the 32-byte seed, or PEM); its public
# half is published at /.well-known/certificates-key.json. Never derived in production.
CERTIFICATE_SIGNING_KEY = required_env("CERTIFICATE_SIGNING_KEY")
