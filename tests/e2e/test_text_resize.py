"""Text scales to 200 % without loss (WCAG 1.4.4): on a 360 px phone, with the text twice its size
— the text only, as a reader's font-size setting does, not a page zoom — the home, a lesson, a
quiz, a quiz question and the project bank, in Arabic and French, neither scroll sideways nor
cut any text off. It means something because every font size of the site is in rem or em."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from courses.models import CoursePage, LessonPage
from quizzes.models import QuizPage

from .conftest import CLIPPED_TEXT, assert_fits_the_screen, enrol, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# The root's font size twice what the reader's browser gives it: every rem and em follows.
DOUBLE_THE_TEXT = """() => new Promise(done => {
  const sample = document.querySelector('main p, main li, main h1');
  const before = parseFloat(getComputedStyle(sample).fontSize);
  document.documentElement.style.fontSize = '200%';
  requestAnimationFrame(() => requestAnimationFrame(() =>
    done(parseFloat(getComputedStyle(sample).fontSize) / before)));
})"""


def test_the_sites_font_sizes_are_relative():
    """px font sizes would not follow the reader's setting (nor this test)."""
    fixed = []
    for path in TEMPLATES.rglob("*"):
        if path.suffix in {".html", ".css"}:
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(r"font(?:-size)?:[^;}\"]*?\d(px|pt)\b", text):
                # Text inside an SVG chart is in the drawing's own units, scaled with it.
                if ".chart text" not in text[max(0, match.start() - 20) : match.start()]:
                    fixed.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert fixed == []


def test_text_at_twice_its_size_still_fits_a_phone(live_server, phone_page):
    call_command("load_demo", stdout=io.StringIO())
    page, base = phone_page, live_server.url
    ar = Locale.objects.get(language_code="ar")
    course = CoursePage.objects.live().filter(locale=ar).order_by("path").first()
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    quiz = QuizPage.objects.live().descendant_of(course).order_by("path").first()

    log_in(page, base)
    enrol(page, base, course.url)
    # A quiz's questions, as the learner answers them.
    page.goto(f"{base}{quiz.url}")
    page.locator("form[action$='/start/'] button").click()
    page.wait_for_url(lambda url: "/attempt/" in url)
    attempt = page.url.removeprefix(f"{base}/ar/")

    paths = {
        "home": "",
        "lesson": lesson.url.removeprefix("/ar/"),
        "quiz": quiz.url.removeprefix("/ar/"),
        "question": attempt,
        "bank": "bank/",
    }
    for lang in ("ar", "fr"):
        for name, path in paths.items():
            response = page.goto(f"{base}/{lang}/{path}")
            assert response.status == 200, (lang, name, response.status)
            ratio = page.evaluate(DOUBLE_THE_TEXT)
            assert ratio == pytest.approx(2, abs=0.05), f"{name} ({lang}): text did not double"
            assert_fits_the_screen(page)
            text = page.evaluate(CLIPPED_TEXT)
            assert text["found"] == [], f"{name} ({lang}) at 200 % cuts text off"
            assert text["checked"] >= 10
            screenshot(page, f"{lang}-{name}-text-200")
