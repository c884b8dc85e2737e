"""The lesson page on the multi-node layout with the scale data set: requests/s and latency at 10
concurrent clients against one app server and against two behind the balancer (issue "Production
-ready and scaling out", DESIGN.md: ≥ 250 req/s, p95 ≤ 50 ms), and the page's SQL queries.

    deploy/local-cluster.sh up
    (the cluster's env) .venv/bin/python manage.py seed_scale --learners 100000   # once
    .venv/bin/python bench/lesson_cluster.py [--seconds 20] [--clients 10]

One app server: wrk straight at web1. Two: wrk at the balancer, which spreads the requests over
web1 and web2. wrk sends everything from one address, and the balancer limits each client
address (a person: 50 r/s), so for that run the balancer is rendered again with a limit no
single address reaches, then back with the cluster's settings. Prints figures; never asserts.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from academy.scale import PASSWORD  # noqa: E402
from bench.cluster_drill import cluster_env  # noqa: E402
from bench.common import login, scale_course, scale_learners, wrk  # noqa: E402


def lesson_and_learner():
    """A lesson in the first Arabic course, a generated learner enrolled in it, and the page's
    query count (in-process, warm caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    course, lessons = scale_course()
    lesson = lessons[min(2, len(lessons) - 1)]
    learner = scale_learners(course).order_by("pk").first()
    if learner is None:
        raise SystemExit("no generated learner: run manage.py seed_scale on the cluster first")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(learner)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(lesson.url).status_code
    return lesson.url, learner.email, len(ctx.captured_queries), status


def balancer(**limits: str) -> None:
    env = {**os.environ, **limits}
    subprocess.run(
        [str(ROOT / "deploy/local-cluster.sh"), "balancer"],
        env=env,
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=10)
    args = parser.parse_args()
    cluster_env()
    from accounts.models import User
    from progress.models import Completion

    balancer_url = os.environ["SITE_URL"]
    port = int(balancer_url.rsplit(":", 1)[1])
    web1 = f"http://127.0.0.1:{port + 1}"
    url, email, queries, status = lesson_and_learner()
    print(
        f"== lesson page, scale data set: {User.objects.count()} users, "
        f"{Completion.objects.count()} completions"
    )
    print(f"SQL queries for the lesson page: {queries} (HTTP {status}) — {url}")
    session = login(email, PASSWORD, base=web1)
    for _ in range(20):  # every worker of web1 sees the page once
        session.get(web1 + url).raise_for_status()
    figures = wrk(session, web1 + url, clients=args.clients, seconds=args.seconds)
    print(f"one app server (web1), {args.clients} connections, {args.seconds} s: {figures}")
    balancer(CLUSTER_RATE_PER_CLIENT="100000r/s", CLUSTER_BURST="100000")
    try:
        session = login(email, PASSWORD, base=balancer_url)
        for _ in range(40):
            session.get(balancer_url + url).raise_for_status()
        figures = wrk(session, balancer_url + url, clients=args.clients, seconds=args.seconds)
        print(
            f"two app servers (balancer, web1 + web2), {args.clients} connections, "
            f"{args.seconds} s: {figures}"
        )
    finally:
        balancer()


if __name__ == "__main__":
    main()
