"""A new app process starts warm (academy.warmup, run by academy.wsgi before gunicorn forks):
catalogues, URL tables and templates loaded, without touching the database or the cache."""

import logging

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import trans_real

from academy.warmup import warm_up


@pytest.mark.django_db
def test_warm_up_loads_catalogues_and_templates_and_reads_nothing(caplog, monkeypatch):
    from django.core.cache import cache

    touched = []
    monkeypatch.setattr(cache, "get", lambda *a, **k: touched.append(a))
    monkeypatch.setattr(cache, "set", lambda *a, **k: touched.append(a))
    trans_real._translations.clear()
    with caplog.at_level(logging.WARNING), CaptureQueriesContext(connection) as queries:
        seconds = warm_up()
    assert seconds > 0 and touched == [] and len(queries) == 0
    assert "warm-up failed" not in caplog.text
    assert {"ar", "fr", "zgh"} <= set(trans_real._translations)
    loader = engines["django"].engine.template_loaders[0]
    assert "courses/lesson_page.html" in {key.split(":")[0] for key in loader.get_template_cache}


def test_a_failing_warm_up_is_logged_and_never_stops_a_server(caplog, monkeypatch):
    monkeypatch.setattr(translation, "override", None)  # breaks the first step
    with caplog.at_level(logging.WARNING, logger="academy.warmup"):
        warm_up()
    assert "warm-up failed" in caplog.text
