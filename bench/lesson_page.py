"""Lesson page benchmark (DESIGN.md: ≤ 12 queries whatever the course size; ≥ 250 req/s at 10
concurrent clients with p95 ≤ 50 ms, PostgreSQL, gunicorn).

Starts from an empty PostgreSQL database, loads the demo academy plus two generated courses
(4 and 40 lessons), enrols a learner, then prints:
  * SQL queries for one lesson page in each course (in-process, warm caches);
  * median/p95 over 200 sequential requests through gunicorn;
  * requests/s and latency at 10 concurrent clients.
Run with `make bench`.
"""

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BASE,
    WORKERS,
    WRK_SECONDS,
    fresh_demo_database,
    gunicorn,
    latency_report,
    login,
    wrk,
)

LEARNER = ("bench-learner@example.ma", "Bench-learner-2026")


def prepare() -> dict:
    fresh_demo_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from courses.services import enrol
    from tests.factories.courses import build_course

    small = build_course(slug="bench-4", modules=(1, 1, 1, 1), code="B4")
    large = build_course(slug="bench-40", modules=(10, 10, 10, 10), code="B40")
    user = User.objects.create_user(
        username="bench", email=LEARNER[0], password=LEARNER[1], full_name="Bench Learner"
    )
    for tree in (small, large):
        enrol(user=user, course=tree.course)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    counts = {}
    for name, tree in (("4 lessons", small), ("40 lessons", large)):
        url = tree.lessons[2].url
        client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        counts[name] = (len(ctx.captured_queries), status)
    connection.close()
    return {"counts": counts, "small_url": small.lessons[2].url, "large_url": large.lessons[2].url}


def sequential(session, url, n=200):
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = session.get(BASE + url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def concurrent(url, clients=10, seconds=10.0):
    samples, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        session = login(*LEARNER)
        local = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            response = session.get(BASE + url)
            local.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                with lock:
                    errors[0] += 1
        with lock:
            samples.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return samples, errors[0], len(samples) / elapsed


def main() -> None:
    info = prepare()
    print("== lesson page, enrolled learner (PostgreSQL, Redis cache, gunicorn)")
    for name, (count, status) in info["counts"].items():
        print(f"SQL queries, lesson in a course of {name}: {count} (HTTP {status})")
    workers = WORKERS
    with gunicorn(workers=workers):
        session = login(*LEARNER)
        for url in (info["small_url"], info["large_url"]):
            sequential(session, url, 20)  # warm every worker
        samples = sequential(session, info["large_url"], 200)
        print(f"200 sequential requests (40-lesson course): {latency_report(samples)}")
        response = session.get(BASE + info["large_url"])
        print(f"page size: {len(response.content)} bytes uncompressed")
        figures = wrk(session, BASE + info["large_url"], seconds=WRK_SECONDS)
        if figures:
            print(
                f"wrk, 10 connections for {WRK_SECONDS} s ({workers} gunicorn workers): {figures}"
            )
        samples, errors, rps = concurrent(info["large_url"])
        print(
            f"Python client, 10 threads for 10 s ({workers} gunicorn workers): {rps:.0f} "
            f"requests/s, {latency_report(samples)}, {errors} errors"
        )


if __name__ == "__main__":
    main()
