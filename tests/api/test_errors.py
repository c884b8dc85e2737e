"""One error shape, bounded pages, throttles per user and per IP, 404 for what is not there."""

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings

from academy.api_pagination import MAX_PAGE_SIZE
from tests.factories.projectbank import BankProjectFactory, reference_data

pytestmark = pytest.mark.django_db


def throttle_rates(**changes):
    return override_settings(
        REST_FRAMEWORK={
            **api_settings.user_settings,
            "DEFAULT_THROTTLE_RATES": {
                **api_settings.user_settings["DEFAULT_THROTTLE_RATES"],
                **changes,
            },
        }
    )


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_page_size_is_bounded_and_a_page_past_the_end_is_404(api):
    reference_data()
    BankProjectFactory.create_batch(MAX_PAGE_SIZE + 5)
    page = api.get("/api/v1/bank/projects/", {"page_size": 1000000}).json()
    assert page["count"] == MAX_PAGE_SIZE + 5 and len(page["results"]) == MAX_PAGE_SIZE
    assert_error(api.get("/api/v1/bank/projects/", {"page": 10**12}), 404, "not_found")
    assert_error(api.get("/api/v1/bank/projects/", {"page": "x"}), 404, "not_found")
    assert len(api.get("/api/v1/bank/projects/", {"page_size": "-3"}).json()["results"]) == 20


def test_unknown_addresses_and_bad_bodies(api, learner_api):
    assert_error(api.get("/api/v1/no/such/thing/"), 404, "not_found")
    assert_error(api.get("/api/v1/courses/999999/"), 404, "not_found")
    assert_error(api.get("/api/v1/me/"), 401, "not_authenticated")
    bad = learner_api.post("/api/v1/progress/events/", b"{oops", content_type="application/json")
    assert_error(bad, 400, "parse_error")
    form = learner_api.post("/api/v1/progress/events/", {"events": "x"})
    assert_error(form, 415, "unsupported_media_type")
    fields = learner_api.post("/api/v1/progress/events/", {"events": [{}]}, format="json")
    assert_error(fields, 400, "invalid")
    assert "events.0.verb" in fields.json()["error"]["fields"]
    assert_error(learner_api.delete("/api/v1/me/"), 405, "method_not_allowed")


def test_throttled_per_ip_for_everyone(api):
    with throttle_rates(ip="3/min"):
        codes = [api.get("/api/v1/courses/").status_code for _ in range(4)]
        other_ip = api.get("/api/v1/courses/", REMOTE_ADDR="10.9.9.9")
    assert codes == [200, 200, 200, 429]
    assert other_ip.status_code == 200


def test_throttled_per_user_across_addresses(learner_api):
    with throttle_rates(user="2/min"):
        codes = [
            learner_api.get("/api/v1/me/", REMOTE_ADDR=f"10.0.1.{n}").status_code for n in range(3)
        ]
        last = learner_api.get("/api/v1/me/", REMOTE_ADDR="10.0.2.1")
    assert codes == [200, 200, 429]
    assert_error(last, 429, "throttled")
    assert "Retry-After" in last
