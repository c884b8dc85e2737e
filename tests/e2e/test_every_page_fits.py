"""Every main page, in every language, on a 360 px phone: the right direction, nothing that
scrolls sideways, no text cut off; a screenshot of each for the eye (tests/e2e/screenshots)."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from quizzes.models import QuizPage

from .conftest import CLIPPED_TEXT, assert_fits_the_screen, enrol, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DIRECTION = {"ar": "rtl", "fr": "ltr", "zgh": "ltr", "en": "ltr"}


def check(page, name, lang):
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == DIRECTION[lang]
    # Content not yet translated is served in its own language, marked so it reads the right way.
    content_lang = page.locator("main").get_attribute("lang")
    if content_lang:
        assert content_lang != lang
        assert page.locator("main").get_attribute("dir") == DIRECTION[content_lang]
    assert_fits_the_screen(page)
    text = page.evaluate(CLIPPED_TEXT)
    assert text["found"] == [], f"{name} ({lang}) cuts text off"
    assert text["checked"] >= 10, f"{name} ({lang}): almost no visible text to check"
    screenshot(page, f"{lang}-{name}")


def test_main_pages_fit_a_phone_in_every_language(live_server, phone_page):
    call_command("load_demo", stdout=io.StringIO())
    page = phone_page
    base = live_server.url
    quiz = QuizPage.objects.live().filter(locale=Locale.objects.get(language_code="ar")).first()
    quiz_path = quiz.url.removeprefix("/ar/")
    course_path = quiz.get_parent().get_parent().url.removeprefix("/ar/")

    # Sign in as the demo learner and enrol in C1.
    log_in(page, base)
    enrol(page, base, f"/ar/{course_path}")
    page.locator("section.resume a.btn").click()
    lesson_path = page.url.removeprefix(f"{base}/ar/")

    pages = {
        "home": "",
        "catalogue": "courses/",
        "course": course_path,
        "lesson": lesson_path,
        "quiz": quiz_path,
        "my-learning": "learn/",
        "bank": "bank/",
        "bank-project": "bank/p/PB01/",
    }
    for lang in ("ar", "fr", "zgh", "en"):
        for name, path in pages.items():
            response = page.goto(f"{base}/{lang}/{path}")
            assert response.status == 200, (lang, name, response.status)
            check(page, name, lang)

    # The checks can fail: a box pushed off the right of an Arabic page (which cannot scroll
    # there), and a cut-off line of text.
    page.goto(f"{base}/ar/")
    page.evaluate(
        """() => { const box = document.createElement('p');
        box.style.cssText = 'position:relative;left:200px;white-space:nowrap';
        box.textContent = 'x'.repeat(20); document.querySelector('main').append(box); }"""
    )
    with pytest.raises(AssertionError, match="sticks out"):
        assert_fits_the_screen(page)
    page.evaluate(
        """() => { const box = document.createElement('p');
        box.style.cssText = 'overflow:hidden;white-space:nowrap;width:50px';
        box.textContent = 'x'.repeat(80); document.querySelector('main').append(box); }"""
    )
    assert any(f.startswith("clipped p") for f in page.evaluate(CLIPPED_TEXT)["found"])
