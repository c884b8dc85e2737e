"""Reads of learning progress. Query counts do not grow with the number of lessons or courses."""

import datetime as dt
import functools
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import BigIntegerField, Func

from courses.models import CoursePage
from courses.selectors import (
    Outline,
    OutlineItem,
    OutlineModule,
    active_course_keys,
    cached_outline,
    courses_for_keys,
)

from .models import Completion, CourseState


@dataclass
class ModuleProgress:
    module: OutlineModule
    done: int
    total: int
    is_open: bool
    completed_keys: set = field(default_factory=set)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


@dataclass
class CourseProgress:
    outline: Outline
    modules: list[ModuleProgress]
    completed_keys: set[UUID]
    completed_at: dt.datetime | None
    last_item_key: UUID | None

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def is_done(self, item: OutlineItem) -> bool:
        return item.translation_key in self.completed_keys

    def module_progress(self, module_page_id: int) -> ModuleProgress | None:
        for mp in self.modules:
            if mp.module.page_id == module_page_id:
                return mp
        return None

    @property
    def next_item(self) -> OutlineItem | None:
        """The first open item not done yet, in course order."""
        for mp in self.modules:
            if not mp.is_open:
                continue
            for item in mp.module.items:
                if item.translation_key not in self.completed_keys:
                    return item
        return None

    @property
    def resume_item(self) -> OutlineItem | None:
        """Where to continue: the last item seen if it is not done, else the next one."""
        if self.last_item_key and self.last_item_key not in self.completed_keys:
            for mp in self.modules:
                if not mp.is_open:
                    continue
                for item in mp.module.items:
                    if item.translation_key == self.last_item_key:
                        return item
        return self.next_item


def build_progress(
    *,
    outline: Outline,
    completed_keys: set[UUID],
    completed_at: dt.datetime | None = None,
    last_item_key: UUID | None = None,
) -> CourseProgress:
    """Pure: combine an outline with a learner's completions (gating included)."""
    sequential = outline.course.is_sequential
    modules = []
    previous_complete = True
    for module in outline.modules:
        keys = {item.translation_key for item in module.items}
        done_keys = keys & completed_keys
        mp = ModuleProgress(
            module=module,
            done=len(done_keys),
            total=len(keys),
            is_open=(previous_complete or not sequential),
            completed_keys=done_keys,
        )
        modules.append(mp)
        previous_complete = previous_complete and (mp.total == 0 or mp.is_complete)
    return CourseProgress(
        outline=outline,
        modules=modules,
        completed_keys=completed_keys,
        completed_at=completed_at,
        last_item_key=last_item_key,
    )


def enrolment_and_completions(*, user, course_key: UUID) -> tuple[bool, set[UUID], UUID | None]:
    """Whether ``user`` is actively enrolled, the items they completed, and the item they were
    last on: one query, a UNION of the enrolment row (tagged 0), the completion rows (tagged 1)
    and the course state's last item (tagged 2).

    Every lesson page asks this, so the statement is written once per process (from the models'
    own table and column names, ``_learner_state_sql``) instead of being built by the ORM on each
    request, which cost more than running it.
    """
    from django.db import connection

    from courses.models import Enrolment

    key = Enrolment._meta.get_field("course_key").get_db_prep_value(course_key, connection)
    enrolled, done, last = False, set(), None
    with connection.cursor() as cursor:
        cursor.execute(
            _learner_state_sql(connection.vendor), [user.pk, key, True] + [user.pk, key] * 2
        )
        for value, kind in cursor.fetchall():
            if kind == 0:
                enrolled = True
            elif kind == 1:
                done.add(_as_uuid(value))
            else:
                last = _as_uuid(value)
    return enrolled, done, last


