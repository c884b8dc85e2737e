"""Every demo module ends with a real quiz in Arabic and French; a learner fails one in Arabic,
passes it in French, and the next module of the sequential course C2 opens."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from courses.models import CoursePage, ModulePage
from courses.services import enrol
from progress.models import Completion
from quizzes.models import QuizAttempt, QuizPage
from quizzes.questions import questions_for_attempt
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def answers(questions, right: bool) -> dict:
    data = {}
    for q in questions:
        key = f"q-{q['id']}"
        kind = q["type"]
        if kind == "single":
            data[key] = next(c["id"] for c in q["choices"] if c["correct"] is right)
        elif kind == "multiple":
            data[key] = [c["id"] for c in q["choices"] if c["correct"] is right]
        elif kind == "true_false":
            data[key] = "true" if q["answer"] is right else "false"
        elif kind == "numeric":
            data[key] = q["value"] if right else "987654"
        elif kind == "short_text":
            data[key] = q["accepted"][0] if right else "؟؟؟"
        elif kind == "ordering":
            ids = [i["id"] for i in q["items"]]
            data[key] = ids if right else list(reversed(ids))
    return data


def test_every_demo_module_ends_with_a_quiz_in_both_languages(demo):
    pages = Page.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Page.objects.count() == pages
    for code in ("C1", "C2"):
        for lang in ("ar", "fr"):
            course = CoursePage.objects.get(code=code, locale__language_code=lang)
            for module in ModulePage.objects.child_of(course):
                last = module.get_children().last().specific
                assert isinstance(last, QuizPage), (code, lang, module.title)
                assert len(last.questions) >= 5
    c1 = CoursePage.objects.get(code="C1", locale__language_code="ar")
    first = QuizPage.objects.descendant_of(c1).order_by("path").first()
    assert first.mode == "practice"
    for quiz in QuizPage.objects.filter(locale__language_code="ar"):
        fr = quiz.get_translation(quiz.get_translations().first().locale).specific
        ar_qs, fr_qs = questions_for_attempt(quiz, "x"), questions_for_attempt(fr, "x")
        assert [q["id"] for q in ar_qs] == [q["id"] for q in fr_qs]
        assert [q["prompt"] for q in ar_qs] != [q["prompt"] for q in fr_qs]


def test_fail_in_arabic_pass_in_french_opens_the_next_module_of_c2(demo, client):
    course = CoursePage.objects.get(code="C2", locale__language_code="ar")
    user = UserFactory()
    enrol(user=user, course=course)
    client.force_login(user)
    modules = list(ModulePage.objects.child_of(course))
    for lesson in modules[0].get_children().live().not_type(QuizPage):
        client.post(reverse("progress:mark_done", args=[lesson.pk]))
    next_lesson = modules[1].get_children().first()
    assert client.get(next_lesson.url).status_code == 403

    quiz = QuizPage.objects.child_of(modules[0]).get()
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get(user=user)
    html = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    for q in attempt.served:
        assert q["explanation"] not in html
    client.post(reverse("quizzes:submit", args=[attempt.pk]), answers(attempt.served, False))
    attempt.refresh_from_db()
    assert attempt.percent == 0 and not attempt.passed
    result = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert attempt.served[0]["explanation"] in result

    fr_quiz = quiz.get_translation(quiz.get_translations().first().locale)
    assert client.get(fr_quiz.url).status_code == 200
    client.post(reverse("quizzes:start", args=[fr_quiz.pk]))
    retry = QuizAttempt.objects.get(user=user, number=2)
    assert retry.quiz_id == fr_quiz.pk
    client.post(reverse("quizzes:submit", args=[retry.pk]), answers(retry.served, True))
    retry.refresh_from_db()
    assert retry.passed and retry.percent == 100
    assert Completion.objects.filter(user=user, item_key=quiz.translation_key).exists()
    assert client.get(next_lesson.url).status_code == 200


def test_every_demo_quiz_is_passable_with_its_own_answer_key_in_both_languages(demo):
    from quizzes import grading

    for quiz in QuizPage.objects.all():
        served = questions_for_attempt(quiz.specific, "seed")
        raw = {key[2:]: value for key, value in answers(served, right=True).items()}
        result = grading.grade_attempt(
            served, grading.validate_responses(served, raw, partial=False)
        )
        assert result.percent == 100, (quiz.title, quiz.locale.language_code)
        wrong = {key[2:]: value for key, value in answers(served, right=False).items()}
        failed = grading.grade_attempt(
            served, grading.validate_responses(served, wrong, partial=False)
        )
        assert failed.percent < quiz.specific.pass_mark, quiz.title
