"""Practice answers given on the offline practice page reach the batch of client events: each is
graded again on the server and recorded once as an "answered" learning event with the server's
verdict — never the device's, never a graded attempt, never a completion. A bad answer is
refused in its own result; the rest of the batch is recorded."""

import pytest
from django.test import override_settings

from courses.services import enrol
from progress import xapi
from progress.models import Completion, LearningEvent, XapiStatement
from quizzes.models import QuizAttempt, QuizRecord
from tests.api.conftest import client_for
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.quizzes import MULTIPLE, NUMERIC, SHORT, SINGLE, TRUE_FALSE, add_quiz, qid

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/progress/events/"


@pytest.fixture
def tree():
    return build_course(slug="practice", modules=(1, 1), gating="sequential")


@pytest.fixture
def quiz(tree):
    return add_quiz(tree.modules[0], mode="practice")


@pytest.fixture
def enrolled(tree, learner):
    enrol(user=learner, course=tree.course)
    return learner


def answer(key, quiz, question, response, **extra):
    return {
        "idempotency_key": key,
        "verb": "answered",
        "item": quiz.pk,
        "occurred_at": "2026-03-01T09:00:00+00:00",
        "question": question,
        "response": response,
        **extra,
    }


def send(api, *events):
    response = api.post(EVENTS, {"events": list(events)}, format="json")
    assert response.status_code == 200, response.content
    return [(r["status"], r["code"]) for r in response.json()["results"]]


def answers(user):
    return LearningEvent.objects.filter(user=user, verb="answered").order_by("pk")


def test_an_answer_sent_twice_is_recorded_once(quiz, enrolled, learner_api):
    batch = [answer("ans-0001-aaaa", quiz, SINGLE, qid("single/a"))]
    assert send(learner_api, *batch) == [("recorded", "")]
    assert send(learner_api, *batch) == [("duplicate", "")]
    event = answers(enrolled).get()
    assert event.item_key == quiz.translation_key
    assert event.course_key == quiz.get_parent().get_parent().translation_key
    assert event.idempotency_key == f"client:{enrolled.pk}:ans-0001-aaaa"
    assert event.occurred_at.isoformat().startswith("2026-03-01T09:00")  # the device's clock
    assert event.data == {
        "source": "offline",
        "question": SINGLE,
        "type": "single",
        "response": qid("single/a"),
        "correct": True,
    }


def test_the_servers_verdict_is_recorded_never_the_devices(quiz, enrolled, learner_api):
    batch = [
        # Wrong, though the device says right.
        answer("ans-0002-aaaa", quiz, SINGLE, qid("single/b"), correct=True, result="right"),
        # Right as the server normalises it: Arabic-Indic digits, decimal comma.
        answer("ans-0003-aaaa", quiz, NUMERIC, "٤٣٢١,٥", correct=False),
        answer("ans-0004-aaaa", quiz, MULTIPLE, [qid("multiple/b"), qid("multiple/a")]),
        answer("ans-0005-aaaa", quiz, MULTIPLE, [qid("multiple/a")]),  # partly right: wrong
        answer("ans-0006-aaaa", quiz, TRUE_FALSE, "false"),
        answer("ans-0007-aaaa", quiz, SHORT, "الجَمع  العامّ"),  # vowel marks, two spaces
    ]
    assert send(learner_api, *batch) == [("recorded", "")] * 6
    assert [(e.data["question"], e.data["correct"]) for e in answers(enrolled)] == [
        (SINGLE, False),
        (NUMERIC, True),
        (MULTIPLE, True),
        (MULTIPLE, False),
        (TRUE_FALSE, False),
        (SHORT, True),
    ]
    stored = [e.data["response"] for e in answers(enrolled)]
    assert stored[1] == "4321.5"  # normalised by the server
    assert stored[2] == [qid("multiple/a"), qid("multiple/b")]  # in the question's order
    assert stored[4] is False


def test_a_practice_answer_is_no_attempt_and_no_completion(quiz, enrolled, learner_api):
    every = [
        answer(f"ans-01{n}-aaaa", quiz, q, r)
        for n, (q, r) in enumerate(
            [
                (SINGLE, qid("single/a")),
                (MULTIPLE, [qid("multiple/a"), qid("multiple/b")]),
                (TRUE_FALSE, True),
                (NUMERIC, "4321.5"),
                (SHORT, "الجمع العام"),
                (qid("ordering"), [qid("ordering/1"), qid("ordering/2"), qid("ordering/3")]),
            ]
        )
    ]
    assert send(learner_api, *every) == [("recorded", "")] * 6
    assert all(e.data["correct"] for e in answers(enrolled))
    assert not QuizAttempt.objects.filter(user=enrolled).exists()
    assert not QuizRecord.objects.filter(user=enrolled).exists()
    assert not Completion.objects.filter(user=enrolled).exists()


