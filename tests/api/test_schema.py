"""The committed OpenAPI schema (academy/openapi.yaml) is the code's; the docs are served from
the site itself (no CDN). Refresh the schema with ``make openapi``."""

from pathlib import Path

import pytest
from django.core.management import call_command

# English (the message ids), whatever catalogues are compiled: the same file everywhere.
SCHEMA = Path(__file__).resolve().parents[2] / "academy" / "openapi.yaml"


def test_the_committed_schema_is_current(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--file", str(fresh), "--lang", "en", "--validate", "--fail-on-warn"
    )
    assert SCHEMA.read_text() == fresh.read_text(), (
        "academy/openapi.yaml is out of date: run `make openapi` and commit it"
    )


@pytest.mark.django_db
def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/progress/events/" in schema.content
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
