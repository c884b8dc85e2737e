"""Reads of the cooperatives app: the manager's cooperative (scoped to the manager), the members
dashboard, the trainer's course analytics and the office's territorial aggregates.

The dashboard runs a fixed number of queries whatever the number of members (the learners go
to ``progress``, ``quizzes`` and ``certificates`` as subqueries or one list). A manager sees of a
member only their name and their learning in the cooperative's assigned courses: never their
email, phone, region, status, sector or gender. Territorial aggregates hide every cell under
``SMALL_CELL`` people.

Must never: return a cooperative to someone who does not manage it (``Http404``), or an
aggregate cell counting fewer than ``SMALL_CELL`` people.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, Enrolment
from courses.selectors import Outline, cached_outline, courses_for_keys
from progress.selectors import epoch_seconds, from_epoch

from .models import Cooperative, CourseAssignment, Invitation, Membership

SMALL_CELL = 5


# --- settings -----------------------------------------------------------------------------------


def trained_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "COOPERATIVES_TRAINED_SHARE", "0.6")))


def stalled_days() -> int:
    return int(getattr(settings, "COOPERATIVES_STALLED_DAYS", 14))


def trained_course_key() -> UUID | None:
    """The governance course (``COOPERATIVES_TRAINED_COURSE``: a translation key, a course code
    such as "C1", or a slug)."""
    value = str(getattr(settings, "COOPERATIVES_TRAINED_COURSE", "C1") or "")
    if not value:
        return None
    try:
        return UUID(value)
    except ValueError:
        pass
    return (
        CoursePage.objects.filter(Q(code=value) | Q(slug=value))
        .order_by("path")
        .values_list("translation_key", flat=True)
        .first()
    )


def trained_share(*, cooperative: Cooperative, course_key) -> Decimal:
    """Share of the cooperative's active members who completed ``course_key``. One query."""
    from progress.models import CourseState

    finished = CourseState.objects.filter(
        user=OuterRef("user"), course_key=course_key, completed_at__isnull=False
    )
    counts = Membership.objects.filter(
        cooperative=cooperative, state=Membership.State.ACTIVE
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Exists(finished)))
    if not counts["total"]:
        return Decimal(0)
    return Decimal(counts["done"]) / Decimal(counts["total"])


# --- the manager's cooperative ------------------------------------------------------------------


def managed_cooperatives(*, user) -> list[Cooperative]:
    if not user.is_authenticated:
        return []
    return list(
        Cooperative.objects.filter(
            memberships__user=user,
            memberships__role=Membership.Role.MANAGER,
            memberships__state=Membership.State.ACTIVE,
        ).order_by("name_fr")
    )


def managed_cooperative_or_404(*, user, cooperative_id: int) -> Cooperative:
    """The cooperative if ``user`` is one of its active managers; 404 otherwise (whether it
    exists or not)."""
    if not user.is_authenticated:
        raise Http404
    cooperative = Cooperative.objects.filter(
        pk=cooperative_id,
        memberships__user=user,
        memberships__role=Membership.Role.MANAGER,
        memberships__state=Membership.State.ACTIVE,
    ).first()
    if cooperative is None:
        raise Http404
    return cooperative


def manages_any(*, user) -> bool:
    """For the navigation link. Cached per user for five minutes (no query on most pages): a
    new manager sees the link within five minutes; the pages themselves check every time."""
    from django.core.cache import cache

    if not user.is_authenticated:
        return False
    key = f"cooperatives:manager:{user.pk}"
    value = cache.get(key)
    if value is None:
        value = Membership.objects.filter(
            user=user, role=Membership.Role.MANAGER, state=Membership.State.ACTIVE
        ).exists()
        cache.set(key, value, 300)
    return value


def pending_invitations(*, cooperative: Cooperative, limit: int = 50) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            cooperative=cooperative, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .exclude(channel=Invitation.Channel.LINK)
        .order_by("-created_at")[:limit]
    )


