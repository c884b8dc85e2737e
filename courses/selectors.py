"""Reads of the course tree: the catalogue, a course's outline, enrolments.

Every function here runs a fixed number of queries whatever the size of the course.
"""

from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from .models import CourseIndexPage, CoursePage, Enrolment, Level, ModulePage


@dataclass
class OutlineItem:
    page_id: int
    title: str
    url: str
    translation_key: UUID
    minutes: int | None
    kind: str  # "lesson", or the model name of another learning item (e.g. "quizpage")


@dataclass
class OutlineModule:
    page_id: int
    title: str
    summary: str
    translation_key: UUID
    items: list[OutlineItem] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(item.minutes or 0 for item in self.items)


@dataclass
class Outline:
    course: CoursePage
    modules: list[OutlineModule]

    @property
    def items(self) -> list[OutlineItem]:
        return [item for module in self.modules for item in module.items]

    @property
    def item_keys(self) -> list[UUID]:
        return [item.translation_key for item in self.items]

    def find(self, page_id: int) -> tuple[OutlineModule, OutlineItem] | tuple[None, None]:
        for module in self.modules:
            for item in module.items:
                if item.page_id == page_id:
                    return module, item
        return None, None


def course_outline(*, course: CoursePage, base_url: str | None = None) -> Outline:
    """Modules and their live learning items, in tree order, for one language of a course.

    Two queries whatever the number of modules and lessons. ``base_url`` is the course's URL
    (computed from the page when not given); item URLs are derived from it without queries.
    """
    if base_url is None:
        base_url = course.url or ""
    module_by_path: dict[str, OutlineModule] = {}
    modules: list[OutlineModule] = []
    for row in (
        ModulePage.objects.live()
        .child_of(course)
        .order_by("path")
        .values("id", "title", "summary", "translation_key", "path")
    ):
        module = OutlineModule(
            page_id=row["id"],
            title=row["title"],
            summary=row["summary"],
            translation_key=row["translation_key"],
        )
        modules.append(module)
        module_by_path[row["path"]] = module

    prefix_len = len(course.path) + Page.steplen
    rows = (
        Page.objects.live()
        .filter(path__startswith=course.path, depth=course.depth + 2)
        .order_by("path")
        .values(
            "id",
            "title",
            "path",
            "url_path",
            "translation_key",
            "content_type_id",
            "lessonpage__estimated_minutes",
        )
    )
    for row in rows:
        module = module_by_path.get(row["path"][:prefix_len])
        if module is None:  # the module itself is not live
            continue
        model = ContentType.objects.get_for_id(row["content_type_id"]).model
        module.items.append(
            OutlineItem(
                page_id=row["id"],
                title=row["title"],
                url=base_url + row["url_path"][len(course.url_path) :],
                translation_key=row["translation_key"],
                minutes=row["lessonpage__estimated_minutes"],
                kind="lesson" if model == "lessonpage" else model,
            )
        )
    return Outline(course=course, modules=modules)


def cached_outline(*, course: CoursePage) -> Outline:
    """``course_outline`` cached per tree version (no query when warm)."""
    from content.tree_cache import get_or_compute

    return get_or_compute(f"outline:{course.path}", lambda: course_outline(course=course))


def course_and_outline_for_item(*, item: Page) -> tuple[CoursePage | None, Outline | None]:
    """The course an item (lesson, quiz) belongs to, and its outline; cached per tree version.

    The course is the item's grand-parent, found from the tree path without a query.
    """
    from content.tree_cache import get_or_compute

    if item.depth < 4:
        return None, None
    course_path = item.path[: Page.steplen * (item.depth - 2)]

    def compute():
        course = CoursePage.objects.live().filter(path=course_path).first()
        if course is None:
            return ()
        return (course, course_outline(course=course))

    value = get_or_compute(f"course-outline:{course_path}", compute)
    return value if value else (None, None)


def enrolment_for(*, user, course: CoursePage) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(
        user=user, course_key=course.translation_key, is_active=True
    ).first()


def active_course_keys(*, user) -> list[UUID]:
    if not user.is_authenticated:
        return []
    return list(
        Enrolment.objects.filter(user=user, is_active=True)
        .order_by("-enrolled_at")
        .values_list("course_key", flat=True)
    )


