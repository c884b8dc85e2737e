"""Development settings: `make run` on the embedded SQLite database."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "true").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Certificates are signed with a key derived from SECRET_KEY unless one is given.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY") or (
    derived_signing_key(SECRET_KEY)  # noqa: F405
)