# --- the dashboard ------------------------------------------------------------------------------

STATUSES = ("not_started", "in_progress", "stalled", "completed")


@dataclass
class CourseColumn:
    key: UUID
    course: CoursePage
    outline: Outline
    target_date: dt.date | None
    quizzes: list[tuple[str, UUID]]  # (module title, quiz key), in course order
    total: int = 0  # learning items

    def __post_init__(self):
        self.total = len(self.outline.items)


@dataclass
class Cell:
    done: int
    total: int
    completed_ts: int | None  # seconds since 1970
    last_ts: int | None
    certificate: object | None
    quiz_scores: list[Decimal | None]
    status: str

    @property
    def percent(self) -> int:
        return _percent(self.done, self.total, self.completed_ts)

    @property
    def completed_at(self) -> dt.datetime | None:
        return from_epoch(self.completed_ts)

    @property
    def last_activity(self) -> dt.datetime | None:
        return from_epoch(self.last_ts)

    # Labels made here rather than by {% blocktranslate %} in the template: 300 cells a page.
    @property
    def percent_label(self) -> str:
        return _("%(percent)s%%") % {"percent": self.percent}

    @property
    def status_label(self) -> str:
        return str(status_labels()[self.status])

    @property
    def quiz_labels(self) -> list[str]:
        return [
            _("Quiz %(number)d: %(percent)s%%") % {"number": n, "percent": round(score)}
            for n, score in enumerate(self.quiz_scores, start=1)
            if score is not None
        ]


def status_labels() -> dict[str, str]:
    return {
        "not_started": _("Not started"),
        "in_progress": _("In progress"),
        "stalled": _("Stalled"),
        "completed": _("Completed"),
    }


@dataclass
class MemberLine:
    membership_id: int
    user_id: int
    name: str
    state: str
    joined_ts: int | None  # seconds since 1970
    cells: list[Cell] = field(default_factory=list)

    @property
    def last_ts(self) -> int:
        return max([c.last_ts for c in self.cells if c.last_ts is not None] + [0])

    @property
    def last_activity(self) -> dt.datetime | None:
        return from_epoch(self.last_ts or None)

    @property
    def percent(self) -> int:
        return round(sum(c.percent for c in self.cells) / len(self.cells)) if self.cells else 0


@dataclass
class Dashboard:
    cooperative: Cooperative
    columns: list[CourseColumn]
    lines: list[MemberLine]  # every member matching the filters, in order
    page: object  # the django.core.paginator.Page shown (its lines carry quiz scores, etc.)
    active: int
    invited: int
    completed_counts: dict[UUID, int]
    query: str
    course: str
    status: str
    sort: str

    @property
    def course_shares(self) -> list[tuple[CourseColumn, int]]:
        """Per course: share of active members who completed it, in percent."""
        return [
            (
                column,
                round(100 * self.completed_counts.get(column.key, 0) / self.active)
                if self.active
                else 0,
            )
            for column in self.columns
        ]


def member_name(full_name: str, number: int) -> str:
    return full_name or _("Member %(number)d") % {"number": number}


def _percent(done: int, total: int, completed_ts: int | None) -> int:
    if completed_ts is not None:
        return 100
    return min(100, round(100 * done / total)) if total else 0


def _status(summary, enrolled_ts: int | None, stalled_before: int) -> str:
    """``stalled_before``: a time (seconds since 1970) before which no activity means stalled."""
    if summary is None:
        return "not_started"
    if summary.completed_ts is not None:
        return "completed"
    if summary.done == 0 and summary.last_ts is None:
        return "not_started"
    last = summary.last_ts or enrolled_ts
    if last and last < stalled_before:
        return "stalled"
    return "in_progress"


