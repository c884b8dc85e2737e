"""Accessibility in a real browser: axe-core finds no serious or critical violation on the main
pages in Arabic and French, and a learner who uses only a keyboard completes a lesson and
answers a quiz question.

axe-core is vendored (tests/e2e/vendor/axe.min.js, 4.14.1, MPL-2.0, licence beside it): the
browser tests run with no network and always with the same rules. It is injected as an init
script (the DevTools protocol, not a <script> tag, so the site's strict CSP stays untouched).
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from courses.models import CoursePage, LessonPage
from quizzes.models import QuizAttempt, QuizPage

from .conftest import enrol, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} — ` +
      v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def demo_pages():
    """Paths (without the language) of the course, a lesson and a quiz of C1."""
    ar = Locale.objects.get(language_code="ar")
    course = CoursePage.objects.live().filter(locale=ar).order_by("path").first()
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    quiz = QuizPage.objects.live().descendant_of(course).order_by("path").first()
    return course, lesson, quiz


def test_main_pages_have_no_serious_accessibility_violation(live_server, phone_page):
    call_command("load_demo", stdout=io.StringIO())
    page, base = phone_page, live_server.url
    page.context.add_init_script(script=AXE)
    course, lesson, quiz = demo_pages()
    log_in(page, base)
    enrol(page, base, course.url)
    paths = {
        "home": "",
        "catalogue": "courses/",
        "course": course.url.removeprefix("/ar/"),
        "lesson": lesson.url.removeprefix("/ar/"),
        "quiz": quiz.url.removeprefix("/ar/"),
        "my learning": "learn/",
        "bank": "bank/",
    }
    found = {}
    for lang in ("ar", "fr"):
        for name, path in paths.items():
            page.goto(f"{base}/{lang}/{path}")
            assert page.locator("html").get_attribute("lang") == lang
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[f"{name} ({lang})"] = violations
    assert found == {}
    # The check can fail: an image with no text alternative is a critical violation.
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(v.startswith("critical image-alt") for v in page.evaluate(RUN_AXE))


def test_a_keyboard_alone_completes_a_lesson_and_answers_a_quiz_question(live_server, phone_page):
    call_command("load_demo", stdout=io.StringIO())
    page, base = phone_page, live_server.url
    course, lesson, quiz = demo_pages()
    log_in(page, base)
    enrol(page, base, course.url)

    def tab_to(locator, limit=80):
        """Press Tab until ``locator`` has the focus, checking the focus can be seen."""
        for _ in range(limit):
            page.keyboard.press("Tab")
            if locator.evaluate("el => el === document.activeElement"):
                outline = locator.evaluate("el => getComputedStyle(el).outlineStyle")
                assert outline != "none", "the focused control shows no focus ring"
                return
        raise AssertionError(f"{locator} cannot be reached with the Tab key")

    # The skip link comes first and moves the focus to the content.
    page.goto(f"{base}{lesson.url}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Mark the lesson as done with the keyboard.
    done = page.locator(f"form[action$='/done/{lesson.pk}/'] button").last
    tab_to(done)
    page.keyboard.press("Enter")
    page.locator(".done-box .mark.done").wait_for()

    # Start the quiz and answer its first question with the keyboard.
    page.goto(f"{base}{quiz.url}")
    start = page.locator(f"form[action$='/{quiz.pk}/start/'] button")
    tab_to(start)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/attempt/" in url)
    first = page.locator("fieldset.quiz-q input, fieldset.quiz-q select").first
    tab_to(first)
    kind = first.evaluate("el => el.type || el.tagName")
    if kind in ("radio", "checkbox"):
        page.keyboard.press("Space")
        assert first.is_checked()
    elif kind == "select-one":
        page.keyboard.press("ArrowDown")
        assert first.input_value() != ""
    else:
        page.keyboard.type("1")
        assert first.input_value() == "1"
    submit = page.locator("main form button[type=submit]").first
    tab_to(submit)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator(".review").wait_for()  # the feedback on the answer
    # The demo's first quiz is a practice quiz: the answer is recorded and checked at once.
    assert quiz.is_practice
    attempt = QuizAttempt.objects.filter(quiz=quiz).latest("pk")
    assert len(attempt.responses) == 1
