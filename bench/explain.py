"""Query plans of the hot pages at scale (after ``seed_scale --learners 100000`` on the cluster's
database, deploy/local-cluster.sh): renders each page in-process through the whole Django stack,
captures its SQL, prints the query count and, for every SELECT, ``EXPLAIN ANALYZE``'s execution
time and any sequential scan of a table with more than 10,000 rows (what an index should avoid).

    .venv/bin/python bench/explain.py [--verbose]
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster_drill import cluster_env  # noqa: E402
from bench.common import scale_course, scale_learners  # noqa: E402

BIG = 10_000


def main() -> None:
    verbose = "--verbose" in sys.argv
    cluster_env()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from projectbank.models import Region, Sector
    from quizzes.models import QuizPage

    sizes = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        )
        sizes = dict(cursor.fetchall())
    print(
        "rows: "
        + ", ".join(
            f"{name} {sizes.get(name, 0):,}"
            for name in (
                "accounts_user",
                "progress_completion",
                "courses_enrolment",
                "progress_coursestate",
                "quizzes_quizattempt",
                "projectbank_bankproject",
            )
        )
    )
    course, lessons = scale_course()
    lesson = lessons[3]
    quiz = QuizPage.objects.live().descendant_of(course).first()
    learner, quiz_taker = scale_learners(course)[:2]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(learner)
    taker = Client(HTTP_HOST="127.0.0.1")
    taker.force_login(quiz_taker)
    region = Region.objects.values_list("code", flat=True).first()
    sector = Sector.objects.values_list("code", flat=True).first()

    def quiz_submit():
        start = taker.post(f"/ar/quiz/{quiz.pk}/start/")
        match = re.search(r"/quiz/attempt/(\d+)/", start.get("Location", ""))
        if not match:
            return start
        return taker.post(f"/ar/quiz/attempt/{match.group(1)}/submit/")

    pages = [
        ("lesson page (enrolled learner)", lambda: client.get(lesson.url)),
        ("My learning", lambda: client.get("/ar/learn/")),
        ("course catalogue", lambda: client.get("/ar/courses/")),
        ("quiz page", lambda: taker.get(quiz.url)),
        ("quiz start + submit (POSTs)", quiz_submit),
        (
            "bank catalogue region+sector",
            lambda: client.get(f"/ar/bank/?region={region}&sector={sector}"),
        ),
        ("bank catalogue, page 50", lambda: client.get("/ar/bank/?page=50")),
    ]
    for name, request in pages:
        request()  # warm caches, as a repeat visitor would find them
        with CaptureQueriesContext(connection) as captured:
            response = request()
        slow = []
        total_ms = 0.0
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            took = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            total_ms += took
            scans = [
                table
                for table in re.findall(r"Seq Scan on (\w+)", plan)
                if sizes.get(table, 0) > BIG
            ]
            if scans or took > 5 or verbose:
                slow.append((took, scans, sql[:160], plan))
        print(
            f"\n== {name}: HTTP {response.status_code}, {len(captured.captured_queries)} queries, "
            f"SELECTs {total_ms:.1f} ms in the database"
        )
        for took, scans, sql, plan in slow:
            flag = f"SEQ SCAN on {', '.join(scans)}" if scans else "ok (index)"
            print(f"  {took:7.2f} ms  {flag}: {sql}")
            if scans or verbose:
                print("    " + plan.replace("\n", "\n    "))


if __name__ == "__main__":
    main()