@functools.cache
def _learner_state_sql(vendor: str) -> str:
    from django.db import connection

    from courses.models import Enrolment

    def names(model, *fields):
        quote = connection.ops.quote_name
        columns = [quote(model._meta.get_field(name).column) for name in fields]
        return (quote(model._meta.db_table), *columns)

    table, user, course, active = names(Enrolment, "user", "course_key", "is_active")
    enrolment = (
        f"SELECT {course}, 0 FROM {table} WHERE {user} = %s AND {course} = %s AND {active} = %s"
    )
    table, user, course, item = names(Completion, "user", "course_key", "item_key")
    completions = f"SELECT {item}, 1 FROM {table} WHERE {user} = %s AND {course} = %s"
    table, user, course, last = names(CourseState, "user", "course_key", "last_item_key")
    position = (
        f"SELECT {last}, 2 FROM {table} WHERE {user} = %s AND {course} = %s AND {last} IS NOT NULL"
    )
    return f"{enrolment} UNION ALL {completions} UNION ALL {position}"


def _as_uuid(value) -> UUID:
    # PostgreSQL returns UUIDs; SQLite the 32 hex digits Django stores.
    return value if isinstance(value, UUID) else UUID(value)


def completed_item_keys(*, user, course_key: UUID) -> set[UUID]:
    return set(
        Completion.objects.filter(user=user, course_key=course_key).values_list(
            "item_key", flat=True
        )
    )


def course_progress(*, user, course: CoursePage, outline: Outline | None = None) -> CourseProgress:
    """A learner's progress in a course: 4 queries at most, whatever the number of lessons."""
    outline = outline or cached_outline(course=course)
    state = (
        CourseState.objects.filter(user=user, course_key=course.translation_key)
        .values("completed_at", "last_item_key")
        .first()
        or {}
    )
    return build_progress(
        outline=outline,
        completed_keys=completed_item_keys(user=user, course_key=course.translation_key),
        completed_at=state.get("completed_at"),
        last_item_key=state.get("last_item_key"),
    )


@dataclass
class LearningEntry:
    course: CoursePage
    done: int
    total: int
    completed_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    resume_url: str | None
    resume_title: str | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def my_learning(*, user, locale) -> list[LearningEntry]:
    """Every active enrolment with its progress and "continue" link. Fixed number of queries."""
    from django.db.models import Q
    from wagtail.models import Page

    keys = active_course_keys(user=user)
    if not keys:
        return []
    courses = courses_for_keys(keys=keys, locale=locale)
    if not courses:
        return []
    # Items of every course in one query: children of modules (depth + 2).
    cond = Q()
    for course in courses:
        cond |= Q(path__startswith=course.path, depth=course.depth + 2)
    items = list(
        Page.objects.live().filter(cond).values("path", "translation_key", "title", "url_path")
    )
    completed: set = set()
    done_by_course: dict = {}
    for course_key, item_key in Completion.objects.filter(
        user=user, course_key__in=keys
    ).values_list("course_key", "item_key"):
        completed.add(item_key)
        done_by_course[course_key] = done_by_course.get(course_key, 0) + 1
    states = {
        s["course_key"]: s
        for s in CourseState.objects.filter(user=user, course_key__in=keys).values(
            "course_key", "completed_at", "last_item_key", "last_seen_at"
        )
    }
    entries = []
    for course in courses:
        course_items = [row for row in items if row["path"].startswith(course.path)]
        course_items.sort(key=lambda row: row["path"])
        state = states.get(course.translation_key, {})
        resume = None
        last = state.get("last_item_key")
        if last and last not in completed:
            resume = next((r for r in course_items if r["translation_key"] == last), None)
        if resume is None:
            resume = next((r for r in course_items if r["translation_key"] not in completed), None)
        base = course.url or ""
        entries.append(
            LearningEntry(
                course=course,
                done=min(done_by_course.get(course.translation_key, 0), len(course_items)),
                total=len(course_items),
                completed_at=state.get("completed_at"),
                last_seen_at=state.get("last_seen_at"),
                resume_url=(base + resume["url_path"][len(course.url_path) :]) if resume else None,
                resume_title=resume["title"] if resume else None,
            )
        )
    entries.sort(
        key=lambda e: (
            e.completed_at is not None,
            -(e.last_seen_at.timestamp()) if e.last_seen_at else 0,
        )
    )
    return entries


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def from_epoch(ts: int | None) -> dt.datetime | None:
    return _EPOCH + dt.timedelta(seconds=ts) if ts is not None else None


