"""Catalogue, course outline with progress, lessons (gated like the site), "done", and the
batch of offline events (idempotent, even when the same batch arrives twice at once)."""

import pytest
from django.db import connection

from courses.services import enrol
from progress.models import Completion, CourseState, LearningEvent
from tests.api.conftest import client_for
from tests.concurrency import run_concurrently
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_course(slug="seq", modules=(2, 1), gating="sequential")


def event(key, item, verb="completed", at="2026-03-01T09:00:00+00:00"):
    return {
        "idempotency_key": key,
        "verb": verb,
        "item": item.pk if item is not None else 1,
        "occurred_at": at,
    }


def test_catalogue_and_outline_follow_the_learner(tree, learner, learner_api, api):
    listed = api.get("/api/v1/courses/").json()
    assert [c["code"] for c in listed["results"]] == ["C9"]
    assert listed["results"][0]["enrolled"] is False
    enrolled = learner_api.post(f"/api/v1/courses/{tree.course.pk}/enrolment/")
    assert enrolled.status_code == 200 and enrolled.json()["enrolled"] is True
    learner_api.post(f"/api/v1/lessons/{tree.lessons[0].pk}/complete/")
    detail = learner_api.get(f"/api/v1/courses/{tree.course.pk}/").json()
    assert detail["enrolled"] and detail["done"] == 1 and detail["total"] == 3
    assert [m["is_open"] for m in detail["modules"]] == [True, False]
    assert detail["modules"][0]["items"][0]["done"] is True
    assert detail["resume_item"] == tree.lessons[1].pk
    left = learner_api.delete(f"/api/v1/courses/{tree.course.pk}/enrolment/")
    assert left.json()["enrolled"] is False
    assert api.get("/api/v1/courses/").json()["results"][0]["enrolled"] is False


def test_lessons_are_gated_like_the_site(tree, learner, learner_api):
    first, locked = tree.lessons[0], tree.lessons[2]
    refused = learner_api.get(f"/api/v1/lessons/{first.pk}/")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_enrolled"
    enrol(user=learner, course=tree.course)
    lesson = learner_api.get(f"/api/v1/lessons/{first.pk}/")
    assert lesson.status_code == 200
    body = lesson.json()
    assert "<strong>" in body["html"] and "<script" not in body["html"]
    assert [b["type"] for b in body["blocks"]] == ["heading", "markdown"]
    assert body["blocks"][1]["value"]["html"].startswith("<p>")
    assert CourseState.objects.get(user=learner).last_item_key == first.translation_key
    blocked = learner_api.get(f"/api/v1/lessons/{locked.pk}/")
    assert blocked.status_code == 403 and blocked.json()["error"]["code"] == "locked"
    # "Done" on a locked lesson is refused like the site's button: 404, nothing written.
    assert learner_api.post(f"/api/v1/lessons/{locked.pk}/complete/").status_code == 404
    assert not Completion.objects.filter(item_key=locked.translation_key).exists()
    assert learner_api.get("/api/v1/lessons/999999/").status_code == 404


def test_markdown_in_lessons_is_sanitised(learner, learner_api):
    from courses.models import LessonPage

    tree = build_course(slug="xss", modules=(1,))
    lesson = LessonPage.objects.get(pk=tree.lessons[0].pk)
    lesson.body = [
        {"type": "markdown", "value": "<script>alert(1)</script> [x](javascript:alert(1))"}
    ]
    lesson.save_revision().publish()
    enrol(user=learner, course=tree.course)
    body = learner_api.get(f"/api/v1/lessons/{lesson.pk}/").json()
    assert "<script" not in body["html"] and "javascript:" not in body["html"]
    assert "<script" not in body["blocks"][0]["value"]["html"]


def test_a_batch_sent_twice_is_recorded_once(tree, learner, learner_api):
    enrol(user=learner, course=tree.course)
    batch = {
        "events": [
            event("evt-0001-aaaa", tree.lessons[0], verb="viewed"),
            event("evt-0002-aaaa", tree.lessons[0]),
            event("evt-0003-aaaa", tree.lessons[1]),
            # Module 2 opens once module 1 is done, within the same batch, in order.
            event("evt-0004-aaaa", tree.lessons[2]),
        ]
    }
    first = learner_api.post("/api/v1/progress/events/", batch, format="json").json()
    assert [r["status"] for r in first["results"]] == ["recorded"] * 4
    assert first["results"][-1]["course_completed"] is True
    events = LearningEvent.objects.filter(user=learner).count()
    again = learner_api.post("/api/v1/progress/events/", batch, format="json").json()
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 4
    assert LearningEvent.objects.filter(user=learner).count() == events
    assert Completion.objects.filter(user=learner).count() == 3
    done = Completion.objects.get(user=learner, item_key=tree.lessons[0].translation_key)
    assert done.completed_at.isoformat().startswith("2026-03-01T09:00")  # the client's clock
    assert done.source == "offline"


