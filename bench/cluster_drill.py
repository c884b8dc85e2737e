"""Failure drill against the loopback cluster (deploy/local-cluster.sh up): learners read lessons
and press "done" through nginx while one app server is SIGKILLed; afterwards every "done" that was
answered 2xx/3xx must be in the database, and the other requests must have been served by the
surviving server. Prints the figures; never asserts (budgets are in DESIGN.md).

    deploy/local-cluster.sh up
    .venv/bin/python bench/cluster_drill.py [--learners 12] [--seconds 20] [--kill web1 --at 6]

Each learner sends from its own loopback address (bench/loopback.py): the balancer limits each
client address, and learners do not share one.
"""

import argparse
import collections
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loopback  # noqa: E402
from bench.common import login, scale_course  # noqa: E402

PASSWORD = "Drill-learner-2026"


def cluster_env() -> None:
    out = subprocess.run(
        [str(ROOT / "deploy/local-cluster.sh"), "env"], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        key, _, value = line.partition("=")
        os.environ[key] = value
    secrets_dir = Path(os.environ.get("CLUSTER_DIR", "/tmp/taawuniya-cluster"))
    os.environ["SECRET_KEY"] = (secrets_dir / "secret_key").read_text().strip()
    os.environ["CERTIFICATE_SIGNING_KEY"] = (secrets_dir / "signing_key").read_text().strip()
    os.environ.update(SECURE_SSL_REDIRECT="false", COOKIES_SECURE="false", LOG_LEVEL="WARNING")
    import django

    django.setup()


def prepare(learners: int):
    from accounts.models import User
    from courses.services import enrol

    course, lessons = scale_course()
    users = []
    for n in range(learners):
        email = f"drill-{n}@example.ma"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=f"drill{n}", email=email, password=PASSWORD, full_name=f"Drill {n}"
            )
        enrol(user=user, course=course)
        users.append(user)
    from progress.models import Completion

    Completion.objects.filter(user__in=users).delete()
    return users, lessons


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default=os.environ.get("CLUSTER_URL"))
    parser.add_argument("--learners", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kill", default="web1")
    parser.add_argument("--at", type=float, default=6)
    args = parser.parse_args()
    cluster_env()
    args.base = args.base or os.environ["CLUSTER_URL"]
    users, lessons = prepare(args.learners)
    statuses = collections.Counter()
    errors = collections.Counter()
    answered_done = []  # (user id, lesson translation key) answered 2xx/3xx
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def learner(n, user):
        session = login(
            user.email, PASSWORD, base=args.base, source=loopback.address(n, loopback.DRILL)
        )
        i = 0
        while time.monotonic() < stop:
            lesson = lessons[i % len(lessons)]
            i += 1
            try:
                page = session.get(args.base + lesson.url, timeout=30)
                done = session.post(
                    f"{args.base}/ar/learn/done/{lesson.pk}/",
                    data={"then": "stay", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                    headers={"Referer": args.base + lesson.url},
                    allow_redirects=False,
                    timeout=30,
                )
            except requests.RequestException as exc:
                with lock:
                    errors[exc.__class__.__name__] += 1
                continue
            with lock:
                statuses[f"GET {page.status_code}"] += 1
                statuses[f"POST done {done.status_code}"] += 1
                if done.status_code < 400:
                    answered_done.append((user.pk, lesson.translation_key))

    threads = [threading.Thread(target=learner, args=(n, u)) for n, u in enumerate(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(args.at)
    killed_at = time.monotonic() - started
    subprocess.run([str(ROOT / "deploy/local-cluster.sh"), "kill", args.kill], check=True)
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    from progress.models import Completion

    stored = set(Completion.objects.filter(user__in=users).values_list("user_id", "item_key"))
    lost = [pair for pair in set(answered_done) if pair not in stored]
    total = sum(statuses.values())
    print(
        f"== cluster drill: {args.learners} learners, {elapsed:.1f} s, {args.kill} SIGKILLed at "
        f"{killed_at:.1f} s"
    )
    print(
        f"requests: {total} ({total / elapsed:.1f}/s); statuses: {dict(sorted(statuses.items()))}"
    )
    print(f"client errors (no answer): {dict(errors) or 0}")
    print(
        f"'done' answered 2xx/3xx: {len(answered_done)} ({len(set(answered_done))} distinct); "
        f"in the database: {len(stored)}; answered but lost: {len(lost)}"
    )


if __name__ == "__main__":
    main()