def courses_for_keys(*, keys: list[UUID], locale) -> list[CoursePage]:
    """The live course pages for ``keys``: the ``locale`` version, or another language's if
    the course is not translated yet. One query."""
    pages = (
        CoursePage.objects.live()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .order_by("path")
    )
    chosen: dict[UUID, CoursePage] = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or page.locale_id == locale.pk:
            chosen[page.translation_key] = page
    return [chosen[key] for key in keys if key in chosen]


@dataclass
class CatalogueEntry:
    page: CoursePage
    modules: int
    items: int
    enrolled: bool
    # (code, name) of the languages the course is published in
    languages: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Catalogue:
    entries: list[CatalogueEntry]
    levels: list[tuple[str, str]]
    sectors: list[tuple[str, str]]
    selected_level: str
    selected_sector: str
    query: str


def _catalogue_courses(
    *, index_page, level, sector, query
) -> list[tuple[CoursePage, int, int, list[str]]]:
    """(course, modules, items, languages) for the live courses matching the filters, where
    ``languages`` lists the codes of the languages the course is published in, in the order of
    settings.LANGUAGES. Three queries."""
    courses = CoursePage.objects.live().child_of(index_page).order_by("path")
    if level:
        courses = courses.filter(level=level)
    if sector:
        courses = courses.filter(sector=sector)
    if query:
        courses = courses.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    courses = list(courses)
    counts: dict[str, list[int]] = {c.path: [0, 0] for c in courses}
    if courses:
        rows = (
            Page.objects.live()
            .filter(
                path__startswith=index_page.path,
                depth__in=[index_page.depth + 2, index_page.depth + 3],
            )
            .values_list("path", "depth")
        )
        course_len = len(index_page.path) + Page.steplen
        for path, depth in rows:
            entry = counts.get(path[:course_len])
            if entry is not None:
                entry[0 if depth == index_page.depth + 2 else 1] += 1
    languages = course_languages(keys=[c.translation_key for c in courses])
    return [(course, *counts[course.path], languages[course.translation_key]) for course in courses]


def course_languages(*, keys) -> dict:
    """{translation_key: [language codes it is live in]}, in the order of settings.LANGUAGES.
    One query (none without keys)."""
    from collections import defaultdict

    found: dict = defaultdict(set)
    if keys:
        for key, code in (
            Page.objects.live()
            .filter(translation_key__in=keys)
            .values_list("translation_key", "locale__language_code")
        ):
            found[key].add(code)
    order = [code for code, _name in settings.LANGUAGES]
    return {key: [code for code in order if code in found[key]] for key in keys}


def catalogue(*, index_page: CourseIndexPage, user, params) -> Catalogue:
    """Live courses of the catalogue, filtered by level, sector and words.

    The list is the same for every visitor, so it is memoised per tree version (publishing
    anything starts a new one, see content.tree_cache) for the finitely many level × sector
    filters; a search by words is computed each time. Then one query for the learner's
    enrolments. At most three queries."""
    from accounts.constants import Sector
    from content.tree_cache import get_or_compute

    level = params.get("level", "")
    sector = params.get("sector", "")
    query = (params.get("q", "") or "").strip()[:100]
    level = level if level in Level.values else ""
    sector = sector if sector in Sector.values else ""

    def compute():
        return _catalogue_courses(index_page=index_page, level=level, sector=sector, query=query)

    if query:
        rows = compute()
    else:
        rows = get_or_compute(f"catalogue:{index_page.pk}:{level}:{sector}", compute)
    courses = [course for course, _modules, _items, _languages in rows]
    counts = {course.path: [modules, items, langs] for course, modules, items, langs in rows}
    enrolled = set(active_course_keys(user=user)) if courses else set()
    names = dict(settings.LANGUAGES)
    entries = [
        CatalogueEntry(
            page=course,
            modules=counts[course.path][0],
            items=counts[course.path][1],
            enrolled=course.translation_key in enrolled,
            languages=[(code, names[code]) for code in counts[course.path][2]],
        )
        for course in courses
    ]
    return Catalogue(
        entries=entries,
        levels=list(Level.choices),
        sectors=list(Sector.choices),
        selected_level=level,
        selected_sector=sector,
        query=query,
    )
