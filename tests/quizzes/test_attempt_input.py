"""What a client sends is a request, not a fact: extra fields are ignored, malformed answers get
a 400 with a message and change nothing, another learner's attempt is a 404."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.forms import RESPONSE_MESSAGES
from quizzes.models import QuizAttempt
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import SINGLE, TRUE_FALSE, add_quiz, qid, right_answers

from .helpers import course_with_quiz, learner, start, url

pytestmark = pytest.mark.django_db


def message(code: str) -> str:
    """The message a learner reads, in Arabic (the default language of the pages)."""
    from django.utils import translation

    with translation.override("ar"):
        return str(RESPONSE_MESSAGES[code])


def snapshot(attempt):
    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    return (attempt.status, attempt.responses, attempt.results, attempt.score, attempt.number)


@pytest.fixture
def open_attempt(client):
    tree, quiz = course_with_quiz(pass_mark=90)
    user = learner(client, tree)
    attempt = start(client, quiz)
    client.post(url("save", attempt), {f"q-{SINGLE}": qid("single/c")})
    return tree, quiz, user, attempt


def test_score_correct_flag_number_and_user_from_the_request_are_ignored(client, open_attempt):
    tree, quiz, user, attempt = open_attempt
    other = UserFactory()
    data = {
        **{k: v for k, v in right_answers().items() if k != f"q-{SINGLE}"},
        f"q-{SINGLE}": qid("single/b"),  # wrong
        "score": "7",
        "percent": "100",
        "passed": "true",
        "correct": "true",
        "number": "99",
        "user": str(other.pk),
        "user_id": str(other.pk),
        "attempt": "1",
        "max_score": "1",
    }
    response = client.post(url("submit", attempt), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.user_id == user.pk and attempt.number == 1
    assert attempt.score == 6 and attempt.max_score == 7 and not attempt.passed
    assert attempt.results[SINGLE]["correct"] is False
    assert not QuizAttempt.objects.filter(user=other).exists()


def test_json_submission_ignores_everything_but_answers(client, open_attempt):
    tree, quiz, user, attempt = open_attempt
    answers = {k[2:]: v for k, v in right_answers().items()}
    answers[SINGLE] = qid("single/b")
    body = {"answers": answers, "score": 7, "correct": True, "user": 1, "number": 5}
    response = client.post(
        url("submit", attempt), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.score == 6 and attempt.number == 1 and attempt.user_id == user.pk


def other_quiz_choice(tree):
    other = add_quiz(tree.modules[1], slug="other", prefix="other/")
    return other, qid("other/single/a")


MALFORMED = {
    "unknown question": ({"q-not-a-question": "x"}, "unknown_question"),
    "list for one value": ({f"q-{SINGLE}": [qid("single/a"), qid("single/b")]}, "expected_single"),
    "not a boolean": ({f"q-{TRUE_FALSE}": "maybe"}, "not_a_boolean"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
@pytest.mark.parametrize("action", ["save", "submit"])
def test_malformed_form_answers_get_400_and_change_nothing(client, open_attempt, case, action):
    tree, quiz, user, attempt = open_attempt
    data, code = MALFORMED[case]
    before = snapshot(attempt)
    response = client.post(url(action, attempt), data)
    assert response.status_code == 400
    assert message(code) in response.content.decode()
    assert snapshot(attempt) == before


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_choice_from_another_quiz_is_refused(client, open_attempt, action):
    tree, quiz, user, attempt = open_attempt
    _other, foreign_choice = other_quiz_choice(tree)
    before = snapshot(attempt)
    response = client.post(url(action, attempt), {f"q-{SINGLE}": foreign_choice})
    assert response.status_code == 400
    assert message("unknown_choice") in response.content.decode()
    assert snapshot(attempt) == before


@pytest.mark.parametrize("action", ["save", "submit"])
def test_the_same_question_twice_is_refused(client, open_attempt, action):
    tree, quiz, user, attempt = open_attempt
    before = snapshot(attempt)
    a, b = qid("single/a"), qid("single/b")
    body = f'{{"answers": {{"{SINGLE}": "{a}", "{SINGLE}": "{b}"}}}}'
    response = client.post(url(action, attempt), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "duplicate_question"
    assert response.json()["message"] == message("duplicate_question")
    assert snapshot(attempt) == before


@pytest.mark.parametrize("action", ["save", "submit"])
def test_ten_thousand_answers_are_refused(client, open_attempt, action):
    tree, quiz, user, attempt = open_attempt
    before = snapshot(attempt)
    form = "&".join(f"q-{n}=x" for n in range(10_000))
    response = client.post(
        url(action, attempt), form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert message("too_many_answers") in response.content.decode()
    body = json.dumps({"answers": {f"q{n}": "x" for n in range(10_000)}})
    response = client.post(url(action, attempt), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "too_many_answers"
    assert snapshot(attempt) == before


@pytest.mark.parametrize("action", ["save", "submit", "answer"])
def test_an_empty_body_is_refused(client, open_attempt, action):
    tree, quiz, user, attempt = open_attempt
    before = snapshot(attempt)
    response = client.post(
        url(action, attempt), "", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert message("empty") in response.content.decode()
    response = client.post(url(action, attempt), "", content_type="application/json")
    assert response.status_code == 400
    assert snapshot(attempt) == before


@pytest.mark.parametrize(
    "body", ["{not json", "[1, 2]", '{"answers": [1, 2]}', '{"answers": "x"}', '"x"']
)
def test_unreadable_json_is_refused(client, open_attempt, body):
    tree, quiz, user, attempt = open_attempt
    before = snapshot(attempt)
    response = client.post(url("submit", attempt), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]
    assert snapshot(attempt) == before


def test_another_learners_attempt_answers_404(client, open_attempt):
    tree, quiz, user, attempt = open_attempt
    intruder = learner(client, tree, UserFactory())
    before = snapshot(attempt)
    for name in ("attempt", "result"):
        assert client.get(url(name, attempt)).status_code == 404
    for name in ("save", "submit", "answer"):
        assert client.post(url(name, attempt), right_answers()).status_code == 404
    assert snapshot(attempt) == before
    assert intruder.pk != user.pk
    client.logout()
    response = client.get(url("attempt", attempt))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_submitted_attempt_is_graded_once(client, open_attempt):
    tree, quiz, user, attempt = open_attempt
    client.post(url("submit", attempt), right_answers())
    graded = snapshot(attempt)
    wrong = {f"q-{SINGLE}": qid("single/b")}
    assert client.post(url("submit", attempt), wrong).status_code == 302
    assert client.post(url("save", attempt), wrong).status_code == 302
    assert snapshot(attempt) == graded


def submit_queries(client, tree, module, n_questions, slug):
    from tests.factories.quizzes import sample_questions

    questions = []
    for i in range(n_questions // 5):
        questions += [q for q in sample_questions(prefix=f"{slug}/{i}/") if q["type"] != "ordering"]
    quiz = add_quiz(module, slug=slug, questions=questions)
    attempt = start(client, quiz)
    data = {}
    for i in range(n_questions // 5):
        data.update(
            {k: v for k, v in right_answers(prefix=f"{slug}/{i}/").items() if "ordering" not in k}
        )
    data = {k: v for k, v in data.items() if k[2:] in {q["id"] for q in questions}}
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url("submit", attempt), data)
    assert response.status_code == 302
    assert QuizAttempt.objects.get(pk=attempt.pk).percent == 100
    return len(ctx.captured_queries)


def test_queries_per_submit_do_not_grow_with_the_number_of_questions(client):
    tree, _quiz = course_with_quiz(modules=(1, 1, 1))
    learner(client, tree)
    small = submit_queries(client, tree, tree.modules[1], 5, "five")
    large = submit_queries(client, tree, tree.modules[2], 50, "fifty")
    assert small == large
    assert large <= 30