def dashboard(
    *, cooperative: Cooperative, locale, params=None, page_size: int | None = 50
) -> Dashboard:
    """Members (active and invited) × assigned courses with progress, best quiz scores per
    module quiz, certificates and last activity; filtered, sorted and cut into pages of
    ``page_size`` (None: one page with everybody, for exports and reminders).

    Seven queries whatever the number of members (plus two per course when its outline is not
    cached yet). Progress is read for every member only when a filter or the order needs it
    (a status filter, sorting by progress or activity); otherwise, like quiz scores and
    certificates, only for the members of the page shown.
    """
    from django.core.paginator import Paginator

    from progress.models import CourseState

    params = params or {}
    assignments = {
        a.course_key: a for a in CourseAssignment.objects.filter(cooperative=cooperative)
    }
    columns = []
    for course in courses_for_keys(keys=list(assignments), locale=locale):
        outline = cached_outline(course=course)
        quizzes = [
            (module.title, item.translation_key)
            for module in outline.modules
            for item in module.items
            if item.kind == "quizpage"
        ]
        columns.append(
            CourseColumn(
                key=course.translation_key,
                course=course,
                outline=outline,
                target_date=assignments[course.translation_key].target_date,
                quizzes=quizzes,
            )
        )
    memberships = list(
        Membership.objects.filter(
            cooperative=cooperative,
            state__in=[Membership.State.ACTIVE, Membership.State.INVITED],
        )
        .order_by("pk")
        .annotate(joined_ts=epoch_seconds("joined_at"))
        .values_list("pk", "user_id", "state", "joined_ts", "user__full_name")
    )
    active_ids = Membership.objects.filter(
        cooperative=cooperative, state=Membership.State.ACTIVE
    ).values("user_id")
    course_keys = [c.key for c in columns]
    completed_counts = dict(
        CourseState.objects.filter(
            user_id__in=active_ids, course_key__in=course_keys, completed_at__isnull=False
        )
        .values("course_key")
        .annotate(n=Count("pk"))
        .values_list("course_key", "n")
    )
    lines = [
        MemberLine(
            membership_id=pk,
            user_id=user_id,
            name=member_name(full_name, number),
            state=state,
            joined_ts=joined_ts,
        )
        for number, (pk, user_id, state, joined_ts, full_name) in enumerate(memberships, start=1)
    ]
    active = sum(1 for line in lines if line.state == Membership.State.ACTIVE)
    query = (params.get("q") or "").strip()[:100]
    course = params.get("course") or ""
    if course not in {str(key) for key in course_keys}:
        course = ""
    status = params.get("status") or ""
    if status not in STATUSES:
        status = ""
    sort = params.get("sort") or "name"
    if sort not in {"name", "activity", "progress"}:
        sort = "name"

    if query:
        folded = query.casefold()
        lines = [line for line in lines if folded in line.name.casefold()]
    needs_all = bool(status) or sort != "name" or page_size is None
    if needs_all:
        progress = _read_progress(columns, users=active_ids)
        lines = _filter_and_sort(lines, columns, progress, course, status, sort)
    else:
        lines.sort(key=lambda line: line.name.casefold())
    page = Paginator(lines, page_size or max(1, len(lines))).get_page(params.get("page"))
    shown = list(page.object_list)
    shown_ids = [line.user_id for line in shown if line.state == Membership.State.ACTIVE]
    if not needs_all:
        progress = _read_progress(columns, users=shown_ids)
    _fill_cells(shown, columns, progress)
    _fill_scores_and_certificates(shown, columns, shown_ids)
    return Dashboard(
        cooperative=cooperative,
        columns=columns,
        lines=lines,
        page=page,
        active=active,
        invited=len(memberships) - active,
        completed_counts=completed_counts,
        query=query,
        course=course,
        status=status,
        sort=sort,
    )


def _read_progress(columns: list[CourseColumn], *, users) -> list[dict]:
    """Per column, {user id: progress summary}. One query."""
    from progress.selectors import progress_for_users

    if not columns:
        return []
    progress = progress_for_users(
        users=users,
        course_keys=[c.key for c in columns],
        item_keys=[key for c in columns for key in c.outline.item_keys],
    )
    return [progress.get(column.key, {}) for column in columns]