def test_bad_answers_are_refused_one_by_one_and_the_rest_recorded(
    tree, quiz, enrolled, learner_api
):
    graded = add_quiz(tree.modules[0], slug="graded", mode="graded")
    hidden = add_quiz(tree.modules[0], slug="hidden", mode="practice", show_answers="never")
    locked = add_quiz(tree.modules[1], slug="later", mode="practice")
    other = build_course(slug="elsewhere", modules=(1,))
    stranger_quiz = add_quiz(other.modules[0], slug="theirs", mode="practice")
    before = LearningEvent.objects.count()
    batch = [
        answer("bad-0001-aaaa", graded, SINGLE, qid("single/a")),  # graded: online only
        answer("bad-0002-aaaa", hidden, SINGLE, qid("single/a")),  # its key stays on the server
        answer("bad-0003-aaaa", tree.lessons[0], SINGLE, qid("single/a")),  # not a quiz
        answer("bad-0004-aaaa", quiz, qid("nowhere"), qid("single/a")),  # no such question
        answer("bad-0005-aaaa", quiz, SINGLE, qid("multiple/a")),  # another question's choice
        answer("bad-0006-aaaa", quiz, SINGLE, [qid("single/a")]),  # a list for one choice
        answer("bad-0007-aaaa", quiz, NUMERIC, "beaucoup"),
        answer("bad-0008-aaaa", quiz, SHORT, "x" * 501),
        answer("bad-0009-aaaa", quiz, SINGLE, None),  # not answered
        answer("bad-0010-aaaa", quiz, SINGLE, {"id": qid("single/a")}),
        answer("bad-0011-aaaa", quiz, "", qid("single/a")),
        {k: v for k, v in answer("bad-0012-aaaa", quiz, SINGLE, "x").items() if k != "response"},
        answer("bad-0013-aaaa", locked, SINGLE, qid("single/a")),  # module 2 still locked
        answer("bad-0014-aaaa", stranger_quiz, SINGLE, qid("single/a")),  # not enrolled there
        answer("bad-0015-aaaa", tree.modules[0], SINGLE, qid("single/a")),  # not an item
        answer("good-0016-aaaa", quiz, SINGLE, qid("single/a")),
    ]
    assert send(learner_api, *batch) == [
        ("rejected", "not_practice"),
        ("rejected", "not_practice"),
        ("rejected", "not_practice"),
        ("rejected", "unknown_question"),
        ("rejected", "invalid_answer"),
        ("rejected", "invalid_answer"),
        ("rejected", "invalid_answer"),
        ("rejected", "invalid_answer"),
        ("rejected", "invalid_answer"),
        ("rejected", "invalid_answer"),
        ("rejected", "invalid_answer"),
        ("rejected", "invalid_answer"),
        ("rejected", "locked"),
        ("rejected", "not_enrolled"),
        ("rejected", "not_found"),
        ("recorded", ""),
    ]
    assert LearningEvent.objects.count() == before + 1
    assert answers(enrolled).get().idempotency_key.endswith("good-0016-aaaa")


@pytest.mark.parametrize(
    "field",
    [{"question": ["a"]}, {"question": "q" * 81}, {"verb": "guessed"}],
)
def test_a_malformed_answer_event_is_a_400_that_changes_nothing(quiz, enrolled, learner_api, field):
    before = LearningEvent.objects.count()
    body = {"events": [{**answer("bad-0100-aaaa", quiz, SINGLE, qid("single/a")), **field}]}
    response = learner_api.post(EVENTS, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"]
    assert LearningEvent.objects.count() == before


def test_another_learner_replaying_the_same_key_is_their_own_event(quiz, tree, enrolled):
    other = UserFactory()
    enrol(user=other, course=tree.course)
    event = answer("same-0001-aaaa", quiz, SINGLE, qid("single/a"))
    assert send(client_for(enrolled), event) == [("recorded", "")]
    assert send(client_for(other), event) == [("recorded", "")]
    assert answers(enrolled).count() == answers(other).count() == 1


@override_settings(XAPI_LRS_URL="http://127.0.0.1:9/xAPI")
def test_an_answer_goes_out_as_an_xapi_answered_statement(quiz, enrolled, learner_api):
    send(
        learner_api,
        answer("xapi-0001-aaaa", quiz, MULTIPLE, [qid("multiple/a"), qid("multiple/b")]),
        answer("xapi-0002-aaaa", quiz, TRUE_FALSE, "false"),
    )
    rows = XapiStatement.objects.filter(event__user=enrolled).order_by("event__pk")
    right, wrong = (row.statement for row in rows)
    assert right["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert right["result"] == {
        "success": True,
        "response": f"{qid('multiple/a')}[,]{qid('multiple/b')}",
    }
    assert right["object"]["definition"] == {
        "type": xapi.ACTIVITY + "cmi.interaction",
        "interactionType": "choice",
    }
    assert right["object"]["id"].endswith(f"/quiz/{quiz.translation_key}/questions/{MULTIPLE}")
    parent = right["context"]["contextActivities"]["parent"][0]
    assert parent["id"].endswith(f"/quiz/{quiz.translation_key}")
    assert wrong["result"] == {"success": False, "response": "false"}
    assert wrong["object"]["definition"]["interactionType"] == "true-false"
    assert right["timestamp"].startswith("2026-03-01T09:00")
