"""Test-wide rules.

* ``postgres`` tests need PostgreSQL; on another database they are not collected here and run
  in the PostgreSQL pass (``make test-db``). Under ``CI=true`` a PostgreSQL pass that cannot reach
  the server fails at database set-up: it never skips.
* ``e2e`` tests need Debian's Chromium; without it they skip locally and FAIL under ``CI=true``.
"""

import os
import shutil

import pytest
from django.conf import settings

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    if _is_postgres():
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE']} {db.get('NAME')}  CI={CI}"


@pytest.fixture
def chromium_path():
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not (os.path.exists(path) or shutil.which(path)):
        if CI:
            pytest.fail(f"Chromium not found at {path}: browser tests must run in CI")
        pytest.skip(f"Chromium not found at {path} (apt-get install chromium)")
    return path


@pytest.fixture(autouse=True)
def _clear_sms_outbox():
    from accounts import sms

    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: tree caches must not outlive a rolled-back tree."""
    from django.core.cache import cache

    from content.tree_cache import forget_local

    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Arabic): a test that switches language (a
    request through LocaleMiddleware, ``translation.activate``) must not change the next one's."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
