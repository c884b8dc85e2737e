"""On a phone, in Arabic: a learner fails the first quiz of the sequential course C2, reads why,
retries and passes, and the second module opens."""

import io

import pytest
from django.core.management import call_command

from courses.models import CoursePage, ModulePage
from courses.services import enrol
from quizzes.models import QuizAttempt, QuizPage
from tests.factories.accounts import UserFactory

from .conftest import assert_fits_the_screen, log_in, screenshot
from .quiz_steps import take_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_fail_then_pass_a_c2_quiz_in_arabic_opens_the_next_module(live_server, phone_page):
    call_command("load_demo", stdout=io.StringIO())
    course = CoursePage.objects.get(code="C2", locale__language_code="ar")
    user = UserFactory(password="Argan-Souss-2026")
    enrol(user=user, course=course)
    modules = list(ModulePage.objects.child_of(course))
    quiz = QuizPage.objects.child_of(modules[0]).get()
    second_module_lesson = modules[1].get_children().first()
    page, base = phone_page, live_server.url

    log_in(page, base, user.email, "Argan-Souss-2026")
    for lesson in modules[0].get_children().live().not_type(QuizPage):
        page.goto(base + lesson.url)
        page.locator("button[name=then]").first.click()

    page.goto(base + quiz.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_fits_the_screen(page)
    screenshot(page, "ar-quiz")
    attempt = take_quiz(page, right=False)
    assert "/result/" in page.url
    assert_fits_the_screen(page)
    screenshot(page, "ar-quiz-failed")
    assert attempt.served[0]["explanation"] in page.locator("main").inner_text()
    page.goto(base + second_module_lesson.url)
    assert page.locator("main").inner_text().count(modules[0].title) >= 1  # locked page

    page.goto(base + quiz.url)
    take_quiz(page, right=True)
    screenshot(page, "ar-quiz-passed")
    assert QuizAttempt.objects.filter(user=user, passed=True).count() == 1
    page.locator("main .actions a.btn .dir-next").first.click()
    assert page.url.endswith(second_module_lesson.url)
    assert page.locator("button[name=then]").count() >= 1  # the lesson is open
