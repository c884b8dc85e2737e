"""A learner saves a module for offline use on a phone, loses the network, reads a lesson, marks
it done and practises the module's quiz; back online, the completion and the practice answers
queued on the device are sent and recorded — once, even when the same batch is sent again (twice
at the same time) — each answer with the server's own verdict, and none as a graded attempt."""

import io
import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Locale

from accounts.models import User
from courses.models import CoursePage, LessonPage
from progress.models import Completion, LearningEvent
from quizzes.models import QuizAttempt, QuizPage

from .conftest import enrol, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EVENTS = "/api/v1/progress/events/"
QUEUED = """() => new Promise(ok => { const r = indexedDB.open('taawuniya', 1);
  r.onsuccess = () => { const q = r.result.transaction('queue').objectStore('queue').getAll();
  q.onsuccess = () => ok(q.result); }; })"""


def test_a_module_saved_offline_is_readable_and_completable_and_counted_once(
    live_server, phone_page
):
    call_command("load_demo", stdout=io.StringIO())
    page, context, base = phone_page, phone_page.context, live_server.url
    ar = Locale.objects.get(language_code="ar")
    course = CoursePage.objects.live().filter(locale=ar).order_by("path").first()
    module = course.get_children().live().first()
    lesson = LessonPage.objects.live().child_of(module).order_by("path").first()
    learner = User.objects.get(phone__endswith="612345678")
    done = Completion.objects.filter(user=learner, item_key=lesson.translation_key)
    assert not done.exists()

    log_in(page, base)
    enrol(page, base, course.url)

    # Save the module: its size first, then the pages go to the device.
    box = page.locator(f"[data-offline-module='{module.pk}']")
    box.locator("button").click()
    status = box.locator("[data-status]")
    # The size first ("about 31.2 KB of data"), and a second press to save.
    page.wait_for_function(
        "b => b.textContent.trim() === b.parentNode.dataset.tConfirm",
        arg=box.locator("button").element_handle(),
    )
    assert any(ch.isdigit() for ch in status.inner_text())
    box.locator("button").click()
    saved, failed = box.get_attribute("data-t-saved"), box.get_attribute("data-t-failed")
    page.wait_for_function(
        "([el, texts]) => texts.includes(el.textContent)",
        arg=[status.element_handle(), [saved, failed]],
        timeout=90_000,  # five pages from a live server on a busy two-core machine
    )
    if status.inner_text() != saved:  # say which page could not be stored
        urls = page.evaluate(
            """url => fetch(url).then(r => r.json()).then(m => Promise.all(
            m.urls.map(u => fetch(u).then(r => u + ' ' + r.status, e => u + ' ' + e))))""",
            box.get_attribute("data-manifest"),
        )
        pytest.fail(f"the module was not saved: {urls}")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")

    # No network: the lesson reads from the device and says so; "done" is queued there.
    context.set_offline(True)
    page.goto(f"{base}{lesson.url}")
    assert page.locator("h1").inner_text() == lesson.title
    assert page.locator("#offline-note").is_visible()
    page.locator(f"form[action$='/done/{lesson.pk}/'] button").last.click()
    queued = page.locator(".done-box .msg[role=status]")
    queued.wait_for()
    assert done.count() == 0
    stored = page.evaluate(QUEUED)
    assert [(e["verb"], e["item"]) for e in stored] == [("completed", lesson.pk)]
    assert stored[0]["occurred_at"] and len(stored[0]["idempotency_key"]) >= 8

    # Practise the module's quiz offline (a practice quiz: checked on the device).
    quiz = QuizPage.objects.live().child_of(module).get()
    assert quiz.practises_offline
    page.goto(f"{base}/ar/quiz/{quiz.pk}/offline/")
    assert page.locator("#offline-note").is_visible()
    first = page.locator("fieldset.quiz-q").first
    words = page.locator("[data-t-right]")
    right, wrong = words.get_attribute("data-t-right"), words.get_attribute("data-t-wrong")
    first.locator("input:not([data-c])").first.check()  # a wrong answer first
    first.locator("[data-check]").click()
    expect(first.locator(".verdict-line")).to_have_text(wrong)
    for box in first.locator("input[type=checkbox]:not([data-c])").all():
        box.uncheck()
    first.locator("input[data-c]").first.check()
    first.locator("[data-check]").click()
    expect(first.locator(".verdict-line")).to_have_text(right)
    # A short answer typed with its vowel marks (shadda, kasra) is right on the device as it is
    # on the server (quizzes.grading.normalise_text), not "not quite".
    short = page.locator("fieldset.quiz-q[data-kind=short_text]").first
    short.locator("input[type=text]").fill("مقرِّرة")
    short.locator("[data-check]").click()
    expect(short.locator(".verdict-line")).to_have_text(right)
    # Each answer checked is queued on the device like the completion, without its verdict.
    page.wait_for_function(f"({QUEUED})().then(q => q.length === 4)")
    stored = [e for e in page.evaluate(QUEUED) if e["verb"] == "answered"]
    questions = [first.get_attribute("data-q"), short.get_attribute("data-q")]
    assert sorted(e["question"] for e in stored) == sorted([questions[0]] * 2 + questions[1:])
    assert {e["item"] for e in stored} == {quiz.pk}
    assert not any("correct" in e or "result" in e for e in stored)
    practised = LearningEvent.objects.filter(user=learner, verb="answered")
    assert practised.count() == 0

    # Back online: the queue is sent by itself and the completion recorded once.
    with page.expect_response(lambda r: r.url.endswith(EVENTS)) as sent:
        context.set_offline(False)
    response = sent.value
    assert response.status == 200
    assert [r["status"] for r in response.json()["results"]] == ["recorded"] * 4
    batch = response.request.post_data
    assert done.count() == 1
    # The answers, once each, graded again by the server: wrong, then right, then right.
    assert [(e.data["question"], e.data["correct"]) for e in practised.order_by("occurred_at")] == [
        (questions[0], False),
        (questions[0], True),
        (questions[1], True),
    ]
    assert {e.item_key for e in practised} == {quiz.translation_key}
    assert not QuizAttempt.objects.filter(user=learner).exists()  # practice, not an attempt
    page.goto(f"{base}{lesson.url}")
    assert page.locator(".done-box .mark.done").count() == 1
    assert page.locator("#offline-note").count() == 0

    # The same batch again, twice at once (a flaky network replaying it): nothing new.
    again = page.evaluate(
        """async ([url, body]) => {
          const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
          const headers = {'Content-Type': 'application/json', 'X-CSRFToken': csrf};
          const send = () => fetch(url, {method: 'POST', body, headers}).then(r => r.json());
          return Promise.all([send(), send()]);
        }""",
        [EVENTS, batch],
    )
    assert [{r["status"] for r in a["results"]} for a in again] == [{"duplicate"}] * 2
    assert done.count() == 1
    assert practised.count() == 3
    key = json.loads(batch)["events"][0]["idempotency_key"]
    assert LearningEvent.objects.filter(idempotency_key__endswith=key).count() == 1
    assert done.get().source == "offline"
    # The queue on the device is empty and the page shows the lesson as done.
    assert (
        page.evaluate(
            """() => new Promise(ok => { const r = indexedDB.open('taawuniya', 1);
        r.onsuccess = () => { const q = r.result.transaction('queue').objectStore('queue').count();
        q.onsuccess = () => ok(q.result); }; })"""
        )
        == 0
    )

    # Logging out leaves no saved page behind (a phone may be shared).
    with page.expect_navigation():
        page.locator("form[action$='/logout/'] button").click()
    assert page.evaluate("caches.has('taawuniya-offline')") is False