@dataclass(frozen=True)
class LearnerCourseSummary:
    done: int  # items of ``item_keys`` completed
    completed_ts: int | None  # seconds since 1970 (cheap to read and compare in bulk)
    last_ts: int | None  # last completion or last item opened

    @property
    def completed_at(self) -> dt.datetime | None:
        return from_epoch(self.completed_ts)

    @property
    def last_activity(self) -> dt.datetime | None:
        return from_epoch(self.last_ts)


class Epoch(Func):
    """Seconds since 1970 as an integer, computed by the database (thousands of timestamps
    read as integers instead of being parsed as dates one by one)."""

    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
            **extra,
        )


def epoch_seconds(expression) -> Epoch:
    return Epoch(expression)


def progress_for_users(
    *, users, course_keys: list[UUID], item_keys: list[UUID]
) -> dict[UUID, dict[int, LearnerCourseSummary]]:
    """Progress of many learners in many courses: {course key: {user id: summary}}. ONE query.

    ``users`` is a list of user ids or a queryset of them (sent as a subquery, so the query does
    not grow with the number of learners); ``item_keys`` are the courses' current learning items
    (completions of items removed since are not counted). A UNION of the completion counts per
    learner and course and of the course states (finished at, last seen at); courses come back
    as their index in ``course_keys`` and times as integers, which keeps reading 2,000 learners
    × 6 courses cheap.
    """
    from django.db.models import Case, Count, IntegerField, Max, Value, When

    if not course_keys:
        return {}
    course_index = Case(
        *[When(course_key=key, then=Value(i)) for i, key in enumerate(course_keys)],
        output_field=IntegerField(),
    )
    counts = (
        Completion.objects.filter(
            user_id__in=users, course_key__in=course_keys, item_key__in=item_keys
        )
        .values("user_id", "course_key")
        .annotate(
            course=course_index,
            n=Count("pk"),
            last=Max(epoch_seconds("completed_at")),
            finished=Value(None, output_field=IntegerField()),
        )
        .values_list("user_id", "course", "n", "last", "finished")
    )
    states = (
        CourseState.objects.filter(user_id__in=users, course_key__in=course_keys)
        .annotate(
            course=course_index,
            n=Value(-1, output_field=IntegerField()),
            last=epoch_seconds("last_seen_at"),
            finished=epoch_seconds("completed_at"),
        )
        .values_list("user_id", "course", "n", "last", "finished")
    )
    done: dict = {}
    last: dict = {}
    finished: dict = {}
    # Every column is an integer: read the rows raw, without a converter call per value.
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    union = counts.union(states, all=True)
    try:
        sql, params = union.query.sql_with_params()
    except EmptyResultSet:  # no learner at all (an empty list): nothing to read
        rows = []
    else:
        with connections[union.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    for user_id, course, n, seen, completed_at in rows:
        key = (course, user_id)  # plain integers: hashing thousands of UUIDs is slow
        if n >= 0:
            done[key] = n
        elif completed_at is not None:
            finished[key] = completed_at
        if seen is not None and (last.get(key) is None or seen > last[key]):
            last[key] = seen

    result: dict[UUID, dict[int, LearnerCourseSummary]] = {key: {} for key in course_keys}
    for key in set(done) | set(last) | set(finished):
        course, user_id = key
        result[course_keys[course]][user_id] = LearnerCourseSummary(
            done=done.get(key, 0), completed_ts=finished.get(key), last_ts=last.get(key)
        )
    return result
