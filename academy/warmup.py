"""Load at start-up what a fresh app process would otherwise load on its first requests.

gunicorn replaces its workers now and then (``max_requests``) and starts new ones after a
crash. With the application preloaded in the master (deploy/gunicorn.conf.py), whatever is
loaded before the fork is shared by every worker; without this, a new worker's first request
loads the message catalogues of four languages (Django's, Wagtail's and ours: a third of a
second), compiles the templates and builds the URL tables, while learners wait behind it.

This module must never: touch the database or the cache (the master's connections would be
shared by the forked workers), or stop a server from starting (a failure is logged).
"""

import logging
import time
from pathlib import Path

logger = logging.getLogger(__name__)


def warm_up() -> float:
    """Load the catalogues, URL tables and project templates; returns the seconds it took."""
    started = time.perf_counter()
    try:
        _load()
    except Exception:  # noqa: BLE001 — a cold cache is slower, never a reason not to start
        logger.warning("warm-up failed", exc_info=True)
    return time.perf_counter() - started


def _load() -> None:
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Taawuniya Academy")  # the language's whole catalogue
            get_resolver().reverse_dict  # noqa: B018 — built per language (prefixed URLs)
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.html")):
        get_template(path.relative_to(root).as_posix())
