"""Quiz submission benchmark (DESIGN.md: p95 ≤ 100 ms; queries per submit constant in the
number of questions; exactly one graded result under concurrent double submits).

Starts from an empty PostgreSQL database, loads the demo academy plus a generated course with a
5-question and a 50-question quiz, then prints:
  * SQL queries for one submit of each quiz (in-process);
  * p50/p95 of submit-and-grade (one POST, graded on the server) with 10 concurrent learners
    through gunicorn, each starting a new attempt and submitting it, again and again.
Run with `make bench` (or `python bench/quiz_submit.py`).
"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Its own database, cache and port, so that it can run beside bench/lesson_page.py.
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/taawuniya_bench_quiz"
)
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
os.environ.setdefault("BENCH_PORT", "8766")

from bench.common import (  # noqa: E402
    BASE,
    WORKERS,
    fresh_demo_database,
    gunicorn,
    latency_report,
    login,
    percentile,
)

PASSWORD = "Bench-learner-2026"
LEARNERS = 10


def quiz_questions(prefix: str, count: int) -> list[dict]:
    from tests.factories.quizzes import sample_questions

    questions = []
    i = 0
    while len(questions) < count:
        questions += sample_questions(prefix=f"{prefix}/{i}/")
        i += 1
    return questions[:count]


def form_answers(questions: list[dict]) -> dict:
    """Every question answered (wrongly where possible: learners keep retrying)."""
    data = {}
    for q in questions:
        key = f"q-{q['id']}"
        if q["type"] == "single":
            data[key] = next(c["id"] for c in q["choices"] if not c["correct"])
        elif q["type"] == "multiple":
            data[key] = [c["id"] for c in q["choices"]]
        elif q["type"] == "true_false":
            data[key] = "false" if q["answer"] else "true"
        elif q["type"] == "numeric":
            data[key] = "1"
        elif q["type"] == "short_text":
            data[key] = "لا أعرف"
        elif q["type"] == "ordering":
            data[key] = [i["id"] for i in reversed(q["items"])]
    return data


def prepare() -> dict:
    fresh_demo_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from courses.services import enrol
    from quizzes.models import QuizAttempt
    from tests.factories.courses import build_course
    from tests.factories.quizzes import add_quiz

    tree = build_course(slug="bench-quiz", modules=(1, 1), code="BQ")
    quizzes = {
        5: add_quiz(tree.modules[0], slug="quiz-5", questions=quiz_questions("five", 5)),
        50: add_quiz(tree.modules[1], slug="quiz-50", questions=quiz_questions("fifty", 50)),
    }
    users = []
    for n in range(LEARNERS):
        user = User.objects.create_user(
            username=f"bench-quiz-{n}",
            email=f"bench-quiz-{n}@example.ma",
            password=PASSWORD,
            full_name=f"Bench Learner {n}",
        )
        enrol(user=user, course=tree.course)
        users.append(user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(users[0])
    counts = {}
    for size, quiz in quizzes.items():
        client.post(reverse("quizzes:start", args=[quiz.pk]))
        attempt = QuizAttempt.objects.filter(user=users[0], quiz=quiz).latest("pk")
        data = form_answers(attempt.served)
        with CaptureQueriesContext(connection) as ctx:
            status = client.post(reverse("quizzes:submit", args=[attempt.pk]), data).status_code
        counts[size] = (len(ctx.captured_queries), status)
    info = {
        "counts": counts,
        "quiz_ids": {size: quiz.pk for size, quiz in quizzes.items()},
        "served": {},
    }
    for size, quiz in quizzes.items():
        attempt = QuizAttempt.objects.filter(quiz=quiz).latest("pk")
        info["served"][size] = attempt.served
    connection.close()
    return info


def learner_loop(n, quiz_id, served, deadline, samples, errors, lock):
    session = login(f"bench-quiz-{n}@example.ma", PASSWORD)
    data = form_answers(served)
    local = []
    while time.perf_counter() < deadline:
        token = session.cookies["csrftoken"]
        headers = {"Referer": BASE + "/ar/"}
        response = session.post(
            f"{BASE}/ar/quiz/{quiz_id}/start/",
            data={"csrfmiddlewaretoken": token},
            headers=headers,
            allow_redirects=False,
        )
        if response.status_code != 302:
            with lock:
                errors.append(f"start {response.status_code}")
            continue
        attempt_url = BASE + response.headers["Location"]
        start = time.perf_counter()
        response = session.post(
            attempt_url + "submit/",
            data={**data, "csrfmiddlewaretoken": token},
            headers=headers,
            allow_redirects=False,
        )
        local.append((time.perf_counter() - start) * 1000)
        if response.status_code != 302 or "/result/" not in response.headers.get("Location", ""):
            with lock:
                errors.append(f"submit {response.status_code}")
    with lock:
        samples.extend(local)


def concurrent(quiz_id, served, seconds=10.0, learners=LEARNERS):
    samples, errors, lock = [], [], threading.Lock()
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=learner_loop, args=(n, quiz_id, served, deadline, samples, errors, lock)
        )
        for n in range(learners)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples, errors, len(samples) / (time.perf_counter() - started)


def main() -> None:
    info = prepare()
    print("== quiz submission (PostgreSQL, Redis cache, gunicorn)")
    for size, (count, status) in info["counts"].items():
        print(f"SQL queries per submit, {size}-question quiz: {count} (HTTP {status})")
    workers = WORKERS
    with gunicorn(workers=workers):
        for size in (5, 50):
            samples, errors, _rate = concurrent(
                info["quiz_ids"][size], info["served"][size], seconds=5.0, learners=1
            )
            print(
                f"1 learner alone, {size}-question quiz: {len(samples)} submits, "
                f"{latency_report(samples)}, {len(errors)} errors"
            )
        for size in (5, 50):
            samples, errors, rate = concurrent(info["quiz_ids"][size], info["served"][size])
            print(
                f"{LEARNERS} concurrent learners, {size}-question quiz ({workers} gunicorn "
                f"workers): {len(samples)} submits, {rate:.0f} submits/s, "
                f"p50 {statistics.median(samples):.1f} ms, p95 {percentile(samples, 95):.1f} ms "
                f"({latency_report(samples)}), {len(errors)} errors"
            )


if __name__ == "__main__":
    main()