def _summaries(line: MemberLine, progress: list[dict]) -> list:
    if line.state != Membership.State.ACTIVE:
        return [None] * len(progress)
    return [course_progress.get(line.user_id) for course_progress in progress]


def _stalled_before() -> int:
    return int(timezone.now().timestamp()) - stalled_days() * 86400


def _fill_cells(lines: list[MemberLine], columns: list[CourseColumn], progress) -> None:
    """Give each line one cell per course (progress only; quiz scores and certificates come
    after). No query."""
    stalled_before = _stalled_before()
    for line in lines:
        line.cells = [
            Cell(
                done=summary.done if summary else 0,
                total=column.total,
                completed_ts=summary.completed_ts if summary else None,
                last_ts=summary.last_ts if summary else None,
                certificate=None,
                quiz_scores=[None] * len(column.quizzes),
                status=_status(summary, line.joined_ts, stalled_before),
            )
            for column, summary in zip(columns, _summaries(line, progress), strict=True)
        ]


def _fill_scores_and_certificates(lines, columns, user_ids: list[int]) -> None:
    """Best quiz scores and certificates of the lines shown. Two queries."""
    from certificates.selectors import valid_certificates_for_users
    from quizzes.selectors import best_scores

    if not columns or not user_ids:
        return
    quiz_keys = [key for c in columns for _title, key in c.quizzes]
    scores = best_scores(users=user_ids, quiz_keys=quiz_keys)
    certificates = valid_certificates_for_users(user_ids, [c.key for c in columns])
    for line in lines:
        for column, cell in zip(columns, line.cells, strict=True):
            cell.quiz_scores = [scores.get((line.user_id, key)) for _t, key in column.quizzes]
            cell.certificate = certificates.get((line.user_id, column.key))


def _filter_and_sort(lines, columns, progress, course, status, sort):
    """Filter and order every line from its progress summaries alone: only the keys asked for
    are computed (a status, a percent, a time per member and course), not the cells, which
    are built afterwards for the page shown."""
    index = next((i for i, c in enumerate(columns) if str(c.key) == course), None)
    if status:
        stalled_before = _stalled_before()
        kept = []
        for line in lines:
            if line.state != Membership.State.ACTIVE:
                continue
            summaries = _summaries(line, progress)
            if index is not None:
                summaries = [summaries[index]]
            if any(_status(s, line.joined_ts, stalled_before) == status for s in summaries):
                kept.append(line)
        lines = kept
    lines.sort(key=lambda line: line.name.casefold())
    if sort == "activity":

        def last(line):
            times = [s.last_ts for s in _summaries(line, progress) if s and s.last_ts is not None]
            return max(times + [0])

        lines.sort(key=last, reverse=True)
    elif sort == "progress":
        totals = [column.total for column in columns]

        def percents(line):
            return [
                _percent(s.done, total, s.completed_ts) if s else 0
                for s, total in zip(_summaries(line, progress), totals, strict=True)
            ]

        if index is not None:
            lines.sort(key=lambda line: percents(line)[index], reverse=True)
        elif columns:
            lines.sort(key=lambda line: round(sum(percents(line)) / len(columns)), reverse=True)
    return lines


def dashboard_sheet(board: Dashboard) -> tuple[list[str], list[list]]:
    """The dashboard as a header and rows, for CSV and XLSX exports."""
    header = [_("Member"), _("State"), _("Last activity")]
    for column in board.columns:
        title = column.course.title
        header += [
            _("%(course)s: progress (%%)") % {"course": title},
            _("%(course)s: completed on") % {"course": title},
            _("%(course)s: certificate") % {"course": title},
        ]
        header += [
            _("%(course)s: quiz “%(module)s” best (%%)") % {"course": title, "module": module}
            for module, _key in column.quizzes
        ]
    states = dict(Membership.State.choices)
    rows = []
    for line in board.lines:
        row = [line.name, str(states.get(line.state, line.state)), line.last_activity]
        for cell in line.cells:
            row += [
                cell.percent,
                cell.completed_at,
                getattr(cell.certificate, "code", "") if cell.certificate else "",
            ]
            row += [score for score in cell.quiz_scores]
        rows.append(row)
    return header, rows


