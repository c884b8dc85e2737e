"""Offline use, server side: what "save this module for offline" stores and how big it is, the
practice page a module's practice quiz offers offline (graded quizzes never: their key stays on
the server), and the service worker at the root of the site."""

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.quizzes import SECRETS, add_quiz

from .helpers import course_with_quiz, learner

pytestmark = pytest.mark.django_db


def manifest(client, module):
    return client.get(reverse("progress:offline_manifest", args=[module.pk]))


def test_the_manifest_lists_the_lessons_and_the_practice_page_with_a_size(client):
    tree, quiz = course_with_quiz(modules=(2, 1), mode="practice")
    learner(client, tree)
    body = manifest(client, tree.modules[0]).json()
    lessons = [lesson.url for lesson in tree.lessons[:2]]
    assert body["urls"] == [*lessons, reverse("quizzes:offline", args=[quiz.pk])]
    assert body["pages"] == 3
    assert body["online_only"] == 0
    assert body["bytes"] > 3 * 12_000
    assert body["size"].split()[-1] in {"KB", "ك.ب"}  # the learner's language


def test_a_graded_quiz_is_not_saved_offline_and_its_page_is_404(client):
    tree, quiz = course_with_quiz(mode="graded")
    learner(client, tree)
    body = manifest(client, tree.modules[0]).json()
    assert body["urls"] == [tree.lessons[0].url]
    assert body["online_only"] == 1
    assert client.get(reverse("quizzes:offline", args=[quiz.pk])).status_code == 404


def test_a_practice_quiz_that_never_shows_answers_stays_online(client):
    tree, quiz = course_with_quiz(mode="practice", show_answers="never")
    learner(client, tree)
    assert client.get(reverse("quizzes:offline", args=[quiz.pk])).status_code == 404
    assert manifest(client, tree.modules[0]).json()["pages"] == 1


def test_the_offline_practice_page_carries_its_answers_for_the_device(client):
    tree, quiz = course_with_quiz(mode="practice")
    learner(client, tree)
    response = client.get(reverse("quizzes:offline", args=[quiz.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="quiz-q"') == 6
    assert "data-c" in html and "EXPLAIN-SINGLE-7731" in html  # shown after checking
    assert SECRETS[0] in html


def test_only_an_enrolled_learner_with_the_module_open_gets_them(client):
    tree, quiz = course_with_quiz(modules=(1, 1), mode="practice", gating="sequential")
    second = add_quiz(tree.modules[1], slug="quiz-2", mode="practice")
    stranger = UserFactory()
    client.force_login(stranger)
    assert manifest(client, tree.modules[0]).status_code == 404
    assert client.get(reverse("quizzes:offline", args=[quiz.pk])).status_code == 404
    learner(client, tree, user=stranger)
    assert manifest(client, tree.modules[0]).status_code == 200
    # The second module opens when the first is finished.
    assert manifest(client, tree.modules[1]).status_code == 404
    assert client.get(reverse("quizzes:offline", args=[second.pk])).status_code == 404
    # Not a module at all.
    assert manifest(client, tree.course).status_code == 404
    client.logout()
    assert manifest(client, tree.modules[0]).status_code == 302


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.content


def test_numbers_in_arabic_quiz_text_are_isolated(client):
    """ "112-12" inside Arabic text reads left to right (not "12-112") on every quiz page."""
    prompt = {"type": "true_false", "id": "q-law", "prompt": "القانون 112-12 ينظم التعاونيات"}
    tree, quiz = course_with_quiz(
        mode="practice",
        title="اختبار القانون 112-12",
        questions=[{**prompt, "answer": True, "points": 1, "feedback": "", "explanation": ""}],
    )
    learner(client, tree)
    isolated = "\u2066112-12\u2069"
    assert isolated in client.get(quiz.url).content.decode()
    offline = client.get(reverse("quizzes:offline", args=[quiz.pk])).content.decode()
    assert offline.count(isolated) >= 2  # heading and question
    attempt_page = client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True)
    assert attempt_page.content.decode().count(isolated) >= 2
