"""A scale data set for benchmarks (``manage.py seed_scale``): many learners with enrolments,
completions, course states, quiz attempts, cooperatives with their managers and members, and
generated bank projects, on top of the demo academy (``load_demo`` first: completions point at
its real lessons and quizzes).

Rows go in with PostgreSQL ``COPY`` (bulk_create elsewhere), never through services: this is
benchmark data, not user activity, so no events, signals or tasks. Generated learners are
recognisable (usernames ``scale…``, addresses ``@scale.invalid``) and hold no real person's data;
cooperative managers are ``scalemgr…`` (``manager<n>@scale.invalid``), same password.
Deterministic for a given ``seed``. Never run it against a production database.
"""

import datetime as dt
import random
import time
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import timezone

USERNAME_PREFIX = "scale"
MANAGER_PREFIX = "scalemgr"  # also starts with USERNAME_PREFIX: one "already seeded" check
PASSWORD = "Scale-learner-2026"
LARGE_COOPERATIVE = "SCALE-LARGE"  # register number of the big cooperative
SYNTHETIC_COURSES = 40  # more course keys than the demo has, so every learner can do ~20 items
SYNTHETIC_ITEMS = 25


def copy_rows(model: type[models.Model], rows: Iterable[dict], *, batch: int = 5000) -> int:
    """Insert ``rows`` (dicts by attname; missing fields take their defaults). COPY on
    PostgreSQL, bulk_create otherwise. Returns the number of rows."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or not f.auto_created]
    fields = [f for f in fields if not isinstance(f, models.AutoField)]
    defaults = {f.attname: f.get_default() for f in fields}
    count = 0
    if connection.vendor == "postgresql":
        prepare = {
            f.attname: (lambda v, f=f: f.get_db_prep_save(v, connection))
            for f in fields
            if isinstance(f, models.JSONField | models.DecimalField)
        }
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = []
                for f in fields:
                    value = row.get(f.attname, defaults[f.attname])
                    if f.attname in prepare:
                        value = prepare[f.attname](value)
                    values.append(value)
                copy.write_row(values)
                count += 1
        return count
    chunk = []
    for row in rows:
        chunk.append(model(**{**defaults, **row}))
        if len(chunk) >= batch:
            model.objects.bulk_create(chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        model.objects.bulk_create(chunk)
        count += len(chunk)
    return count


def generate_bank_projects(count: int, *, prefix: str = "GEN") -> int:
    """``count`` published bank projects spread over every region and sector (bench/bank.py
    uses it too)."""
    from projectbank.models import BankProject, Region, Sector

    regions = list(Region.objects.values_list("code", flat=True))
    sectors = list(Sector.objects.values_list("code", flat=True))
    if not regions or not sectors:
        raise RuntimeError("no regions or sectors: load the demo academy first (load_demo)")
    copy_rows(
        BankProject,
        (
            {
                "external_id": f"{prefix}{i:05d}",
                "title_ar": f"مشروع تعاوني رقم {i}",
                "title_fr": f"Projet coopératif n° {i}",
                "summary_ar": "فكرة مشروع مولدة للقياس",
                "summary_fr": "Idée de projet générée pour la mesure",
                "sector_id": sectors[i % len(sectors)],
                "target_group": "UWE"[i % 3],
                "investment": Decimal(100000 + i * 10),
                "jobs": i % 15,
            }
            for i in range(count)
        ),
    )
    through = BankProject.regions.through
    ids = BankProject.objects.filter(external_id__startswith=prefix).values_list("pk", flat=True)
    copy_rows(
        through, ({"bankproject_id": pk, "region_id": regions[pk % len(regions)]} for pk in ids)
    )
    return count


def _course_items() -> dict[uuid.UUID, list[uuid.UUID]]:
    """Item keys (lessons and quizzes, in order) of every live demo course, by course key."""
    from wagtail.models import Page

    from courses.models import CoursePage

    items: dict[uuid.UUID, list[uuid.UUID]] = {}
    for course in CoursePage.objects.live().filter(locale__language_code="ar"):
        keys = (
            Page.objects.live()
            .descendant_of(course)
            .filter(depth=course.depth + 2)
            .order_by("path")
            .values_list("translation_key", flat=True)
        )
        items[course.translation_key] = list(keys)
    return items


def _quizzes() -> list[tuple[int, uuid.UUID, uuid.UUID, int | None]]:
    """(page id, quiz key, course key, latest revision id) of every live demo quiz."""
    from courses.models import CoursePage
    from quizzes.models import QuizPage

    courses = {c.path: c.translation_key for c in CoursePage.objects.all()}
    course_len = len(next(iter(courses), ""))
    quizzes = []
    for quiz in QuizPage.objects.live().filter(locale__language_code="ar"):
        course_key = courses.get(quiz.path[:course_len])
        if course_key is not None:
            quizzes.append((quiz.pk, quiz.translation_key, course_key, quiz.latest_revision_id))
    return quizzes


class Seeder:
    def __init__(
        self,
        *,
        learners: int,
        items_per_learner: int,
        attempts: int,
        projects: int,
        cooperatives: int = 0,
        members: int = 40,
        large_cooperative: int = 0,
        seed: int = 2026,
        out=print,
    ):
        self.learners = learners
        self.items_per_learner = items_per_learner
        self.attempts = attempts
        self.projects = projects
        self.cooperatives = cooperatives
        self.members = members
        self.large_cooperative = large_cooperative
        self.random = random.Random(seed)
        self.out = out
        self.now = timezone.now()
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def step(self, name, function):
        started = time.perf_counter()
        count = function()
        self.timings[name] = time.perf_counter() - started
        self.counts[name] = count
        self.out(f"{name}: {count:,} rows in {self.timings[name]:.1f} s")

    def run(self) -> None:
        from accounts.models import User

        if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise RuntimeError("scale learners already exist: seed a fresh database")
        self.course_items = _course_items()
        if not self.course_items:
            raise RuntimeError("no live course: load the demo academy first (load_demo)")
        self.synthetic = {
            uuid.UUID(int=self.random.getrandbits(128)): [
                uuid.UUID(int=self.random.getrandbits(128)) for _ in range(SYNTHETIC_ITEMS)
            ]
            for _ in range(SYNTHETIC_COURSES)
        }
        self.step("users", self.users)
        self.user_ids = list(
            User.objects.filter(username__startswith=USERNAME_PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.step("enrolments, course states and completions", self.progress)
        self.step("quiz attempts and records", self.quiz_attempts)
        if self.cooperatives or self.large_cooperative:
            self.step("cooperatives, managers, members and assignments", self.cooperative_rows)
        if self.projects:
            self.step(
                "bank projects", lambda: generate_bank_projects(self.projects, prefix="SCALE")
            )
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            # Statistics for the planner, and the visibility map for index-only scans; done now
            # rather than by autovacuum in the middle of a benchmark (millions of new rows).
            # VACUUM cannot run in a transaction (the tests): ANALYZE alone there.
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                cursor.execute(statement)
        self.timings["analyze"] = time.perf_counter() - started

    def users(self) -> int:
        from accounts.models import User

        password = make_password(PASSWORD)
        regions = [value for value, _ in User._meta.get_field("region").choices]

        def rows():
            for n in range(self.learners):
                by_phone = n % 2 == 1
                yield {
                    "username": f"{USERNAME_PREFIX}{n:07d}",
                    "email": "" if by_phone else f"learner{n}@scale.invalid",
                    "phone": f"+2127{n:08d}" if by_phone else "",
                    "full_name": f"Learner {n}",
                    "password": password,
                    "region": regions[n % len(regions)],
                    "is_active": True,
                    "date_joined": self.now - dt.timedelta(minutes=n),
                }

        return copy_rows(User, rows())

    def progress(self) -> int:
        from courses.models import Enrolment
        from progress.models import Completion, CourseState

        catalogue = list(self.course_items.items()) + list(self.synthetic.items())
        real = list(self.course_items.items())
        enrolments, states, completions = [], [], []
        self.enrolled: set[tuple[int, uuid.UUID]] = set()  # for the cooperatives' assignments
        rnd = self.random
        for user_id in self.user_ids:
            # Every learner follows a demo course (the pages the benchmarks open) and others.
            chosen = [rnd.choice(real)]
            while sum(len(items) for _, items in chosen) < self.items_per_learner * 1.6:
                course = rnd.choice(catalogue)
                if course not in chosen:
                    chosen.append(course)
            quota = max(1, int(rnd.gauss(self.items_per_learner, self.items_per_learner / 4)))
            for course_key, items in chosen:
                done = min(len(items), quota)
                quota -= done
                when = self.now - dt.timedelta(days=rnd.randint(1, 300))
                enrolments.append(
                    {
                        "user_id": user_id,
                        "course_key": course_key,
                        "is_active": True,
                        "enrolled_at": when,
                    }
                )
                self.enrolled.add((user_id, course_key))
                states.append(
                    {
                        "user_id": user_id,
                        "course_key": course_key,
                        "last_item_key": items[done - 1] if done else None,
                        "last_seen_at": when if done else None,
                        "completed_at": when if done == len(items) else None,
                    }
                )
                completions.extend(
                    {
                        "user_id": user_id,
                        "item_key": key,
                        "course_key": course_key,
                        "completed_at": when + dt.timedelta(minutes=i),
                        "source": "web",
                    }
                    for i, key in enumerate(items[:done])
                )
            if len(completions) > 200_000:
                copy_rows(Completion, completions)
                self.counts["completions"] = self.counts.get("completions", 0) + len(completions)
                completions = []
        copy_rows(Completion, completions)
        self.counts["completions"] = self.counts.get("completions", 0) + len(completions)
        copy_rows(Enrolment, enrolments)
        copy_rows(CourseState, states)
        self.out(
            f"  enrolments {len(enrolments):,}, course states {len(states):,}, "
            f"completions {self.counts['completions']:,}"
        )
        return len(enrolments) + len(states) + self.counts["completions"]

    def quiz_attempts(self) -> int:
        from quizzes.models import QuizAttempt, QuizRecord

        quizzes = _quizzes()
        if not quizzes or not self.attempts:
            return 0
        rnd = self.random
        attempts, records, taken = [], [], set()
        capacity = min(self.attempts, len(self.user_ids) * len(quizzes))
        n = 0
        while len(attempts) < capacity:
            n += 1
            user_id = self.user_ids[n % len(self.user_ids)]
            page_id, quiz_key, course_key, revision_id = rnd.choice(quizzes)
            if (user_id, quiz_key) in taken:
                continue
            taken.add((user_id, quiz_key))
            percent = Decimal(rnd.randint(20, 100))
            passed = percent >= 70
            started = self.now - dt.timedelta(days=rnd.randint(1, 300), minutes=n % 600)
            attempts.append(
                {
                    "user_id": user_id,
                    "quiz_key": quiz_key,
                    "course_key": course_key,
                    "quiz_id": page_id,
                    "revision_id": revision_id,
                    "mode": "graded",
                    "number": 1,
                    "seed": f"{n:032x}",
                    "status": "submitted",
                    "started_at": started,
                    "submitted_at": started + dt.timedelta(minutes=6),
                    "score": percent / 10,
                    "max_score": Decimal(10),
                    "percent": percent,
                    "passed": passed,
                }
            )
            records.append(
                {
                    "user_id": user_id,
                    "quiz_key": quiz_key,
                    "attempts_started": 1,
                    "passed_at": started if passed else None,
                }
            )
        copy_rows(QuizAttempt, attempts)
        copy_rows(QuizRecord, records)
        return len(attempts) + len(records)

    def cooperative_rows(self) -> int:
        """``cooperatives`` cooperatives of ``members`` members and one of ``large_cooperative``,
        each with its own manager and every live demo course assigned; members are generated
        learners (as many distinct ones as there are), enrolled in the assigned courses they did
        not follow yet, so the dashboards show every state from "not started" to "completed"."""
        from accounts.constants import Region, Sector
        from accounts.models import User
        from cooperatives.models import Cooperative, CourseAssignment, Membership
        from courses.models import Enrolment

        rnd = self.random
        sizes = [self.large_cooperative] if self.large_cooperative else []
        sizes += [self.members] * self.cooperatives
        sizes = [min(size, len(self.user_ids)) for size in sizes]
        regions, sectors = Region.values, Sector.values
        cooperatives = Cooperative.objects.bulk_create(
            Cooperative(
                name_ar=f"تعاونية القياس {n}",
                name_fr=f"Coopérative de mesure {n}",
                register_number=(
                    LARGE_COOPERATIVE if n == 0 and self.large_cooperative else f"SCALE-{n:05d}"
                ),
                region=regions[n % len(regions)],
                sector=sectors[n % len(sectors)],
            )
            for n in range(len(sizes))
        )
        password = make_password(PASSWORD)
        copy_rows(
            User,
            (
                {
                    "username": f"{MANAGER_PREFIX}{n:04d}",
                    "email": f"manager{n}@scale.invalid",
                    "phone": "",
                    "full_name": f"Manager {n}",
                    "password": password,
                    "region": cooperative.region,
                    "is_active": True,
                    "date_joined": self.now,
                }
                for n, cooperative in enumerate(cooperatives)
            ),
        )
        managers = dict(
            User.objects.filter(username__startswith=MANAGER_PREFIX).values_list("username", "pk")
        )
        pool = list(self.user_ids)
        rnd.shuffle(pool)
        memberships, assigned, enrolments = [], [], []
        course_keys = list(self.course_items)
        offset = 0
        for n, (cooperative, size) in enumerate(zip(cooperatives, sizes, strict=True)):
            memberships.append(
                {
                    "cooperative_id": cooperative.pk,
                    "user_id": managers[f"{MANAGER_PREFIX}{n:04d}"],
                    "role": "manager",
                    "state": "active",
                    "joined_at": self.now,
                    "created_at": self.now,
                }
            )
            # Distinct learners while there are enough, then round again (a learner may belong
            # to two cooperatives; never twice to one).
            members = [pool[(offset + i) % len(pool)] for i in range(size)]
            offset += size
            for user_id in members:
                joined = self.now - dt.timedelta(days=rnd.randint(1, 365))
                memberships.append(
                    {
                        "cooperative_id": cooperative.pk,
                        "user_id": user_id,
                        "role": "member",
                        "state": "active",
                        "joined_at": joined,
                        "created_at": joined,
                    }
                )
                for key in course_keys:
                    if (user_id, key) not in self.enrolled:
                        self.enrolled.add((user_id, key))
                        enrolments.append(
                            {
                                "user_id": user_id,
                                "course_key": key,
                                "is_active": True,
                                "enrolled_at": joined,
                            }
                        )
            for i, key in enumerate(course_keys):
                target = self.now.date() + dt.timedelta(days=30 * (i + 1)) if n % 2 else None
                assigned.append(
                    {
                        "cooperative_id": cooperative.pk,
                        "course_key": key,
                        "target_date": target,
                        "assigned_at": self.now,
                    }
                )
        copy_rows(Membership, memberships)
        copy_rows(CourseAssignment, assigned)
        copy_rows(Enrolment, enrolments)
        self.out(
            f"  cooperatives {len(cooperatives):,} (members: {', '.join(map(str, sizes[:3]))}"
            f"{'…' if len(sizes) > 3 else ''}), memberships {len(memberships):,}, "
            f"assignments {len(assigned):,}, enrolments added {len(enrolments):,}"
        )
        return len(cooperatives) * 2 + len(memberships) + len(assigned) + len(enrolments)