# --- reminders ----------------------------------------------------------------------------------


def stalled_members(*, cooperative: Cooperative) -> list[tuple[Membership, list[str]]]:
    """Active members who accepted reminders and stalled in an assigned course they have not
    finished, with the titles of those courses. Fixed number of queries."""
    from wagtail.models import Locale

    board = dashboard(cooperative=cooperative, locale=Locale.get_active(), page_size=None)
    stalled_ids = {}
    for line in board.lines:
        titles = [
            board.columns[i].course.title
            for i, cell in enumerate(line.cells)
            if cell.status == "stalled"
        ]
        if line.state == Membership.State.ACTIVE and titles:
            stalled_ids[line.membership_id] = titles
    since = timezone.now() - dt.timedelta(days=stalled_days())
    memberships = (
        Membership.objects.filter(pk__in=list(stalled_ids), accepts_reminders=True)
        .exclude(last_reminded_at__gt=since)
        .select_related("user")
    )
    return [(m, stalled_ids[m.pk]) for m in memberships]


# --- trainer analytics --------------------------------------------------------------------------


def trainer_courses(*, user, locale) -> list[CoursePage]:
    """Courses ``user`` may read analytics of: those whose page they can edit (their course
    team's pages, reviewers, staff) — the rule the quiz item analysis already follows. One
    version per course, in ``locale`` when it exists."""
    if not user.is_authenticated:
        return []
    keys = []
    for course in CoursePage.objects.live().order_by("path"):
        if course.translation_key not in keys and course.permissions_for_user(user).can_edit():
            keys.append(course.translation_key)
    return courses_for_keys(keys=keys, locale=locale)


def trainer_course_or_404(*, user, course_key, locale) -> CoursePage:
    for course in trainer_courses(user=user, locale=locale):
        if str(course.translation_key) == str(course_key):
            return course
    raise Http404


@dataclass
class FunnelStep:
    label: str
    count: int
    enrolled: int
    previous: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.enrolled) if self.enrolled else 0

    @property
    def drop(self) -> int:
        return max(0, self.previous - self.count)


@dataclass
class LessonTime:
    title: str
    module: str
    samples: int
    median_minutes: Decimal | None
    estimated: int | None


@dataclass
class CourseAnalytics:
    course: CoursePage
    enrolled: int
    funnel: list[FunnelStep]
    lessons: list[LessonTime]
    quizzes: list[tuple[object, object]]  # (QuizPage, QuizAnalysis)

    @property
    def biggest_drop(self) -> FunnelStep | None:
        steps = [s for s in self.funnel[1:] if s.drop]
        return max(steps, key=lambda s: s.drop) if steps else None


LONGEST_LESSON = dt.timedelta(hours=2)  # longer: the tab was left open, not a learning time


