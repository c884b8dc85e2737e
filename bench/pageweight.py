"""Page weight benchmark (DESIGN.md: a text lesson's first visit ≤ 20 KB transferred, repeat
visit ≤ 1 request, JS ≤ 15 KB; on Chrome's "Slow 3G" the text is on screen within 2.5 s).

Starts from an empty PostgreSQL database with the demo academy, serves it with gunicorn on the
production settings (whitenoise, hashed and compressed static files), signs the demo learner
in, and drives headless Chromium through the Chrome DevTools Protocol. For the home page, a
text lesson (no image, audio, video or document), the module's quiz and the project bank it
prints: requests, bytes transferred (headers included, as DevTools counts them), first
contentful paint and load time, first visit (empty cache) and repeat visit, unthrottled and on
"Slow 3G" (``Network.emulateNetworkConditions``: 400 kbit/s down and up, 2,000 ms latency).
Prints figures; asserts nothing. Run with `make bench` or `python bench/pageweight.py`.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Its own database, Redis db and port, so that it can run beside the other benchmarks.
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/taawuniya_bench_weight"
)
# (quiz_submit.py has Redis db 4 and port 8766, certificates.py 5 and 8767, cooperatives.py 7.)
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
os.environ.setdefault("BENCH_PORT", "8768")

from bench.common import BASE, bench_env, fresh_demo_database, gunicorn, login  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LEARNER = ("0612345678", "Taawuniya-learner-2026")
SLOW_3G = {
    "offline": False,
    "latency": 2000,  # ms per request, Chrome's "Slow 3G" preset
    "downloadThroughput": 400 * 1024 / 8,  # bytes/s
    "uploadThroughput": 400 * 1024 / 8,
}
NO_THROTTLE = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
TEXT_BLOCKS = {"heading", "markdown", "rich_text", "callout", "key_takeaways", "case_study"}
BUDGET = {"bytes": 20 * 1024, "repeat_requests": 1, "slow3g_text_ms": 2500, "js_bytes": 15 * 1024}


def prepare() -> dict:
    if os.environ.get("BENCH_REUSE"):  # the database and static files of the last run
        import django

        os.environ.update(bench_env())
        django.setup()
    else:
        fresh_demo_database()
    from django.db import connection
    from wagtail.models import Locale

    from accounts.models import User
    from courses.models import CoursePage, LessonPage
    from courses.services import enrol
    from quizzes.models import QuizPage

    ar = Locale.objects.get(language_code="ar")
    learner = User.objects.get(phone__endswith=LEARNER[0][1:])
    lesson = next(
        page
        for page in LessonPage.objects.live().filter(locale=ar).order_by("path")
        if {block.block_type for block in page.body} <= TEXT_BLOCKS
    )
    module = lesson.get_parent()
    course = CoursePage.objects.get(pk=module.get_parent().pk)
    enrol(user=learner, course=course)
    quiz = QuizPage.objects.live().child_of(module).first()
    urls = {"home": "/ar/", "text lesson": lesson.url, "quiz": quiz.url, "bank": "/ar/bank/"}
    connection.close()
    return urls


def js_bytes() -> int:
    static = Path(__file__).resolve().parent.parent / "academy" / "static" / "js"
    return sum(path.stat().st_size for path in static.glob("*.js"))


def visit(context, url: str, conditions: dict) -> dict:
    """Load ``url`` in a tab of ``context`` and return what went over the network."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", conditions)
    sent, cached, sizes = set(), set(), {}
    cdp.on("Network.requestWillBeSent", lambda e: sent.add(e["requestId"]))
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))

    def received(e):
        response = e["response"]
        if response.get("fromDiskCache") or response.get("fromServiceWorker"):
            cached.add(e["requestId"])

    cdp.on("Network.responseReceived", received)
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(BASE + url, wait_until="load")
    page.wait_for_timeout(300)  # let late events arrive
    timing = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          return {fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd};
        }"""
    )
    network = sent - cached
    result = {
        "requests": len(network),
        "bytes": sum(sizes.get(r, 0) for r in network),
        "fcp_ms": timing["fcp"],
        "load_ms": timing["load"],
    }
    page.close()
    return result


def measure(browser, cookies, url: str, conditions: dict) -> tuple[dict, dict]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    context.add_cookies(cookies)
    first = visit(context, url, conditions)
    repeat = visit(context, url, conditions)
    context.close()
    return first, repeat


def row(name: str, profile: str, visit_name: str, r: dict) -> str:
    fcp = f"{r['fcp_ms']:.0f} ms" if r["fcp_ms"] is not None else "—"
    return (
        f"  {name:<12} {profile:<11} {visit_name:<7} {r['requests']:>3} req "
        f"{r['bytes'] / 1024:>7.1f} KB   first contentful paint {fcp:>8}   "
        f"load {r['load_ms']:>6.0f} ms"
    )


def main() -> None:
    urls = prepare()
    server = None
    try:
        with gunicorn(workers=2) as server:
            report(run(urls))  # before gunicorn stops: a slow stop must not lose the figures
    except subprocess.TimeoutExpired:  # gunicorn slow to stop on a busy machine: stop it now
        server.kill()
        server.wait()


def run(urls: dict) -> dict:
    from playwright.sync_api import sync_playwright

    session = login(*LEARNER)
    cookies = [
        {"name": c.name, "value": c.value, "url": BASE}
        for c in session.cookies
        if c.name in ("sessionid", "csrftoken")
    ]
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, url in urls.items():
            for profile, conditions in (("unthrottled", NO_THROTTLE), ("Slow 3G", SLOW_3G)):
                results[name, profile] = measure(browser, cookies, url, conditions)
        browser.close()
    return results


def report(results: dict) -> None:
    print("Page weight (demo learner, signed in, Arabic; 360 px phone; DevTools byte counts)")
    for (name, profile), (first, repeat) in results.items():
        print(row(name, profile, "first", first))
        print(row(name, profile, "repeat", repeat))
    first, repeat = results["text lesson", "Slow 3G"]
    print(
        f"Text lesson: first visit {first['bytes'] / 1024:.1f} KB in {first['requests']} requests "
        f"(budget ≤ {BUDGET['bytes'] // 1024} KB), repeat visit {repeat['requests']} request(s) "
        f"(budget ≤ {BUDGET['repeat_requests']}), text on screen on Slow 3G after "
        f"{first['fcp_ms']:.0f} ms (budget ≤ {BUDGET['slow3g_text_ms']} ms); "
        f"JavaScript {js_bytes() / 1024:.1f} KB uncompressed (budget ≤ 15 KB)",
        flush=True,
    )


if __name__ == "__main__":
    main()
