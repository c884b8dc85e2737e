"""WSGI entry point (gunicorn academy.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.production")
application = get_wsgi_application()

# Before gunicorn forks its workers (preload_app): catalogues, URL tables, templates.
from academy.warmup import warm_up  # noqa: E402 (needs the application set up)

warm_up()
