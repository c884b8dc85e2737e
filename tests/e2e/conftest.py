import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API keeps an event loop on the test thread; the ORM calls made by the tests
# themselves (reading the SMS outbox, checking rows) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server keeps a thread per browser connection (keep-alive, parallel fetches) but
    runs the application for one request at a time.

    On SQLite the test database is in memory and every server thread shares the test's one
    connection (Django's ``connections_override``): two requests writing at once through it fail
    with "database table is locked" — a service worker saving a module fetches its pages in
    parallel, and each page view writes. The embedded database has one writer anyway; on
    PostgreSQL requests run side by side as in production.
    """

    lock = threading.Lock()

    def set_app(self, application):
        def serialised(environ, start_response):
            with self.lock:
                response = application(environ, start_response)
                # Django's responses are built in full here, except files (read without the DB).
                return response

        super().set_app(serialised)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = original


SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (360 × 740, touch)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    # Chromium reports every Content-Security-Policy violation on the console: none is allowed.
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert violations == [], "the page broke its Content-Security-Policy"


def demo_account(role: str):
    """The demo account (academy.demo) whose role starts with ``role``: learner, trainer,
    cooperative manager, staff."""
    from academy.demo import DEMO_ACCOUNTS

    return next(account for account in DEMO_ACCOUNTS if account.role.startswith(role))


def log_in(page, base, login=None, password=None):
    """Log in through the site's form in a fresh session (the demo learner by default) and wait
    until the site has let the user in: a refused login fails here, not three steps later."""
    if login is None:
        learner = demo_account("learner")
        login, password = learner.login, learner.password
    page.context.clear_cookies()
    page.goto(f"{base}/ar/accounts/login/")
    page.fill("#id_login", login)
    page.fill("#id_password", password)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def enrol(page, base, course_url):
    """Enrol the logged-in learner in the course from its page; the page then shows the
    learner's progress (a learner already enrolled has no button to press: that fails)."""
    page.goto(f"{base}{course_url}")
    page.locator("form[action*='/enrolment/enrol/'] button").click()
    page.locator("section.resume").wait_for()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# A right-to-left page cannot scroll to the right: a box sticking out there is cut off and never
# counts in scrollWidth. So the boxes themselves are measured too, on both sides (except what is
# inside a scrolling or clipping box, and what is moved out of sight on purpose).
BOXES_OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el), rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || rect.width <= 1 || rect.height <= 1) continue;
    const outside = rect.right <= 0 || rect.left >= width;
    if (style.position === 'absolute' && (style.clip !== 'auto' || outside)) continue;
    const by = Math.round(Math.max(rect.right - width, -rect.left));
    const label = `${el.tagName.toLowerCase()}.${el.className} by ${by}px`;
    if (by > 1 && !contained(el)) found.push(label);
  }
  return found.slice(0, 5);
}"""


def assert_fits_the_screen(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    outside = page.evaluate(BOXES_OUTSIDE)
    assert outside == [], f"{page.url} sticks out of the screen: {outside}"


# Text cut off: a box that clips its text (overflow hidden/clip, an ellipsis) while the text is
# wider than the box, or text that ends up outside the screen (outside a scrolling box).
CLIPPED_TEXT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const found = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || rect.width <= 1 || rect.height <= 1) continue;
    checked += 1;
    const outside = rect.right <= 0 || rect.left >= width;
    // Screen-reader-only text and skip links are moved out of sight on purpose.
    if (style.position === 'absolute' && (style.clip !== 'auto' || outside)) continue;
    const cuts = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    const label = el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 40) + '"';
    if (cuts && el.scrollWidth > el.clientWidth + 1) found.push('clipped ' + label);
    const out = rect.right > width + 1 || rect.left < -1;
    if (out && !scrolls(el)) found.push('off-screen ' + label);
  }
  return {checked, found};
}"""
