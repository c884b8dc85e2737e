"""Production logs: one JSON line per request (method, path, status, duration, a keyed hash of
the user), and never a learner's email, phone, name, IP address or query string."""

import importlib
import json
import logging
import sys
from logging.config import DictConfigurator

import pytest

from academy.middleware import pseudonymous_user
from tests.factories.accounts import UserFactory


@pytest.fixture
def production_formatter(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 20 + "production-like-secret-key-for-this-test")
    monkeypatch.setenv("ALLOWED_HOSTS", "academy.example.ma")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("CERTIFICATE_SIGNING_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    sys.modules.pop("academy.settings.production", None)
    production = importlib.import_module("academy.settings.production")
    sys.modules.pop("academy.settings.production", None)
    config = production.LOGGING
    assert config["root"]["handlers"] == ["console"]
    assert config["handlers"]["console"]["formatter"] == "json"
    return DictConfigurator(config).configure_formatter(dict(config["formatters"]["json"]))


@pytest.mark.django_db
def test_a_request_line_is_json_without_personal_data(client, caplog, production_formatter):
    learner = UserFactory(email="fatima.zahra@example.ma", phone="+212612345678")
    learner.full_name = "Fatima Zahra Amrani"
    learner.save()
    client.force_login(learner)
    with caplog.at_level(logging.INFO, logger="academy.request"):
        response = client.get(
            "/ar/learn/?email=fatima.zahra@example.ma&phone=0612345678",
            REMOTE_ADDR="196.200.1.2",
        )
    assert response.status_code == 200
    lines = [production_formatter.format(r) for r in caplog.records if r.name == "academy.request"]
    assert len(lines) == 1
    line = lines[0]
    entry = json.loads(line)
    assert entry["method"] == "GET"
    assert entry["path"] == "/ar/learn/"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["level"] == "INFO" and entry["logger"] == "academy.request"
    assert entry["user"] == pseudonymous_user(learner.pk) != str(learner.pk)
    for secret in ("fatima", "Fatima", "612345678", "example.ma", "196.200.1.2", "?", "Amrani"):
        assert secret not in line


@pytest.mark.django_db
def test_anonymous_requests_have_no_user_field(client, caplog):
    with caplog.at_level(logging.INFO, logger="academy.request"):
        client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "academy.request"]
    assert record.path == "/healthz" and record.status == 200
    assert not hasattr(record, "user")


@pytest.mark.django_db
def test_no_line_is_built_when_request_lines_are_not_logged(client, caplog, monkeypatch):
    """Logging at WARNING (tests, a quiet deployment): no hash computed, no record made."""
    monkeypatch.setattr(
        "academy.middleware.pseudonymous_user", lambda user_id: pytest.fail("hashed a user id")
    )
    client.force_login(UserFactory())
    with caplog.at_level(logging.WARNING, logger="academy.request"):
        assert client.get("/ar/learn/").status_code == 200
    assert [r for r in caplog.records if r.name == "academy.request"] == []
