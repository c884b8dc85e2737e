"""A new learner, on a phone, in a real browser: sign up by phone, enrol, learn all of C1 in
Arabic and French, leave and come back to "continue where you left off"."""

import io
import re

import pytest
from django.core.management import call_command

from accounts import sms
from progress.models import Completion

from .conftest import assert_fits_the_screen, log_in, screenshot
from .quiz_steps import on_quiz_page, take_quiz


def advance(page, lessons: int) -> None:
    """Press "done — next" on ``lessons`` lessons, passing the module quizzes met on the way."""
    done = 0
    while done < lessons:
        if on_quiz_page(page):
            take_quiz(page)
            page.locator("main .actions a.btn .dir-next").first.click()
            continue
        page.locator("button[name=then][value=next]").click()
        done += 1


pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_goes_through_c1_in_arabic_and_french(live_server, phone_page):
    call_command("load_demo", stdout=io.StringIO())
    page = phone_page
    base = live_server.url

    # Browse the catalogue as a visitor.
    page.goto(f"{base}/ar/courses/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert_fits_the_screen(page)
    screenshot(page, "ar-catalogue")
    page.get_by_role("link", name="فهم التعاونيات").first.click()
    course_url = page.url
    assert_fits_the_screen(page)

    # Sign up with a phone number only, confirm the SMS code.
    page.goto(f"{base}/ar/accounts/signup/?next=/ar/courses/understanding-cooperatives/")
    page.fill("#id_full_name", "محمد بن علي")
    page.fill("#id_phone", "06 61 23 45 67")
    page.fill("#id_password1", "Argan-Souss-2026")
    page.fill("#id_password2", "Argan-Souss-2026")
    screenshot(page, "ar-signup")
    page.locator("form.card button[type=submit]").click()
    code = re.search(r"(\d{6})", sms.outbox[-1].text).group(1)
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").first.click()
    page.goto(course_url)

    # Enrol and start.
    page.locator("form[action*='/enrolment/enrol/'] button").click()
    assert page.locator("progress").first.get_attribute("value") == "0"
    screenshot(page, "ar-course-enrolled")
    page.locator("section.resume a.btn").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_fits_the_screen(page)
    screenshot(page, "ar-lesson")

    # Learn the first half in Arabic: "done — next" through two modules and the first quiz.
    advance(page, 5)
    assert on_quiz_page(page)  # the end of the second module
    mine = Completion.objects.filter(user__phone="+212661234567")  # the demo loads others
    assert mine.count() == 6  # 5 lessons and the first (practice) quiz
    lesson_url = page.url

    # Leave, come back: My learning offers to continue where we left off.
    log_in(page, base, "0661234567", "Argan-Souss-2026")
    page.goto(f"{base}/ar/learn/")
    screenshot(page, "ar-my-learning")
    resume = page.locator("section.resume a.btn")
    assert resume.get_attribute("href") in lesson_url
    assert page.locator("section.resume progress").get_attribute("value") == "35"  # 6 of 17
    resume.click()
    assert page.url == lesson_url

    # Switch to French on the same lesson: same place, same progress.
    page.locator("a[hreflang=fr]").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "/fr/" in page.url
    assert page.locator("progress").first.get_attribute("value") == "35"
    assert_fits_the_screen(page)
    screenshot(page, "fr-lesson")

    # Finish the course in French (lessons and quizzes).
    advance(page, 7)  # the last lesson's "next" is the last quiz
    take_quiz(page)
    assert mine.count() == 17
    page.goto(course_url.replace("/ar/", "/fr/"))
    assert page.locator("section.resume progress").get_attribute("value") == "100"
    assert "terminée" in page.locator("section.resume").inner_text().lower()
    screenshot(page, "fr-course-completed")
    page.goto(f"{base}/ar/learn/")
    assert page.locator("text=فهم التعاونيات").count() >= 1
    screenshot(page, "ar-my-learning-completed")
