"""A whole learner journey through the API only — sign up → enrol → lessons (one offline) →
quiz (failed, then passed) → certificate → unlocked model → project plan — with every learning
event forwarded as an xAPI statement to a real LRS (Ralph), then read back from it."""

import pytest
from django.test import override_settings

from progress import tasks
from progress.models import LearningEvent, XapiStatement
from projectbank.models import Unlock
from tests.api.test_quizzes import as_json
from tests.factories.courses import build_course
from tests.factories.projectbank import make_rule, make_template
from tests.factories.quizzes import add_quiz, right_answers, wrong_answers

# Real commits: the course's completion (certificate, unlock) and the statements' forwarding
# run after commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ADL = "http://adlnet.gov/expapi/verbs/"


def journey(api):
    tree = build_course(slug="c6", modules=(2, 1), code="C6")
    quiz = add_quiz(tree.modules[1], pass_mark=70)
    template = make_template("T1")
    make_rule(template, [tree.course])

    signed_up = api.post(
        "/api/v1/auth/signup/",
        {"full_name": "Khadija Amrani", "phone": "0677889900", "password": "kq8#Vt2!pLm9-zRw"},
        format="json",
    )
    assert signed_up.status_code == 201, signed_up.content
    api.credentials(HTTP_AUTHORIZATION=f"Token {signed_up.json()['token']}")

    course = next(c for c in api.get("/api/v1/courses/").json()["results"] if c["code"] == "C6")
    assert api.post(f"/api/v1/courses/{course['id']}/enrolment/").status_code == 200
    outline = api.get(f"/api/v1/courses/{course['id']}/").json()
    lessons = [i for m in outline["modules"] for i in m["items"] if i["kind"] == "lesson"]
    assert api.get(f"/api/v1/lessons/{lessons[0]['id']}/").status_code == 200
    assert api.post(f"/api/v1/lessons/{lessons[0]['id']}/complete/").json()["created"] is True
    offline = {
        "events": [
            {
                "idempotency_key": f"offline-{item['id']:06d}",
                "verb": "completed",
                "item": item["id"],
                "occurred_at": "2026-03-02T08:30:00+01:00",
            }
            for item in lessons[1:]
        ]
    }
    results = api.post("/api/v1/progress/events/", offline, format="json").json()["results"]
    assert {r["status"] for r in results} == {"recorded"}

    attempt = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    failed = api.post(
        f"/api/v1/attempts/{attempt}/submit/", as_json(wrong_answers()), format="json"
    )
    assert failed.json()["passed"] is False
    attempt = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    passed = api.post(
        f"/api/v1/attempts/{attempt}/submit/", as_json(right_answers()), format="json"
    )
    assert passed.json()["passed"] is True
    assert api.get(f"/api/v1/courses/{course['id']}/").json()["completed_at"]

    certificates = api.get("/api/v1/certificates/").json()["results"]
    assert [(c["course_code"], c["status"]) for c in certificates] == [("C6", "valid")]
    code = certificates[0]["code"]
    verified = api.get(f"/api/v1/certificates/verify/{code}/")
    assert verified.json()["status"] == "valid" and verified.json()["name"] == "Khadija Amrani"
    pdf = api.get(f"/api/v1/certificates/{code}/pdf/fr/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    models = api.get("/api/v1/bank/templates/").json()["results"]
    assert [(m["code"], m["unlocked"]) for m in models] == [("T1", True)]
    plan = api.post("/api/v1/bank/templates/T1/copy/", {"name": "Argan"}, format="json").json()
    inputs = plan["inputs"] | {"years": 3}
    saved = api.patch(f"/api/v1/bank/plans/{plan['id']}/", {"inputs": inputs}, format="json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    return tree, Unlock.objects.get().user


def test_learner_journey_through_the_api_only(api):
    journey(api)


@pytest.mark.lrs
def test_the_journeys_statements_reach_a_real_lrs(api, ralph_lrs):
    # Ralph 5.1's file-system store takes one write (its first creates the file; later writes
    # fail with FileExistsError), so the statements wait in the outbox (a task backend that only
    # queues) and the forwarder sends them together, as ``manage.py xapi_forward`` does.
    with override_settings(
        XAPI_LRS_URL=ralph_lrs.url,
        XAPI_LRS_USERNAME=ralph_lrs.username,
        XAPI_LRS_PASSWORD=ralph_lrs.password,
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    ):
        _tree, user = journey(api)
        assert set(XapiStatement.objects.values_list("status", flat=True)) == {"pending"}
        counts = tasks.forward_due()
    rows = XapiStatement.objects.filter(event__user=user)
    assert counts == {"sent": rows.count()}
    assert rows.count() == LearningEvent.objects.filter(user=user).count() > 10
    assert set(rows.values_list("status", flat=True)) == {"sent"}, list(
        rows.exclude(status="sent").values_list("event__verb", "attempts", "last_error")
    )
    stored = {s["id"]: s for s in ralph_lrs.statements()}
    ours = {str(r.statement_id) for r in rows}
    assert ours <= set(stored), ours - set(stored)
    verbs = [stored[i]["verb"]["id"] for i in ours]
    for verb in ("registered", "experienced", "completed", "attempted", "failed", "passed"):
        assert ADL + verb in verbs, verb
    passed = next(stored[i] for i in ours if stored[i]["verb"]["id"] == ADL + "passed")
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1.0
    assert passed["actor"]["account"]["name"] == str(user.pk)  # no name, email or phone
    assert "Khadija" not in str(stored) and "677889900" not in str(stored)
