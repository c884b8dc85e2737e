"""A learner takes a quiz: gated like a lesson, graded on the server, fails, retries, passes,
and passing completes the module (and opens the next one in a sequential course)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

from courses.models import ModulePage
from progress.models import Completion
from quizzes.models import QuizAttempt, QuizPage
from quizzes.questions import plain_question, questions_for_attempt
from tests.factories.quizzes import (
    MULTIPLE,
    ORDERING,
    SECRETS,
    SINGLE,
    add_bank_question,
    add_quiz,
    qid,
    right_answers,
    sample_questions,
    wrong_answers,
)

from .helpers import course_with_quiz, learner, start, url

pytestmark = pytest.mark.django_db


def test_quiz_pages_live_under_modules_only():
    assert QuizPage.allowed_parent_page_models() == [ModulePage]
    assert QuizPage in ModulePage.allowed_subpage_models()
    assert QuizPage.is_learning_item and not QuizPage.self_completable


def test_blocks_give_grading_the_dicts_it_expects_with_stable_ids():
    tree, quiz = course_with_quiz()
    served = questions_for_attempt(quiz, seed="s")
    assert served == [
        {**q, "points": str(q["points"]), "feedback": q["feedback"]}
        if q["type"] != "true_false"
        else {**q, "points": str(q["points"])}
        for q in sample_questions()
    ]
    # Saving again and translating keep every question and choice id.
    fr = Locale.objects.create(language_code="fr")
    from tests.factories.courses import translate_tree

    translate_tree(tree)
    fr_quiz = quiz.copy_for_translation(fr).specific
    fr_quiz.save_revision().publish()
    assert questions_for_attempt(fr_quiz, seed="s") == served
    block = quiz.questions[0]
    assert plain_question(block.block_type, block.value, block.id)["choices"][0]["id"] == qid(
        "single/a"
    )


def test_the_quiz_is_gated_like_a_lesson_and_has_no_done_button(client):
    tree, quiz = course_with_quiz(modules=(1, 1), gating="sequential")
    second = add_quiz(tree.modules[1], slug="quiz-2", prefix="m2/")
    response = client.get(quiz.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    learner(client, tree)
    html = client.get(quiz.url).content.decode()
    assert reverse("quizzes:start", args=[quiz.pk]) in html
    assert reverse("progress:mark_done", args=[quiz.pk]) not in html
    assert client.post(reverse("progress:mark_done", args=[quiz.pk])).status_code == 404
    # The second module's quiz is locked: neither the page nor a start.
    assert client.get(second.url).status_code == 403
    assert client.post(reverse("quizzes:start", args=[second.pk])).status_code == 404
    assert not QuizAttempt.objects.exists()


def test_an_unenrolled_learner_cannot_start(client):
    tree, quiz = course_with_quiz()
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())
    assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 404
    assert not QuizAttempt.objects.exists()


def test_nothing_of_the_answer_key_reaches_the_browser_before_submission(client):
    tree, quiz = course_with_quiz(intro="Read the module first.")
    learner(client, tree)
    pages = [client.get(quiz.url).content.decode()]
    attempt = start(client, quiz)
    pages.append(client.get(url("attempt", attempt)).content.decode())
    client.post(url("save", attempt), {f"q-{SINGLE}": qid("single/b")})
    pages.append(client.get(url("attempt", attempt)).content.decode())
    for html in pages:
        for secret in SECRETS:
            assert secret not in html, secret
        assert "correct" not in html.lower()
        assert "accepted" not in html.lower()
    # The ordering question does not show its steps in the right order.
    attempt_html = pages[1]
    positions = [attempt_html.index(f">STEP-{n}<") for n in ("ONE", "TWO", "THREE")]
    assert positions != sorted(positions)
    # The result page before submission is the attempt page again.
    response = client.get(url("result", attempt))
    assert response.status_code == 302 and response["Location"] == url("attempt", attempt)
    # Nor does "download my data" give the key away while the attempt is open.
    import io
    import zipfile

    archive = client.post(reverse("accounts:download_my_data")).content
    exported = zipfile.ZipFile(io.BytesIO(archive)).read("my-data.json").decode()
    assert '"served"' not in exported
    for secret in SECRETS:
        assert secret not in exported, secret


def test_fail_retry_pass_completes_the_module_and_opens_the_next(
    client, django_capture_on_commit_callbacks
):
    tree, quiz = course_with_quiz(modules=(1, 1), gating="sequential", max_attempts=3)
    user = learner(client, tree)
    client.post(reverse("progress:mark_done", args=[tree.lessons[0].pk]))
    next_lesson = tree.lessons[1]
    assert client.get(next_lesson.url).status_code == 403

    attempt = start(client, quiz)
    response = client.post(url("submit", attempt), wrong_answers())
    assert response.status_code == 302
    html = client.get(url("result", attempt)).content.decode()
    assert "0%" in html
    assert "EXPLAIN-SINGLE-7731" in html and "CHOICE-FEEDBACK-WRONG-9952" in html
    assert reverse("quizzes:start", args=[quiz.pk]) in html  # Retry
    assert client.get(next_lesson.url).status_code == 403
    assert not Completion.objects.filter(user=user, item_key=quiz.translation_key).exists()

    retry = start(client, quiz)
    assert retry.number == 2 and retry.pk != attempt.pk
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("submit", retry), right_answers())
    retry.refresh_from_db()
    assert retry.passed and retry.percent == 100 and retry.score == retry.max_score == 7
    completion = Completion.objects.get(user=user, item_key=quiz.translation_key)
    assert completion.source == "quiz"
    assert client.get(next_lesson.url).status_code == 200
    page = client.get(quiz.url).content.decode()
    assert "100%" in page and next_lesson.title in page
    # Passed: no third attempt.
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert QuizAttempt.objects.filter(user=user).count() == 2


def test_partial_credit_and_per_question_results(client):
    tree, quiz = course_with_quiz(pass_mark=50)
    learner(client, tree)
    attempt = start(client, quiz)
    answers = right_answers()
    answers[f"q-{MULTIPLE}"] = [qid("multiple/a")]  # half of 2 points
    client.post(url("submit", attempt), answers)
    attempt.refresh_from_db()
    assert attempt.score == 6 and attempt.max_score == 7 and attempt.percent == Decimal("85.71")
    assert attempt.results[MULTIPLE]["score"] == "1.00"
    assert attempt.results[MULTIPLE]["correct"] is False


def test_no_more_attempts_than_allowed(client):
    tree, quiz = course_with_quiz(max_attempts=2)
    user = learner(client, tree)
    for _ in range(2):
        attempt = start(client, quiz)
        client.post(url("submit", attempt), wrong_answers())
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True)
    assert QuizAttempt.objects.filter(user=user).count() == 2
    from django.utils import translation

    from quizzes.views import QUIZ_ERRORS

    with translation.override("ar"):
        assert str(QUIZ_ERRORS["no_attempts_left"]) in response.content.decode()


def test_starting_twice_continues_the_open_attempt(client):
    tree, quiz = course_with_quiz(max_attempts=1)
    learner(client, tree)
    first = start(client, quiz)
    client.post(url("save", first), {f"q-{SINGLE}": qid("single/c")})
    again = start(client, quiz)
    assert again.pk == first.pk
    html = client.get(url("attempt", again)).content.decode()
    assert f'value="{qid("single/c")}" checked' in html


def test_editing_the_quiz_never_changes_a_past_score(client):
    tree, quiz = course_with_quiz(pass_mark=50)
    learner(client, tree)
    attempt = start(client, quiz)
    client.post(url("submit", attempt), right_answers())
    # The author now makes another choice "correct" and removes a question.
    data = quiz.questions.raw_data
    data[0]["value"]["choices"][0]["value"]["correct"] = False
    data[0]["value"]["choices"][1]["value"]["correct"] = True
    quiz.questions = list(data)[:-1]
    quiz.save_revision().publish()
    html = client.get(url("result", attempt)).content.decode()
    attempt.refresh_from_db()
    assert attempt.percent == 100 and "100%" in html
    assert attempt.revision_id is not None
    assert len(attempt.served) == 6


@pytest.mark.parametrize(
    ("policy", "shown_after_fail"),
    [("after_each_attempt", True), ("after_passing", False), ("never", False)],
)
def test_right_answers_are_shown_per_the_quiz_setting(client, policy, shown_after_fail):
    tree, quiz = course_with_quiz(show_answers=policy)
    learner(client, tree)
    attempt = start(client, quiz)
    client.post(url("submit", attempt), wrong_answers())
    html = client.get(url("result", attempt)).content.decode()
    assert ("ACCEPTED-ANSWER-6611" in html) is shown_after_fail
    assert "EXPLAIN-SHORT-7735" in html  # explanations of missed questions: always


def test_right_answers_after_the_last_attempt(client):
    tree, quiz = course_with_quiz(show_answers="after_last_attempt", max_attempts=2)
    learner(client, tree)
    first = start(client, quiz)
    client.post(url("submit", first), wrong_answers())
    assert "ACCEPTED-ANSWER-6611" not in client.get(url("result", first)).content.decode()
    second = start(client, quiz)
    client.post(url("submit", second), wrong_answers())
    assert "ACCEPTED-ANSWER-6611" in client.get(url("result", second)).content.decode()


def test_time_limit_is_enforced_by_the_server(client):
    tree, quiz = course_with_quiz(time_limit_minutes=10)
    learner(client, tree)
    attempt = start(client, quiz)
    assert attempt.deadline is not None
    client.post(url("save", attempt), {f"q-{SINGLE}": qid("single/a")})
    # Twenty minutes later, the learner submits everything right: too late.
    deadline = timezone.now() - dt.timedelta(minutes=10)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    response = client.post(url("submit", attempt), right_answers())
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.submitted_at == deadline
    assert attempt.score == 1  # only the answer saved in time counts
    assert attempt.responses == {SINGLE: qid("single/a")}


def test_an_expired_attempt_is_graded_when_opened(client):
    tree, quiz = course_with_quiz(time_limit_minutes=5)
    learner(client, tree)
    attempt = start(client, quiz)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get(url("attempt", attempt))
    assert response.status_code == 302 and response["Location"] == url("result", attempt)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.timed_out and attempt.percent == 0


def test_practice_gives_feedback_per_question_and_completes_without_a_score(client):
    tree, quiz = course_with_quiz(mode="practice", max_attempts=1)
    user = learner(client, tree)
    attempt = start(client, quiz)
    html = client.get(url("attempt", attempt)).content.decode()
    assert html.count('class="quiz-q') == 1  # one question per page
    for secret in SECRETS:
        assert secret not in html
    response = client.post(url("answer", attempt), {f"q-{SINGLE}": qid("single/b")})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "CHOICE-FEEDBACK-WRONG-9952" in html and "EXPLAIN-SINGLE-7731" in html
    assert "الجمع العام" in html  # the right answer, shown after answering
    # The next question has no feedback yet.
    html = client.get(url("attempt", attempt)).content.decode()
    assert "EXPLAIN-MULTIPLE-7732" not in html
    answers = right_answers()
    del answers[f"q-{SINGLE}"]
    for key, value in answers.items():
        assert not Completion.objects.filter(user=user).exists()
        client.post(url("answer", attempt), {key: value})
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.percent is None and attempt.passed is None
    assert Completion.objects.filter(user=user, item_key=quiz.translation_key).exists()
    html = client.get(url("result", attempt)).content.decode()
    assert "%" not in html.split("<main")[1].split("Question")[0]
    # Practice again: no attempt limit in practice mode.
    again = start(client, quiz)
    assert again.number == 2


def test_practice_needs_one_answer_at_a_time(client):
    tree, quiz = course_with_quiz(mode="practice")
    learner(client, tree)
    attempt = start(client, quiz)
    response = client.post(url("answer", attempt), right_answers())
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.responses == {}


def test_random_questions_from_the_bank_are_drawn_per_attempt(client):
    tree, quiz = course_with_quiz(questions=sample_questions()[:1])
    banked = [
        add_bank_question(q, tags=["governance"]) for q in sample_questions(prefix="bank/")[:4]
    ]
    add_bank_question(sample_questions(prefix="other/")[0], tags=["finance"])
    quiz.questions = list(quiz.questions.raw_data) + [
        {"type": "bank_draw", "value": {"tag": "governance", "count": 2}, "id": "draw-1"},
        {"type": "bank_question", "value": banked[0].pk, "id": "fixed-bank"},
    ]
    quiz.save_revision().publish()
    learner(client, tree)
    attempt = start(client, quiz)
    ids = [q["id"] for q in attempt.served]
    assert len(ids) == 4 and ids[0] == SINGLE
    assert ids[-1] == qid("bank/single")  # the fixed bank question, never drawn again
    drawn = set(ids[1:3])
    assert drawn <= {qid(f"bank/{n}") for n in ("multiple", "true_false", "numeric")}
    assert questions_for_attempt(quiz, seed=attempt.seed) == attempt.served
    assert quiz.question_count == 4


def test_ordering_and_multiple_answers_round_trip_through_the_form(client):
    tree, quiz = course_with_quiz()
    learner(client, tree)
    attempt = start(client, quiz)
    client.post(
        url("save", attempt),
        {
            f"q-{ORDERING}": [qid("ordering/2"), qid("ordering/1"), qid("ordering/3")],
            f"q-{MULTIPLE}": [qid("multiple/b")],
        },
    )
    attempt.refresh_from_db()
    assert attempt.responses == {
        MULTIPLE: [qid("multiple/b")],
        ORDERING: [qid("ordering/2"), qid("ordering/1"), qid("ordering/3")],
    }
    html = client.get(url("attempt", attempt)).content.decode()
    assert f'value="{qid("multiple/b")}" checked' in html
    assert f'<option value="{qid("ordering/2")}" selected>' in html


def test_submitting_with_a_question_unanswered_keeps_what_was_typed(client):
    tree, quiz = course_with_quiz()
    learner(client, tree)
    attempt = start(client, quiz)
    answers = right_answers()
    del answers[f"q-{MULTIPLE}"]
    response = client.post(url("submit", attempt), answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="question-2"' in html and 'aria-invalid="true"' in html
    assert f'value="{qid("single/a")}" checked' in html
    attempt.refresh_from_db()
    assert attempt.status == "in_progress" and attempt.responses == {}


class TestQuizAuthoring(WagtailTestUtils):
    def test_a_quiz_can_be_created_under_a_module(self, client):
        from wagtail.test.utils.form_data import nested_form_data, streamfield

        tree, _quiz = course_with_quiz()
        from accounts.models import User

        admin = User.objects.create_superuser("root", "root@example.ma", "pw-123456789")
        client.force_login(admin)
        data = nested_form_data(
            {
                "title": "Nouveau quiz",
                "slug": "nouveau-quiz",
                "mode": "graded",
                "pass_mark": 70,
                "show_answers": "after_each_attempt",
                "questions": streamfield(
                    [
                        (
                            "true_false",
                            {"prompt": "Vrai ?", "points": 1, "answer": True},
                        )
                    ]
                ),
                "action-publish": "publish",
            }
        )
        response = client.post(
            reverse(
                "wagtailadmin_pages:add",
                args=["quizzes", "quizpage", tree.modules[1].pk],
            ),
            data,
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        created = QuizPage.objects.get(slug="nouveau-quiz")
        assert created.live and created.questions[0].block_type == "true_false"
