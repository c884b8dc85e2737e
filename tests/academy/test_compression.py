"""Pages go over the network compressed (DESIGN.md weight budget: a text lesson ≤ 20 KB)."""

import gzip

import pytest

from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def test_html_is_gzipped_for_browsers_that_accept_it(client):
    tree = build_course()
    response = client.get(tree.course.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert tree.course.title in html
    assert len(response.content) < len(html) / 2
    # Without Accept-Encoding, plain HTML.
    assert "Content-Encoding" not in client.get(tree.course.url)


def test_api_json_is_left_to_the_proxy(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response
