"""The public verification page: readable codes, valid / revoked / withdrawn / unknown, the JSON
variant, one certificate query whatever the code (unknown or revoked), a throttle, and no cache."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates import codes, services
from certificates.models import Certificate
from tests.factories.accounts import UserFactory
from tests.factories.certificates import certified_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    _tree, user = certified_learner(name="محمد بن علي")
    return Certificate.objects.get(user=user)


def test_codes_carry_at_least_128_random_bits_in_groups_of_four():
    code = codes.new_code()
    assert len(code) == codes.LENGTH == 28
    assert len(codes.ALPHABET) == 32 and 28 * 5 >= 128
    assert set(code) <= set(codes.ALPHABET)
    assert re.fullmatch(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", codes.grouped(code))
    assert len({codes.new_code() for _ in range(2000)}) == 2000
    # No I, L, O, U: nothing to confuse with 1 and 0 when read aloud.
    assert not set("ILOU") & set(codes.ALPHABET)


def test_typed_codes_are_accepted_in_any_case_with_or_without_dashes():
    code = "7K3Q9XMB2HRT4VWZ0CDE5FGN8PJS"
    grouped = codes.grouped(code)
    for typed in [grouped, grouped.lower(), code.lower(), grouped.replace("-", " "), f" {code} "]:
        assert codes.normalise(typed) == code
    assert codes.normalise("7K3Q9XMB2HRT4VWZOCDE5FGN8PJS") == code  # O read as 0
    for bad in ["", "abc", code + "0", code[:-1] + "U", "x" * 200, None]:
        assert codes.normalise(bad) is None


def test_a_valid_certificate_shows_name_course_date_and_status(client, certificate):
    response = client.get(f"/ar/verify/{certificate.grouped_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Valid certificate" in page
    assert "محمد بن علي" in page and "Course course" in page
    assert certificate.grouped_code in page
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    fr = client.get(f"/fr/verify/{certificate.code.lower()}/").content.decode()
    assert "Formation course" in fr


def test_the_json_variant(client, certificate):
    for url in [
        f"/fr/verify/{certificate.grouped_code}.json",
        f"/fr/verify/{certificate.grouped_code}/?format=json",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        data = response.json()
        assert data["status"] == "valid"
        assert data["name"] == "محمد بن علي"
        assert data["course"]["title"] == "Formation course"
        assert data["course"]["titles"] == {"ar": "Course course", "fr": "Formation course"}
        assert data["completed_on"] == certificate.completed_at.astimezone().date().isoformat()
        assert data["code"] == certificate.grouped_code


def test_revocation_shows_at_once_with_its_reason(client, certificate):
    url = f"/ar/verify/{certificate.grouped_code}/"
    assert client.get(url).status_code == 200
    services.revoke_certificate(
        certificate=certificate, by=UserFactory(is_staff=True), reason="Issued by mistake"
    )
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Revoked certificate" in page and "Issued by mistake" in page
    # A Latin reason keeps its own direction in the Arabic page.
    assert "<bdi>Issued by mistake</bdi>" in page
    data = client.get(url + "?format=json").json()
    assert data["status"] == "revoked" and data["revocation_reason"] == "Issued by mistake"


def test_withdrawn_shows_no_name(client, certificate):
    user = certificate.user
    services.withdraw_certificates_for(user)
    response = client.get(f"/ar/verify/{certificate.grouped_code}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Withdrawn certificate" in page
    assert "محمد بن علي" not in page
    data = client.get(f"/ar/verify/{certificate.grouped_code}.json").json()
    assert data["status"] == "withdrawn" and "name" not in data


def test_unknown_and_malformed_codes(client, certificate):
    unknown = codes.grouped(codes.new_code())
    response = client.get(f"/ar/verify/{unknown}/")
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()
    assert client.get(f"/ar/verify/{unknown}.json").json() == {
        "code": unknown,
        "status": "unknown",
    }
    bad = client.get("/ar/verify/not-a-code/")
    assert bad.status_code == 400
    assert "This is not a certificate code" in bad.content.decode()


def _normalised_queries(captured, code):
    grouped = codes.grouped(code)
    return [
        q["sql"].replace(grouped, "<code>").replace(code, "<code>")
        for q in captured.captured_queries
    ]


def test_unknown_and_revoked_codes_do_the_same_database_work(client, certificate):
    services.revoke_certificate(
        certificate=certificate, by=UserFactory(is_staff=True), reason="Fraud"
    )
    unknown = codes.new_code()
    client.get("/ar/verify/")  # warm the per-process caches (site, locales)
    with CaptureQueriesContext(connection) as revoked_queries:
        revoked = client.get(f"/ar/verify/{certificate.grouped_code}/")
    with CaptureQueriesContext(connection) as unknown_queries:
        missing = client.get(f"/ar/verify/{codes.grouped(unknown)}/")
    assert revoked.status_code == missing.status_code == 404
    assert len(revoked_queries) == len(unknown_queries)
    # One read of the certificate (plus Wagtail's redirect lookup that every 404 makes).
    assert (
        sum("certificates_certificate" in q["sql"] for q in unknown_queries.captured_queries) == 1
    )
    assert _normalised_queries(revoked_queries, certificate.code) == _normalised_queries(
        unknown_queries, unknown
    )


def test_the_typed_code_form_redirects_to_the_page(client, certificate):
    response = client.get("/fr/verify/", {"code": certificate.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/fr/verify/{certificate.grouped_code}/"
    assert client.get("/fr/verify/", {"code": "nonsense"}).status_code == 400
    assert client.get("/fr/verify/").status_code == 200


def test_the_page_is_throttled_per_address(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = 3
    url = f"/fr/verify/{certificate.grouped_code}/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(url)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "Too many requests" in limited.content.decode()
    assert client.get(url + "?format=json").status_code == 429
    # Another address is not affected.
    assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_behind_a_trusted_proxy_the_throttle_counts_each_client(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = 2
    settings.AXES_TRUSTED_PROXY_COUNT = 1
    url = f"/fr/verify/{certificate.grouped_code}/"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert [client.get(url, **first).status_code for _ in range(3)] == [200, 200, 429]
    # Another visitor behind the same proxy is not throttled by the first one.
    assert client.get(url, **second).status_code == 200