def test_a_key_already_used_is_a_duplicate_even_for_another_item(tree, learner, learner_api):
    """An idempotency key names one event: sent again with another item (a client bug), it is
    answered "duplicate" and completes nothing, rather than completing the item with no event."""
    enrol(user=learner, course=tree.course)
    send = lambda *events: [  # noqa: E731
        (r["status"], r["code"])
        for r in learner_api.post(
            "/api/v1/progress/events/", {"events": list(events)}, format="json"
        ).json()["results"]
    ]
    assert send(event("evt-5001-ffff", tree.lessons[0])) == [("recorded", "")]
    assert send(event("evt-5001-ffff", tree.lessons[1])) == [("duplicate", "")]
    assert send(event("evt-5002-ffff", tree.lessons[1], verb="viewed")) == [("recorded", "")]
    assert send(event("evt-5002-ffff", tree.lessons[1])) == [("duplicate", "")]
    assert not Completion.objects.filter(item_key=tree.lessons[1].translation_key).exists()


def test_batch_results_say_what_was_refused(tree, learner, learner_api):
    from tests.factories.quizzes import add_quiz

    quiz = add_quiz(tree.modules[0])
    other = build_course(slug="other", modules=(1,))
    enrol(user=learner, course=tree.course)
    batch = {
        "events": [
            event("evt-1001-bbbb", tree.lessons[2]),  # module 2 still locked
            event("evt-1002-bbbb", quiz),  # quizzes are passed, never reported done
            event("evt-1003-bbbb", other.lessons[0]),  # not enrolled there
            event("evt-1004-bbbb", tree.modules[0]),  # not a learning item
            event("evt-1005-bbbb", tree.lessons[0], at="2999-01-01T00:00:00Z"),
        ]
    }
    results = learner_api.post("/api/v1/progress/events/", batch, format="json").json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [
        ("rejected", "locked"),
        ("rejected", "not_completable"),
        ("rejected", "not_enrolled"),
        ("rejected", "not_found"),
        ("recorded", ""),
    ]
    from django.utils import timezone

    done = Completion.objects.get(user=learner)
    assert done.completed_at <= timezone.now()  # a clock in the future is not believed


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"events": []},
        {"events": "x"},
        {"events": [{"idempotency_key": "short", "verb": "completed", "item": 1}]},
        {"events": [event("evt-2001-cccc", None, verb="passed")]},
        {"events": [{**event("evt-2001-cccc", None), "occurred_at": "yesterday"}]},
        {"events": [event("evt-2001-cccc", None)] * 2},
        {"events": [event(f"evt-3{n:03d}-dddd", None) for n in range(101)]},
        [1, 2, 3],
    ],
)
def test_malformed_batches_are_400_and_change_nothing(tree, learner, learner_api, body):
    enrol(user=learner, course=tree.course)
    for e in (
        body.get("events", [])
        if isinstance(body, dict) and isinstance(body.get("events"), list)
        else []
    ):
        e["item"] = tree.lessons[0].pk
    before = LearningEvent.objects.count()
    response = learner_api.post("/api/v1/progress/events/", body, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert LearningEvent.objects.count() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_batch_twice_at_once_is_recorded_once():
    tree = build_course(slug="race", modules=(2,))
    learner = UserFactory()
    enrol(user=learner, course=tree.course)
    batch = {
        "events": [event(f"race-{n:04d}-eeee", lesson) for n, lesson in enumerate(tree.lessons)]
    }
    clients = [client_for(learner) for _ in range(4)]

    def send(client):
        return lambda: client.post("/api/v1/progress/events/", batch, format="json")

    responses, errors = run_concurrently([send(c) for c in clients])
    assert not errors, errors
    assert {r.status_code for r in responses} == {200}
    statuses = [r.json()["results"][0]["status"] for r in responses]
    assert statuses.count("recorded") == 1 and statuses.count("duplicate") == 3
    assert Completion.objects.filter(user=learner).count() == 2
    assert (
        LearningEvent.objects.filter(user=learner, idempotency_key__startswith="client:").count()
        == 2
    )
    assert LearningEvent.objects.filter(user=learner, verb="course_completed").count() == 1
    connection.close()


def test_my_learning(tree, learner, learner_api):
    enrol(user=learner, course=tree.course)
    entries = learner_api.get("/api/v1/me/learning/").json()["results"]
    assert [(e["course"], e["done"], e["total"]) for e in entries] == [(tree.course.pk, 0, 3)]
