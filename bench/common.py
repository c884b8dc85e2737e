"""Shared helpers for the benchmarks: a PostgreSQL database, a gunicorn server, a logged-in
HTTP session. Benchmarks print figures; they never assert (budgets are in DESIGN.md)."""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/taawuniya_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
# gunicorn workers of a bench app server: deploy/gunicorn.conf.py's default, one per core + 1.
WORKERS = int(os.environ.get("BENCH_WORKERS", (os.cpu_count() or 1) + 1))


def bench_env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "academy.settings.production",
            "DATABASE_URL": PG_URL,
            "REDIS_URL": REDIS_URL,
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "CERTIFICATE_SIGNING_KEY": "YmVuY2gtb25seS1jZXJ0aWZpY2F0ZS1rZXktMzJieXQ=",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "COOKIES_SECURE": "false",
            "LOG_LEVEL": "WARNING",
            "DB_CONN_MAX_AGE": "600",
        }
    )
    return env


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=bench_env(), check=True)


def reset_database() -> None:
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def fresh_demo_database() -> None:
    """An empty PostgreSQL database with the demo academy, and Django set up in this process."""
    reset_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo")
    os.environ.update(bench_env())
    import django

    django.setup()


@contextmanager
def gunicorn(workers: int = WORKERS):
    """An app server as production runs it (deploy/gunicorn.conf.py), on PORT."""
    env = bench_env()
    env.update(GUNICORN_BIND=f"127.0.0.1:{PORT}", GUNICORN_WORKERS=str(workers))
    env.setdefault("GUNICORN_LOGLEVEL", "warning")
    command = [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")]
    if os.environ.get("BENCH_ACCESS_LOG"):
        command += ["--access-logfile", "-"]
    proc = subprocess.Popen([*command, "academy.wsgi"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                requests.get(BASE + "/ar/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


def login(
    login: str, password: str, *, base: str = BASE, source: str | None = None
) -> requests.Session:
    """A logged-in session on ``base``; its requests leave from ``source`` (a loopback address,
    bench/loopback.py) when given."""
    session = requests.Session()
    if source:
        from bench import loopback

        loopback.bind(session, source)
    page = session.get(base + "/ar/accounts/login/")
    page.raise_for_status()
    token = session.cookies["csrftoken"]
    response = session.post(
        base + "/ar/accounts/login/",
        data={"login": login, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/ar/accounts/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.status_code
    return session


def percentile(values, q):
    """The ``q``-th percentile (0–100) of ``values``; NaN when there are none."""
    if not values:
        return float("nan")
    values = sorted(values)
    index = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[index]


def latency_report(samples_ms) -> str:
    return (
        f"median {statistics.median(samples_ms):.1f} ms, "
        f"p95 {percentile(samples_ms, 95):.1f} ms, max {max(samples_ms):.1f} ms"
    )


WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "20"))


class WrkFigures(dict):
    def __str__(self) -> str:
        return (
            f"{self['rps']:.1f} requests/s, p50 {self['p50']:.1f} ms, p90 {self['p90']:.1f} ms, "
            f"p95 {self['p95']:.1f} ms, p99 {self['p99']:.1f} ms, errors {self['errors']}"
        )


def wrk(session: requests.Session, url: str, *, clients: int = 10, seconds: int = 20):
    """Load ``url`` with wrk (C: next to no client CPU, the fair figure on 2 cores) from
    ``clients`` connections with ``session``'s cookies; None when wrk is not installed. Figures:
    requests/s, latency percentiles in ms (p95 included: bench/wrk_percentiles.lua), errors."""
    if not shutil.which("wrk"):
        return None
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(clients, 2)}",
            f"-c{clients}",
            f"-d{seconds}s",
            "-s",
            str(ROOT / "bench" / "wrk_percentiles.lua"),
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    keys = {"p50", "p90", "p95", "p99", "requests", "seconds", "errors"}
    values = {k: v for k, _, v in (line.partition(" ") for line in out.splitlines()) if k in keys}
    figures = WrkFigures(
        {p: float(values[p]) for p in ("p50", "p90", "p95", "p99")},
        errors=int(values["errors"]),
    )
    figures["rps"] = int(values["requests"]) / float(values["seconds"])
    return figures


def scale_course():
    """The course ``seed_scale`` enrols its learners in (the first Arabic one) and its lessons,
    in order (Django set up)."""
    from courses.models import CoursePage, LessonPage

    course = CoursePage.objects.live().filter(locale__language_code="ar").order_by("path").first()
    return course, list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def scale_learners(course):
    """``seed_scale``'s learners enrolled in ``course`` who log in with an email (a queryset)."""
    from academy.scale import USERNAME_PREFIX
    from accounts.models import User
    from courses.models import Enrolment

    enrolled = Enrolment.objects.filter(course_key=course.translation_key).values("user_id")
    return User.objects.filter(pk__in=enrolled, username__startswith=USERNAME_PREFIX).exclude(
        email=""
    )
