"""Load test of the multi-node layout (deploy/local-cluster.sh) with the scale data set
(``manage.py seed_scale``): learners browse the catalogue and the project bank, read lessons and
press "done", take quizzes, open My learning; anyone verifies certificates; cooperative managers
open their dashboards, sort, filter, search and page them and export them as CSV (one in five on
the 2,000-member cooperative).

    deploy/local-cluster.sh up
    (source the cluster env) .venv/bin/python manage.py seed_scale --learners 100000
    .venv/bin/locust -f bench/locustfile.py --headless -u 10 -r 5 -t 60s \
        --host http://127.0.0.1:8100 --only-summary

The lesson page alone, as fast as 10 clients can go (the DESIGN.md budget):

    LOCUST_THINK=0 .venv/bin/locust -f bench/locustfile.py --headless -u 10 -r 10 -t 30s \
        --host http://127.0.0.1:8100 --only-summary --tags lesson Learner

Reads the learners, lessons and quizzes to use from the cluster's database once, at start-up
(the cluster's settings, deploy/local-cluster.sh env). Prints p50/p95/p99 per request type,
requests/s and failures at the end (locust's summary, plus one compact table). Each simulated
user sends from its own loopback address (bench/loopback.py): the balancer limits each address.

No lost write: every "done" the learners got a 2xx/3xx answer for is written to
``$CLUSTER_DIR/load-done.tsv`` (``DONE_FILE``) as it comes; at the end the run looks each one
up in the cluster's database and prints how many are missing (there must be none).

Failure drills in the middle of the run (``make bench-load KILL_DURING=web1 KILL_AFTER=20s``):
``KILL_DURING`` names nodes, comma-separated: ``web1``/``web2`` are SIGKILLed
(deploy/local-cluster.sh kill) ``KILL_AFTER`` into the run and started again at its end (the
balancer must send their share to the other server); ``worker`` runs bench/worker_drill.py's
drill at that moment (a task running on a worker SIGKILLed, requeued, run again by the other
worker, its effect once).
"""

import collections
import itertools
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, events, tag, task
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from academy.scale import PASSWORD  # noqa: E402 (no Django set-up needed)
from bench import loopback  # noqa: E402
from bench.cluster_drill import cluster_env  # noqa: E402

# Think time between a user's requests, in seconds (0: as fast as possible, for throughput).
THINK = float(os.environ.get("LOCUST_THINK", "1"))
WAIT = constant(0) if THINK == 0 else between(THINK / 2, THINK * 1.5)
DATA: dict = {}
ADDRESSES = itertools.count()  # the next simulated user's loopback address


def seconds(value: str) -> float:
    """``20``, ``20s``, ``2m``: seconds."""
    value = value.strip().lower()
    if value.endswith("m"):
        return float(value[:-1]) * 60
    return float(value.removesuffix("s"))


KILL_DURING = [n for n in re.split(r"[,\s]+", os.environ.get("KILL_DURING", "")) if n]
KILL_AFTER = seconds(os.environ.get("KILL_AFTER", "20s"))
if unknown := set(KILL_DURING) - {"web1", "web2", "worker"}:
    raise SystemExit(f"KILL_DURING: unknown {sorted(unknown)} (web1, web2, worker)")
# Every "lesson done" POST: (time, user id, item key, status; 0 without an answer).
DONE: list[tuple[float, int, object, int]] = []
DRILL: dict = {"killed_at": {}, "greenlets": []}


def load_data() -> dict:
    if DATA:
        return DATA
    cluster_env()
    from bench.common import scale_course, scale_learners
    from projectbank.models import Region, Sector
    from quizzes.models import QuizPage

    course, lessons = scale_course()
    lessons = [(lesson.pk, lesson.url, lesson.translation_key) for lesson in lessons]
    quizzes = [(q.pk, q.url) for q in QuizPage.objects.live().descendant_of(course)]
    learners = list(scale_learners(course).values_list("pk", "email")[:2000])
    from academy.scale import LARGE_COOPERATIVE, MANAGER_PREFIX
    from cooperatives.models import CourseAssignment, Membership

    managers = list(
        Membership.objects.filter(role="manager", user__username__startswith=MANAGER_PREFIX)
        .order_by("cooperative_id")
        .values_list("user__email", "cooperative_id", "cooperative__register_number")
    )
    assigned = collections.defaultdict(list)
    for cooperative_id, key in CourseAssignment.objects.values_list("cooperative_id", "course_key"):
        assigned[cooperative_id].append(str(key))
    codes = []
    try:
        from certificates.models import Certificate

        codes = list(Certificate.objects.values_list("code", flat=True)[:200])
    except ImportError:
        pass
    DATA.update(
        course_url=course.url,
        lessons=lessons,
        quizzes=quizzes,
        learners=learners,
        certificate_codes=codes,
        regions=list(Region.objects.values_list("code", flat=True)),
        sectors=list(Sector.objects.values_list("code", flat=True)),
        managers=[(email, pk) for email, pk, number in managers if number != LARGE_COOPERATIVE],
        large_managers=[
            (email, pk) for email, pk, number in managers if number == LARGE_COOPERATIVE
        ],
        assigned=dict(assigned),
    )
    print(
        f"load test data: {len(learners)} learners enrolled in {course.title!r}, "
        f"{len(lessons)} lessons, {len(quizzes)} quizzes, {len(codes)} certificates, "
        f"{len(managers)} cooperative managers"
    )
    return DATA