def course_analytics(*, course: CoursePage) -> CourseAnalytics:
    """Funnel enrolled → started → each module → completed, median time per lesson (first
    opening → completion, from the learning-event log) and the quizzes' item analysis."""
    from progress.models import Completion, CourseState, LearningEvent
    from quizzes.models import QuizPage
    from quizzes.selectors import quiz_analysis

    outline = cached_outline(course=course)
    key = course.translation_key
    enrolled = Enrolment.objects.filter(course_key=key).count()
    annotations = {
        f"m{i}": Count("pk", filter=Q(item_key__in=[item.translation_key for item in m.items]))
        for i, m in enumerate(outline.modules)
    }
    per_learner = list(
        Completion.objects.filter(course_key=key, item_key__in=outline.item_keys)
        .values("user_id")
        .annotate(**annotations)
        .values(*annotations)
    )
    completed = CourseState.objects.filter(course_key=key, completed_at__isnull=False).count()
    funnel = [FunnelStep(_("Enrolled"), enrolled, enrolled, enrolled)]
    previous = enrolled
    started = len(per_learner)
    funnel.append(FunnelStep(_("Started"), started, enrolled, previous))
    previous = started
    for i, module in enumerate(outline.modules):
        total = len(module.items)
        count = sum(1 for row in per_learner if total and row[f"m{i}"] >= total)
        funnel.append(FunnelStep(module.title, count, enrolled, previous))
        previous = count
    funnel.append(FunnelStep(_("Completed the course"), completed, enrolled, previous))

    opened = {
        (row["user_id"], row["item_key"]): row["first"]
        for row in LearningEvent.objects.filter(
            course_key=key, verb=LearningEvent.Verb.VIEWED, item_key__in=outline.item_keys
        )
        .values("user_id", "item_key")
        .annotate(first=Min("occurred_at"))
    }
    durations: dict[UUID, list[float]] = {}
    for user_id, item_key, done_at in Completion.objects.filter(
        course_key=key, item_key__in=outline.item_keys
    ).values_list("user_id", "item_key", "completed_at"):
        start = opened.get((user_id, item_key))
        if start is None or done_at is None:
            continue
        spent = done_at - start
        if dt.timedelta(0) < spent <= LONGEST_LESSON:
            durations.setdefault(item_key, []).append(spent.total_seconds() / 60)
    lessons = []
    for module in outline.modules:
        for item in module.items:
            if item.kind != "lesson":
                continue
            samples = durations.get(item.translation_key, [])
            lessons.append(
                LessonTime(
                    title=item.title,
                    module=module.title,
                    samples=len(samples),
                    median_minutes=(
                        Decimal(str(statistics.median(samples))).quantize(Decimal("0.1"))
                        if samples
                        else None
                    ),
                    estimated=item.minutes,
                )
            )
    quiz_ids = [item.page_id for item in outline.items if item.kind == "quizpage"]
    quizzes = [
        (quiz, quiz_analysis(quiz=quiz))
        for quiz in QuizPage.objects.filter(pk__in=quiz_ids).order_by("path")
    ]
    return CourseAnalytics(
        course=course, enrolled=enrolled, funnel=funnel, lessons=lessons, quizzes=quizzes
    )


# --- staff territorial aggregates ---------------------------------------------------------------

DIMENSIONS = ("region", "sector", "gender", "status")
METRICS = ("learners", "completed", "certified", "unlocked", "plans")


def dimension_labels() -> dict[str, str]:
    return {
        "region": _("Region"),
        "sector": _("Sector"),
        "gender": _("Gender"),
        "status": _("Status"),
    }


def metric_labels() -> dict[str, str]:
    return {
        "learners": _("Learners"),
        "completed": _("Completed a course"),
        "certified": _("Certified"),
        "unlocked": _("Unlocked a model"),
        "plans": _("Made a plan"),
    }


def value_labels(dimension: str) -> dict[str, str]:
    from accounts.constants import Gender, LearnerStatus, Region, Sector

    choices = {"region": Region, "sector": Sector, "gender": Gender, "status": LearnerStatus}
    labels = {value: str(label) for value, label in choices[dimension].choices}
    labels[""] = _("Not given")
    return labels


@dataclass
class AggregateRow:
    values: tuple[str, ...]
    labels: tuple[str, ...]
    cells: dict[str, int | None]  # in METRICS order; None: hidden (under SMALL_CELL people)


@dataclass
class Territory:
    dimensions: list[str]
    filters: dict[str, str]
    rows: list[AggregateRow]
    total: dict[str, int | None]  # in METRICS order, as the cells
    metric: str

    @property
    def headers(self) -> list[str]:
        labels = dimension_labels()
        return [labels[d] for d in self.dimensions]

    @property
    def width(self) -> int:
        """Columns of the table: the dimensions, then the metrics."""
        return len(self.dimensions) + len(METRICS)

    @property
    def filter_fields(self) -> list[tuple[str, str, list[tuple[str, str]], str]]:
        """Per dimension: its name, its label, its values as (value, label) and the value
        filtered on ("" for all)."""
        return [
            (d, label, [(v, t) for v, t in value_labels(d).items() if v], self.filters.get(d, ""))
            for d, label in dimension_labels().items()
        ]


