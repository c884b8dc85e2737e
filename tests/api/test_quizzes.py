"""Quizzes through the API: start, save, submit, result, practice — and never an answer key in
a response the learner gets before the quiz's rules allow it."""

import json

import pytest

from courses.services import enrol
from progress.models import LearningEvent
from quizzes.models import QuizAttempt
from tests.api.conftest import client_for
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.quizzes import SECRETS, add_quiz, right_answers, wrong_answers

pytestmark = pytest.mark.django_db

#: Keys of the answer key in a served question: none may appear in an open attempt's response.
KEY_FIELDS = {"correct", "answer", "value", "tolerance", "accepted", "feedback", "explanation"}


def as_json(form_answers: dict) -> dict:
    """The factories' form answers ({"q-<id>": value}) as the API's {"answers": {id: value}}."""
    answers = {}
    for key, value in form_answers.items():
        qid = key[2:]
        if value == "true":
            value = True
        answers[qid] = value
    return {"answers": answers}


def keys_in(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in keys_in(v)}
    if isinstance(data, list):
        return {k for v in data for k in keys_in(v)}
    return set()


def assert_no_key(response):
    text = json.dumps(response.json(), ensure_ascii=False)
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, leaked
    assert not keys_in(response.json()) & KEY_FIELDS, keys_in(response.json()) & KEY_FIELDS


@pytest.fixture
def quiz_setup():
    tree = build_course(slug="qz", modules=(1, 1), gating="sequential")
    quiz = add_quiz(tree.modules[0], show_answers="never", max_attempts=2)
    return tree, quiz


def test_no_response_before_grading_holds_an_answer_key(quiz_setup):
    tree, quiz = quiz_setup
    user = UserFactory()
    enrol(user=user, course=tree.course)
    api = client_for(user)
    responses = [api.get(f"/api/v1/quizzes/{quiz.pk}/")]
    started = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert started.status_code == 201
    responses.append(started)
    attempt = started.json()["id"]
    partial = as_json(right_answers())
    first = next(iter(partial["answers"]))
    responses.append(
        api.put(
            f"/api/v1/attempts/{attempt}/answers/",
            {"answers": {first: partial["answers"][first]}},
            format="json",
        )
    )
    responses.append(api.get(f"/api/v1/attempts/{attempt}/"))
    responses.append(api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/"))  # continue: 200
    assert responses[-1].status_code == 200 and responses[-1].json()["id"] == attempt
    responses.append(api.post(f"/api/v1/attempts/{attempt}/submit/", {}, format="json"))
    assert responses[-1].status_code == 400
    for response in responses:
        assert_no_key(response)
    # Graded, answers hidden by the quiz ("never"): still no correct answer in the result.
    result = api.post(
        f"/api/v1/attempts/{attempt}/submit/", as_json(wrong_answers()), format="json"
    )
    assert result.status_code == 200, result.content
    body = result.json()
    assert body["passed"] is False and body["answers_shown"] is False
    assert all(q["correct_answer"] == [] for q in body["questions"])
    text = json.dumps(body, ensure_ascii=False)
    assert "4321.5" not in text and "ACCEPTED-ANSWER-6611" not in text
    assert_no_key(api.get(f"/api/v1/quizzes/{quiz.pk}/"))


def test_submit_grades_on_the_server_only(quiz_setup):
    tree, quiz = quiz_setup
    user = UserFactory()
    enrol(user=user, course=tree.course)
    api = client_for(user)
    attempt = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    cheat = {**as_json(wrong_answers()), "score": 100, "passed": True, "percent": "100"}
    result = api.post(f"/api/v1/attempts/{attempt}/submit/", cheat, format="json").json()
    assert result["passed"] is False and result["percent"] != "100.00"
    # Submitting again returns the same grade (graded once).
    again = api.post(f"/api/v1/attempts/{attempt}/submit/", as_json(right_answers()), format="json")
    assert again.json()["percent"] == result["percent"]
    second = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    passed = api.post(f"/api/v1/attempts/{second}/submit/", as_json(right_answers()), format="json")
    assert passed.json()["passed"] is True
    verbs = list(
        LearningEvent.objects.filter(user=user, item_key=quiz.translation_key)
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["attempted", "failed", "attempted", "passed", "completed"]
    # With its lesson done too, module 1 is complete: module 2 opens.
    assert api.post(f"/api/v1/lessons/{tree.lessons[0].pk}/complete/").status_code == 200
    detail = api.get(f"/api/v1/courses/{tree.course.pk}/").json()
    assert [m["is_open"] for m in detail["modules"]] == [True, True]
    refused = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "already_passed"


def test_bad_answers_are_400_with_the_grading_code(quiz_setup):
    tree, quiz = quiz_setup
    user = UserFactory()
    enrol(user=user, course=tree.course)
    api = client_for(user)
    attempt = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    for body, code in [
        ({"answers": {"not-a-question": "x"}}, "unknown_question"),
        ({"answers": []}, "invalid_body"),
        ({"nothing": 1}, "invalid_body"),
    ]:
        response = api.put(f"/api/v1/attempts/{attempt}/answers/", body, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["error"]["code"] == code
    duplicate = b'{"answers": {"a": 1, "a": 2}}'
    response = api.put(
        f"/api/v1/attempts/{attempt}/answers/", duplicate, content_type="application/json"
    )
    assert response.status_code == 400
    form = api.put(f"/api/v1/attempts/{attempt}/answers/", {"answers": "x"})
    assert form.status_code == 415
    assert QuizAttempt.objects.get(pk=attempt).responses == {}


def test_another_learners_attempt_and_a_locked_quiz_are_404(quiz_setup):
    tree, quiz = quiz_setup
    owner, other = UserFactory(), UserFactory()
    enrol(user=owner, course=tree.course)
    enrol(user=other, course=tree.course)
    attempt = client_for(owner).post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    intruder = client_for(other)
    for method, url in [
        ("get", f"/api/v1/attempts/{attempt}/"),
        ("put", f"/api/v1/attempts/{attempt}/answers/"),
        ("post", f"/api/v1/attempts/{attempt}/submit/"),
        ("get", f"/api/v1/attempts/{attempt}/result/"),
    ]:
        response = getattr(intruder, method)(url, {"answers": {}}, format="json")
        assert response.status_code == 404, (url, response.status_code)
    locked = add_quiz(tree.modules[1], slug="quiz-2")
    assert intruder.post(f"/api/v1/quizzes/{locked.pk}/attempts/").status_code == 404
    assert intruder.get(f"/api/v1/quizzes/{locked.pk}/").json()["error"]["code"] == "locked"
    stranger = client_for(UserFactory())
    assert stranger.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 404


def test_practice_answers_one_question_at_a_time():
    tree = build_course(slug="pr", modules=(1,))
    quiz = add_quiz(tree.modules[0], mode="practice")
    user = UserFactory()
    enrol(user=user, course=tree.course)
    api = client_for(user)
    started = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert_no_key(started)
    attempt = started.json()["id"]
    answers = as_json(right_answers())["answers"]
    last = None
    for qid, value in answers.items():
        last = api.post(
            f"/api/v1/attempts/{attempt}/practice-answer/",
            {"answers": {qid: value}},
            format="json",
        )
        assert last.status_code == 200, last.content
        assert last.json()["question"]["right"] is True
    assert last.json()["finished"] is True
    result = api.get(f"/api/v1/attempts/{attempt}/result/")
    assert result.status_code == 200 and result.json()["mode"] == "practice"
