"""Schemathesis against the committed schema (academy/openapi.yaml), in process: for generated
input, no endpoint answers 5xx and no documented response breaks the schema. Runs in `make
test` (CI included); the schema itself is kept current by test_schema.py."""

from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.services import issue_token
from tests.factories.accounts import UserFactory

SCHEMA = Path(__file__).resolve().parents[2] / "academy" / "openapi.yaml"
schema = schemathesis.openapi.from_path(SCHEMA)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app itself, not through Django's test client, so Django would
    close the database connection at the end of each request, and with it the test's
    transaction (on PostgreSQL; SQLite's in-memory test database is never closed). Do what the
    test client does: leave the connection alone during the test."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_header(db):
    _token, key = issue_token(user=UserFactory(), name="schemathesis")
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
@schema.parametrize()
# Derandomised: the same generated requests on every run, so CI is reproducible (a new finding
# comes with a schema or code change, not with the weather).
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_generated_requests_never_break_the_api(case, auth_header):
    case.call_and_validate(
        headers=auth_header,
        base_url="http://testserver",
        checks=[not_a_server_error, response_schema_conformance],
    )
