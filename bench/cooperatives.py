"""Cooperative dashboard benchmark (DESIGN.md: 2,000 members × 6 courses ≤ 300 ms server time,
query count constant in members).

Starts from an empty PostgreSQL database (``BENCH_DATABASE_URL``, default
``taawuniya_bench_coop``), loads the demo academy, adds four generated courses (C3–C6, two
modules of three lessons each) beside the demo's C1 and C2, then generates two cooperatives
with the six courses assigned: one of 20 members, one of 2,000. Progress is realistic: each
member × course gets a random share of the items done (a quarter finished, a fifth not
started), course states with last-seen dates up to 60 days back, graded attempts at the demo
quizzes, and a certificate for every finished course.

Prints, for 20 and for 2,000 members: the dashboard's server time (in-process, through the
whole Django stack: middleware, view, queries, template; median and p95 of 30 requests), its
SQL query count — by name (the default), sorted by progress and filtered to stalled members —
the selector alone, and the CSV export of every member.
Run `.venv/bin/python bench/cooperatives.py` (``--reuse`` measures again without regenerating).
"""

import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/taawuniya_bench_coop"
)
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_demo_database  # noqa: E402

SIZES = (20, 2000)
RUNS = 30


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def ms(values) -> str:
    median, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
    return f"median {median:.1f} ms, p95 {p95:.1f} ms"


def extra_courses():
    from tests.factories.courses import build_course

    return [
        build_course(slug=f"bench-c{n}", modules=(3, 3), code=f"C{n}").course for n in (3, 4, 5, 6)
    ]


def generate(size: int, courses, rng: random.Random, label: str):
    from django.utils import timezone

    from accounts.models import User
    from certificates.models import Certificate
    from cooperatives.models import Cooperative, CourseAssignment, Membership
    from courses.models import Enrolment
    from courses.selectors import course_outline
    from progress.models import Completion, CourseState
    from quizzes.models import QuizAttempt, QuizMode

    now = timezone.now()
    cooperative = Cooperative.objects.create(
        name_ar=f"تعاونية القياس {label}",
        name_fr=f"Coopérative de mesure {label}",
        register_number=f"BENCH-{label}",
        region="MA-09",
        sector="ARG",
    )
    manager = User(username=f"bench-manager-{label}", email=f"manager-{label}@bench.ma")
    manager.set_unusable_password()
    manager.save()
    Membership.objects.create(
        cooperative=cooperative, user=manager, role=Membership.Role.MANAGER, state="active"
    )
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-{label}-{i}",
                email=f"m{i}-{label}@bench.ma",
                full_name=f"Membre {label} {i:05d}",
                password="!",
            )
            for i in range(size)
        ],
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        [Membership(cooperative=cooperative, user=u, state="active", joined_at=now) for u in users]
    )
    for course in courses:
        CourseAssignment.objects.create(cooperative=cooperative, course_key=course.translation_key)
    enrolments, completions, states, attempts, certificates = [], [], [], [], []
    for course in courses:
        outline = course_outline(course=course)
        items = outline.items
        quizzes = [i for i in items if i.kind == "quizpage"]
        for user in users:
            enrolments.append(Enrolment(user=user, course_key=course.translation_key))
            roll = rng.random()
            done = len(items) if roll < 0.25 else (0 if roll < 0.45 else rng.randrange(len(items)))
            seen = now - timezone.timedelta(days=rng.randrange(60), minutes=rng.randrange(600))
            finished = seen if done == len(items) else None
            for item in items[:done]:
                completions.append(
                    Completion(
                        user=user,
                        item_key=item.translation_key,
                        course_key=course.translation_key,
                        completed_at=seen,
                    )
                )
            states.append(
                CourseState(
                    user=user,
                    course_key=course.translation_key,
                    last_item_key=items[min(done, len(items) - 1)].translation_key,
                    last_seen_at=seen if done else None,
                    completed_at=finished,
                )
            )
            for quiz in quizzes[: max(0, done // 4)]:
                percent = rng.randrange(40, 101)
                attempts.append(
                    QuizAttempt(
                        user=user,
                        quiz_key=quiz.translation_key,
                        course_key=course.translation_key,
                        mode=QuizMode.GRADED,
                        number=1,
                        seed="bench",
                        status="submitted",
                        started_at=seen,
                        submitted_at=seen,
                        percent=percent,
                        passed=percent >= 70,
                    )
                )
            if finished:
                certificates.append(
                    Certificate(
                        code=uuid.uuid4().hex[:12].upper(),
                        user=user,
                        course_key=course.translation_key,
                        learner_name=user.full_name,
                        course_code=course.code,
                        course_titles={"ar": course.title},
                        language="ar",
                        hours=2,
                        completed_at=finished,
                        issued_at=finished,
                    )
                )
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    Completion.objects.bulk_create(completions, batch_size=5000)
    CourseState.objects.bulk_create(states, batch_size=5000)
    QuizAttempt.objects.bulk_create(attempts, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    return cooperative, manager, len(completions), len(attempts), len(certificates)


def measure(cooperative, manager) -> None:
    from django.db import connection
    from django.test import Client
    from wagtail.models import Locale

    from cooperatives import selectors

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(manager)
    url = f"/ar/cooperatives/{cooperative.pk}/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    members = cooperative.memberships.count()
    for label, params in (
        ("by name (the default)", {}),
        ("sorted by progress", {"sort": "progress"}),
        ("stalled members only", {"status": "stalled"}),
    ):
        queries.clear()
        with connection.execute_wrapper(count):
            response = client.get(url, params)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url, params)
            times.append(time.perf_counter() - start)
        print(
            f"dashboard page, {members} members × 6 courses, {label}: {ms(times)}, "
            f"{len(queries)} SQL queries, {len(response.content) // 1024} KiB (50 rows a page)"
        )
    locale = Locale.objects.get(language_code="ar")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        selectors.dashboard(cooperative=cooperative, locale=locale)
        times.append(time.perf_counter() - start)
    print(f"  dashboard selector alone, default page: {ms(times)}")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        export = client.get(f"/ar/cooperatives/{cooperative.pk}/members.csv")
        times.append(time.perf_counter() - start)
    print(f"  CSV export of every member: {ms(times)}, {len(export.content) // 1024} KiB")


def main() -> None:
    if "--reuse" in sys.argv:  # measure again on the database of the previous run
        from bench.common import bench_env

        os.environ.update(bench_env())
        import django

        django.setup()
        from cooperatives.models import Cooperative

        for size in SIZES:
            cooperative = Cooperative.objects.get(register_number=f"BENCH-{size}")
            manager = cooperative.memberships.get(role="manager").user
            measure(cooperative, manager)
        return
    fresh_demo_database()
    from django.db import connection

    from courses.models import CoursePage

    rng = random.Random(6)
    demo = list(CoursePage.objects.live().filter(locale__language_code="ar", code__in=["C1", "C2"]))
    courses = demo + extra_courses()
    assert len(courses) == 6, [c.code for c in courses]
    made = []
    for size in SIZES:
        made.append(generate(size, courses, rng, str(size)))
        _c, _m, completions, attempts, certificates = made[-1]
        print(
            f"generated {size} members: {completions} completions, {attempts} quiz attempts, "
            f"{certificates} certificates"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for cooperative, manager, *_rest in made:
        measure(cooperative, manager)


if __name__ == "__main__":
    main()