def log_in(user: HttpUser, email: str) -> None:
    """Log the simulated user in through the site's form (every scale account has PASSWORD)."""
    user.client.get("/ar/accounts/login/", name="login page")
    user.client.post(
        "/ar/accounts/login/",
        data={
            "login": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": user.client.cookies.get("csrftoken", ""),
        },
        headers={"Referer": user.host + "/ar/accounts/login/"},
        name="login",
        allow_redirects=False,
    )


class Learner(HttpUser):
    """A learner on a phone: mostly reading lessons, sometimes pressing done or taking a quiz."""

    weight = 9
    wait_time = WAIT

    def on_start(self):
        data = load_data()
        loopback.bind(self.client, loopback.address(next(ADDRESSES)))
        self.user_id, self.email = random.choice(data["learners"])
        log_in(self, self.email)

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    @tag("lesson")
    @task(10)
    def read_lesson(self):
        _pk, url, _key = random.choice(DATA["lessons"])
        self.client.get(url, name="lesson page")

    @task(3)
    def complete_lesson(self):
        pk, url, key = random.choice(DATA["lessons"])
        self.client.get(url, name="lesson page")
        response = self.client.post(
            f"/ar/learn/done/{pk}/",
            data={"then": "stay", "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host + url},
            name="lesson done (POST)",
            allow_redirects=False,
        )
        record_done(self.user_id, key, response.status_code or 0)

    @task(2)
    def my_learning(self):
        self.client.get("/ar/learn/", name="my learning")

    @task(2)
    def catalogue(self):
        self.client.get("/ar/courses/", name="course catalogue")
        self.client.get(DATA["course_url"], name="course page")

    @task(1)
    def take_quiz(self):
        if not DATA["quizzes"]:
            return
        pk, url = random.choice(DATA["quizzes"])
        self.client.get(url, name="quiz page")
        start = self.client.post(
            f"/ar/quiz/{pk}/start/",
            data={"csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host + url},
            name="quiz start (POST)",
            allow_redirects=False,
        )
        match = re.search(r"/quiz/attempt/(\d+)/", start.headers.get("Location", ""))
        if not match:
            return  # no attempt left: the quiz page said so
        attempt = match.group(1)
        self.client.get(f"/ar/quiz/attempt/{attempt}/", name="quiz attempt page")
        with self.client.post(
            f"/ar/quiz/attempt/{attempt}/submit/",
            data={"csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": f"{self.host}/ar/quiz/attempt/{attempt}/"},
            name="quiz submit (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # An empty submission is graded (every answer wrong) or refused with a clear 400.
            if response.status_code in (302, 400):
                response.success()

    @task(2)
    def bank(self):
        params = {
            "region": random.choice(DATA["regions"]),
            "sector": random.choice(DATA["sectors"]),
        }
        self.client.get("/ar/bank/", params=params, name="bank catalogue (filtered)")


class Visitor(HttpUser):
    """Anyone, no account: the catalogue, the bank, a certificate's QR code."""

    weight = 1
    wait_time = WAIT

    def on_start(self):
        load_data()
        loopback.bind(self.client, loopback.address(next(ADDRESSES)))

    @task(2)
    def verify_certificate(self):
        codes = DATA["certificate_codes"]
        code = random.choice(codes) if codes else "UNKNOWN-CODE"
        with self.client.get(
            f"/ar/verify/{code}/", name="certificate verification", catch_response=True
        ) as response:
            if response.status_code in (200, 404):  # an unknown code is a clear 404
                response.success()

    @task(1)
    def bank(self):
        self.client.get("/ar/bank/", name="bank catalogue")

    @task(1)
    def catalogue(self):
        self.client.get("/ar/courses/", name="course catalogue")


class Manager(HttpUser):
    """A cooperative manager following the members: the dashboard, sorted, filtered, searched,
    paged, and exported as CSV. Needs ``seed_scale``'s cooperatives (none: no manager runs)."""

    weight = 1
    wait_time = WAIT

    def on_start(self):
        data = load_data()
        loopback.bind(self.client, loopback.address(next(ADDRESSES), loopback.MANAGERS))
        if not data["managers"] and not data["large_managers"]:
            raise StopUser()  # no cooperative generated: seed_scale was run without them
        large = data["large_managers"] and (random.random() < 0.2 or not data["managers"])
        self.email, self.cooperative = random.choice(
            data["large_managers"] if large else data["managers"]
        )
        self.courses = data["assigned"].get(self.cooperative, [])
        self.board = f"/ar/cooperatives/{self.cooperative}/"
        self.label = "2,000 members" if large else "40 members"
        log_in(self, self.email)

    def dashboard(self, what: str, **params):
        self.client.get(self.board, params=params, name=f"dashboard {what} ({self.label})")

    @task(4)
    def open_dashboard(self):
        self.client.get("/ar/cooperatives/", name="my cooperatives → dashboard")

    @task(3)
    def sort(self):
        self.dashboard("sorted", sort=random.choice(("progress", "activity")))

    @task(3)
    def filter(self):
        params = {"status": random.choice(("not_started", "in_progress", "stalled", "completed"))}
        if self.courses and random.random() < 0.5:
            params["course"] = random.choice(self.courses)
        self.dashboard("filtered", **params)

    @task(1)
    def search_and_page(self):
        self.dashboard("searched", q=f"Learner {random.randint(1, 9)}")
        self.dashboard("page 2", page=2)

    @task(1)
    def export_csv(self):
        self.client.get(f"{self.board}members.csv", name=f"dashboard CSV export ({self.label})")


@events.init.add_listener
def prepare(environment, **kwargs):
    load_data()  # before any user starts: Django set-up blocks the event loop for seconds


def done_file() -> Path:
    default = Path(os.environ.get("CLUSTER_DIR", "/tmp/taawuniya-cluster")) / "load-done.tsv"
    return Path(os.environ.get("DONE_FILE", default))


def record_done(user_id: int, key, status: int) -> None:
    DONE.append((time.time(), user_id, key, status))
    if 200 <= status < 400:
        DRILL["done_file"].write(f"{time.time():.3f}\t{user_id}\t{key}\t{status}\n")


def cluster(*args: str) -> None:
    subprocess.run([str(ROOT / "deploy/local-cluster.sh"), *args], check=True)


def kill_later(node: str) -> None:
    gevent.sleep(KILL_AFTER)
    if node == "worker":
        from bench.worker_drill import kill_running_worker

        DRILL["worker"] = kill_running_worker()
        return
    DRILL["killed_at"][node] = time.time()
    print(f"== {node} SIGKILLed {KILL_AFTER:g} s into the run")
    cluster("kill", node)


@events.test_start.add_listener
def start_drills(environment, **kwargs):
    DRILL["done_file"] = done_file().open("w", buffering=1)
    DRILL["greenlets"] = [gevent.spawn(kill_later, node) for node in KILL_DURING]


@events.test_stop.add_listener
def check_writes(environment, **kwargs):
    """Restart what was killed, then look up every answered "done" in the database."""
    gevent.joinall(DRILL["greenlets"], timeout=180)
    for node in DRILL["killed_at"]:
        cluster("start", node)
    DRILL["done_file"].close()
    from progress.models import Completion

    answered = {(user, key) for _at, user, key, status in DONE if 200 <= status < 400}
    stored = set(
        Completion.objects.filter(user_id__in={user for user, _ in answered}).values_list(
            "user_id", "item_key"
        )
    )
    lost = answered - stored
    killed = min(DRILL["killed_at"].values(), default=None)
    print(f"\n== lesson done (POST): {len(DONE):,} sent, statuses by phase of the run")
    for label, rows in (
        (
            "before the kill" if killed else "whole run",
            [d for d in DONE if not killed or d[0] < killed],
        ),
        ("after the kill", [d for d in DONE if killed and d[0] >= killed]),
    ):
        if rows:
            counts = collections.Counter(status or "no answer" for *_, status in rows)
            print(f"  {label}: {dict(sorted(counts.items(), key=str))}")
    print(
        f"answered 2xx/3xx: {len(answered):,} distinct (learner, lesson); in the database: "
        f"{len(answered & stored):,}; answered but LOST: {len(lost)}"
        f"{' ' + str(sorted(lost)[:5]) if lost else ''}  (list: {done_file()})"
    )
    if "worker" in DRILL:
        figures = DRILL["worker"]
        print(
            f"worker killed mid-task: {figures['worker']}; the task ran "
            f"{figures['starts']} times, finished {figures['completions']} time(s), "
            f"effect once: {figures['effect_once']}, final status {figures['status']}"
        )


@events.quitting.add_listener
def summary(environment, **kwargs):
    stats = environment.stats
    print("\n== load test summary (ms)")
    print(f"{'request':34} {'reqs':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>7}")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(
            f"{entry.name[:34]:34} {entry.num_requests:7d} {entry.num_failures:5d} "
            f"{entry.get_response_time_percentile(0.5):6.0f} "
            f"{entry.get_response_time_percentile(0.95):6.0f} "
            f"{entry.get_response_time_percentile(0.99):6.0f} {entry.total_rps:7.1f}"
        )
    total = stats.total
    print(
        f"{'TOTAL':34} {total.num_requests:7d} {total.num_failures:5d} "
        f"{total.get_response_time_percentile(0.5):6.0f} "
        f"{total.get_response_time_percentile(0.95):6.0f} "
        f"{total.get_response_time_percentile(0.99):6.0f} {total.total_rps:7.1f}"
    )
    errors = {str(e.error)[:80]: e.occurrences for e in stats.errors.values()}
    print(f"errors: {errors or 0}")