def territory(*, params) -> Territory:
    """Learners and what they achieved, grouped by one or two of region, sector, gender and
    status, optionally filtered by the others. One query. Cells under ``SMALL_CELL`` people are
    hidden, and when a column has exactly one hidden cell the next smallest is hidden too, so
    that it cannot be recomputed from the total."""
    from accounts.models import User
    from certificates.models import Certificate
    from progress.models import CourseState
    from projectbank.models import ProjectPlan, Unlock

    first = params.get("by") if params.get("by") in DIMENSIONS else "region"
    second = params.get("then") if params.get("then") in DIMENSIONS else ""
    dimensions = [first] + ([second] if second and second != first else [])
    metric = params.get("metric") if params.get("metric") in METRICS else "learners"
    filters = {}
    users = User.objects.filter(
        Exists(Enrolment.objects.filter(user=OuterRef("pk"))), is_staff=False
    )
    for dimension in DIMENSIONS:
        value = params.get(dimension) or ""
        if value and value in value_labels(dimension):
            filters[dimension] = value
            users = users.filter(**{dimension: value})
    rows_qs = (
        users.values(*dimensions)
        .annotate(
            learners=Count("pk"),
            completed=Count(
                "pk",
                filter=Exists(
                    CourseState.objects.filter(user=OuterRef("pk"), completed_at__isnull=False)
                ),
            ),
            certified=Count(
                "pk",
                filter=Exists(
                    Certificate.objects.filter(user=OuterRef("pk"), status=Certificate.Status.VALID)
                ),
            ),
            unlocked=Count("pk", filter=Exists(Unlock.objects.filter(user=OuterRef("pk")))),
            plans=Count("pk", filter=Exists(ProjectPlan.objects.filter(owner=OuterRef("pk")))),
        )
        .order_by(*dimensions)
    )
    labels = {d: value_labels(d) for d in dimensions}
    raw = list(rows_qs)
    total = {m: sum(r[m] for r in raw) for m in METRICS}
    rows = [
        AggregateRow(
            values=tuple(r[d] for d in dimensions),
            labels=tuple(labels[d].get(r[d], r[d]) for d in dimensions),
            cells={m: r[m] for m in METRICS},
        )
        for r in raw
    ]
    suppress(rows)
    return Territory(
        dimensions=dimensions,
        filters=filters,
        rows=rows,
        total={m: (v if v >= SMALL_CELL else None) for m, v in total.items()},
        metric=metric,
    )


def suppress(rows: list[AggregateRow]) -> None:
    """Hide cells under SMALL_CELL; a column with exactly one hidden cell loses its next
    smallest too (complementary suppression). Pure."""
    for metric in METRICS:
        hidden = 0
        for row in rows:
            value = row.cells[metric]
            if value is not None and value < SMALL_CELL:
                row.cells[metric] = None
                hidden += 1
        if hidden == 1:
            visible = [row for row in rows if row.cells[metric] is not None]
            if visible:
                min(visible, key=lambda row: row.cells[metric]).cells[metric] = None


def territory_sheet(data: Territory) -> tuple[list[str], list[list]]:
    labels = metric_labels()
    header = data.headers + [labels[m] for m in METRICS]
    hidden = _("fewer than %(n)d") % {"n": SMALL_CELL}
    rows = [
        list(row.labels) + [row.cells[m] if row.cells[m] is not None else hidden for m in METRICS]
        for row in data.rows
    ]
    rows.append(
        [_("Total")]
        + [""] * (len(data.dimensions) - 1)
        + [data.total[m] if data.total[m] is not None else hidden for m in METRICS]
    )
    return header, rows
