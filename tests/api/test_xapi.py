"""Learning events as xAPI statements: ADL verbs, a pseudonymous actor, one outbox row per
event, forwarded after commit with retries and exponential backoff; nothing when no LRS."""

import datetime as dt
import uuid

import pytest
from django.test import override_settings
from django.utils import timezone

from courses.services import enrol
from progress import services, tasks, xapi
from progress.models import LearningEvent, XapiStatement
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db
DEAD_LRS = "http://127.0.0.1:9/xAPI"  # the discard port: nothing listens


def make_event(user, verb, **data):
    return LearningEvent(
        user=user,
        verb=verb,
        course_key=uuid.uuid4(),
        item_key=uuid.uuid4(),
        occurred_at=timezone.now(),
        idempotency_key=f"{verb}:{uuid.uuid4()}",
        data=data,
    )


def test_statements_use_adl_verbs_and_a_pseudonymous_actor(learner):
    passed = xapi.statement_for(
        make_event(learner, "passed", score="8.00", max_score="10.00", percent="80.00")
    )
    assert passed["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert passed["result"] == {
        "success": True,
        "completion": True,
        "score": {"raw": 8.0, "min": 0.0, "max": 10.0, "scaled": 0.8},
    }
    assert passed["object"]["definition"]["type"].endswith("/assessment")
    assert passed["actor"]["account"]["name"] == str(learner.pk)
    assert learner.email not in str(passed) and learner.full_name not in str(passed)
    viewed = xapi.statement_for(make_event(learner, "viewed"))
    assert viewed["verb"]["id"].endswith("/experienced")
    assert viewed["object"]["definition"]["type"].endswith("/lesson")
    assert viewed["context"]["contextActivities"]["parent"][0]["id"].count("/course/") == 1
    enrolled = make_event(learner, "enrolled")
    enrolled.item_key = None
    assert xapi.statement_for(enrolled)["verb"]["id"].endswith("/registered")
    event = make_event(learner, "completed")
    assert xapi.statement_for(event)["id"] == xapi.statement_for(event)["id"]


def test_no_outbox_without_an_lrs(learner):
    tree = build_course(modules=(1,))
    enrol(user=learner, course=tree.course)
    services.mark_item_complete(
        user=learner, item_key=tree.lessons[0].translation_key, course=tree.course
    )
    assert LearningEvent.objects.filter(user=learner).exists()
    assert not XapiStatement.objects.exists()


@override_settings(XAPI_LRS_URL=DEAD_LRS, XAPI_MAX_ATTEMPTS=3)
def test_an_unreachable_lrs_is_retried_with_backoff_then_given_up(
    learner, learner_api, django_capture_on_commit_callbacks
):
    tree = build_course(modules=(1,))
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_api.post(f"/api/v1/courses/{tree.course.pk}/enrolment/")
    assert response.status_code == 200  # the learner's request succeeds whatever the LRS does
    row = XapiStatement.objects.get(event__verb="enrolled")
    assert row.status == "pending" and row.attempts == 1 and "Connection refused" in row.last_error
    assert row.next_attempt_at - timezone.now() > dt.timedelta(seconds=25)
    assert tasks.forward_due() == {}  # not due yet
    XapiStatement.objects.update(next_attempt_at=timezone.now())
    assert tasks.forward_due() == {"pending": 1}
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at - timezone.now() > dt.timedelta(seconds=55)  # doubled
    XapiStatement.objects.update(next_attempt_at=timezone.now())
    assert tasks.forward_due() == {"failed": 1}
    row.refresh_from_db()
    assert row.status == "failed" and row.next_attempt_at is None


def test_backoff_doubles_up_to_a_cap():
    assert [tasks.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert tasks.backoff(30) == tasks.BACKOFF_CAP


@override_settings(
    XAPI_LRS_URL="https://lrs.example/xAPI/", XAPI_LRS_USERNAME="key", XAPI_LRS_PASSWORD="secret"
)
def test_requests_to_the_lrs_name_the_statement_and_carry_the_credentials():
    import base64
    import json

    put = tasks._lrs_request("PUT", {"id": "abc"}, "statementId=abc")
    assert put.get_method() == "PUT"
    assert put.full_url == "https://lrs.example/xAPI/statements?statementId=abc"
    assert json.loads(put.data) == {"id": "abc"}
    assert put.get_header("X-experience-api-version") == "1.0.3"
    assert put.get_header("Authorization") == "Basic " + base64.b64encode(b"key:secret").decode()
    post = tasks._lrs_request("POST", [{"id": "abc"}])
    assert (post.get_method(), post.full_url) == ("POST", "https://lrs.example/xAPI/statements")
    with override_settings(XAPI_LRS_USERNAME=""):
        assert tasks._lrs_request("POST", []).get_header("Authorization") is None
