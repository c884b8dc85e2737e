"""Reads of the project bank. Every function runs a fixed number of queries whatever the
number of projects, programmes or plans."""

from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts import constants
from courses.models import CoursePage
from courses.selectors import courses_for_keys

from .models import (
    BankProject,
    EconomicModelTemplate,
    FinancingProgramme,
    Partner,
    ProjectIdea,
    ProjectPlan,
    Region,
    Sector,
    TargetGroup,
    Unlock,
    UnlockRule,
)

PAGE_SIZE = 24
MAX_QUERY = 100


@dataclass
class CatalogueFilters:
    region: str = ""
    sector: str = ""
    target: str = ""
    query: str = ""

    @classmethod
    def from_querydict(cls, data) -> "CatalogueFilters":
        """Unknown codes are ignored (the filter is dropped), never an error page."""
        region = data.get("region", "")
        sector = data.get("sector", "")
        target = data.get("target", "")
        return cls(
            region=region if region in constants.Region.values else "",
            sector=sector if sector in constants.Sector.values else "",
            target=target if target in TargetGroup.values else "",
            query=" ".join(data.get("q", "").split())[:MAX_QUERY],
        )

    def any(self) -> bool:
        return bool(self.region or self.sector or self.target or self.query)


def _search(qs: QuerySet, query: str) -> QuerySet:
    """Plain substring search over the Arabic and French titles and summaries, each word
    required (``icontains``: case-insensitive for French; Arabic has no case). A full-text
    index (PostgreSQL configs) can replace it without changing callers."""
    for word in query.split():
        qs = qs.filter(
            Q(title_ar__icontains=word)
            | Q(title_fr__icontains=word)
            | Q(summary_ar__icontains=word)
            | Q(summary_fr__icontains=word)
            | Q(external_id__iexact=word)
        )
    return qs


def published_projects() -> QuerySet:
    return BankProject.objects.filter(status=BankProject.Status.PUBLISHED)


def filtered_projects(filters: CatalogueFilters, *, with_region: bool = True) -> QuerySet:
    qs = published_projects()
    if filters.sector:
        qs = qs.filter(sector_id=filters.sector)
    if filters.target:
        qs = qs.filter(target_group=filters.target)
    if filters.query:
        qs = _search(qs, filters.query)
    if with_region and filters.region:
        qs = qs.filter(regions__code=filters.region)
    return qs


@dataclass
class RegionTile:
    region: Region
    count: int
    selected: bool


@dataclass
class Catalogue:
    filters: CatalogueFilters
    page: Page
    total: int
    tiles: list[RegionTile]
    regions: list[Region]
    sectors: list[Sector]
    targets: list[tuple[str, str]] = field(default_factory=lambda: list(TargetGroup.choices))


def catalogue(*, filters: CatalogueFilters, page_number=1) -> Catalogue:
    """Five queries: region tiles with counts, sectors, the count, one page, its regions."""
    base = filtered_projects(filters, with_region=False)
    counts = dict(
        base.values_list("regions__code").annotate(n=Count("id", distinct=True)).order_by()
    )
    regions = list(Region.objects.all())
    tiles = [RegionTile(r, counts.get(r.code, 0), r.code == filters.region) for r in regions]
    qs = (
        filtered_projects(filters)
        .select_related("sector")
        .prefetch_related("regions")
        .order_by("external_id")
    )
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(page_number)
    list(page.object_list)  # evaluate here: the count and the page are two queries
    return Catalogue(
        filters=filters,
        page=page,
        total=paginator.count,
        tiles=tiles,
        regions=regions,
        sectors=list(Sector.objects.all()),
    )


def project_or_404(external_id: str) -> BankProject:
    try:
        return (
            published_projects()
            .select_related("sector", "template")
            .prefetch_related("regions", "partners")
            .get(external_id=external_id)
        )
    except BankProject.DoesNotExist as exc:
        raise Http404 from exc


def programmes_for(project: BankProject) -> list[FinancingProgramme]:
    """The programmes a project may qualify for: linked by staff, or matching its sector
    (a programme without sectors takes every sector), its target group and its investment
    (within the programme's minimum and maximum). One query."""
    through = FinancingProgramme.sectors.through
    flag = {
        TargetGroup.YOUNG: "for_young",
        TargetGroup.WOMEN: "for_women",
        TargetGroup.EXISTING: "for_existing",
    }[project.target_group]
    amount: Decimal = project.investment
    matches = (
        (
            ~Exists(through.objects.filter(financingprogramme_id=OuterRef("pk")))
            | Exists(
                through.objects.filter(
                    financingprogramme_id=OuterRef("pk"), sector_id=project.sector_id
                )
            )
        )
        & Q(**{flag: True})
        & (Q(min_amount__isnull=True) | Q(min_amount__lte=amount))
        & (Q(max_amount__isnull=True) | Q(max_amount__gte=amount))
    )
    linked = Exists(
        BankProject.programmes.through.objects.filter(
            financingprogramme_id=OuterRef("pk"), bankproject_id=project.pk
        )
    )
    return list(FinancingProgramme.objects.filter(matches | linked).order_by("name_fr"))


def current_template(code: str) -> EconomicModelTemplate | None:
    """The latest published version of a template code."""
    return (
        EconomicModelTemplate.objects.filter(
            code=code, status=EconomicModelTemplate.Status.PUBLISHED
        )
        .select_related("sector")
        .order_by("-version")
        .first()
    )


def published_template_or_404(code: str) -> EconomicModelTemplate:
    template = current_template(code)
    if template is None:
        raise Http404
    return template


def is_unlocked(*, user, template: EconomicModelTemplate) -> bool:
    """An unlock of any version of the template's code opens every version."""
    if not user.is_authenticated:
        return False
    return Unlock.objects.filter(user=user, template__code=template.code).exists()


def unlocked_codes(*, user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Unlock.objects.filter(user=user).values_list("template__code", flat=True).distinct())


def latest_templates(*, codes=None) -> dict[str, EconomicModelTemplate]:
    """The latest published version of every template code (of ``codes`` when given), by code
    in code order. One query."""
    templates = EconomicModelTemplate.objects.filter(status=EconomicModelTemplate.Status.PUBLISHED)
    if codes is not None:
        templates = templates.filter(code__in=codes)
    latest: dict[str, EconomicModelTemplate] = {}
    for template in templates.select_related("sector").order_by("code", "-version"):
        latest.setdefault(template.code, template)
    return latest


def my_unlocked_models(*, user) -> list[tuple[EconomicModelTemplate, Unlock]]:
    """The learner's unlocked models, each as the latest published version of its code, newest
    unlock first. Two queries."""
    unlocks = list(
        Unlock.objects.filter(user=user).select_related("template").order_by("-unlocked_at")
    )
    latest = latest_templates(codes={u.template.code for u in unlocks})
    models_: list[tuple[EconomicModelTemplate, Unlock]] = []
    for unlock in unlocks:
        template = latest.pop(unlock.template.code, None)  # once per code, newest unlock
        if template is not None:
            models_.append((template, unlock))
    return models_


def unlocking_courses(*, template: EconomicModelTemplate, locale) -> list[CoursePage]:
    """The courses whose completion unlocks the template, in ``locale`` when translated.
    Two queries."""
    keys: list[UUID] = []
    for course_keys in UnlockRule.objects.filter(template__code=template.code).values_list(
        "course_keys", flat=True
    ):
        for key in course_keys:
            uuid = UUID(str(key))
            if uuid not in keys:
                keys.append(uuid)
    if not keys:
        return []
    return courses_for_keys(keys=keys, locale=locale)


def programmes_and_partners() -> tuple[list[FinancingProgramme], list[Partner]]:
    return (
        list(FinancingProgramme.objects.prefetch_related("sectors").order_by("name_fr")),
        list(Partner.objects.prefetch_related("regions").order_by("kind", "name_fr")),
    )


def plans_for(*, user) -> list[ProjectPlan]:
    return list(
        ProjectPlan.objects.filter(owner=user)
        .select_related("template", "project", "region")
        .order_by("-updated_at")
    )


def plan_for_owner_or_404(*, user, plan_id: int) -> ProjectPlan:
    """Another learner's plan answers 404, not 403."""
    try:
        return ProjectPlan.objects.select_related("template", "project", "region").get(
            pk=plan_id, owner=user
        )
    except ProjectPlan.DoesNotExist as exc:
        raise Http404 from exc


def ideas_for(*, user) -> list[ProjectIdea]:
    return list(
        ProjectIdea.objects.filter(proposer=user)
        .select_related("region", "sector", "bank_project")
        .order_by("-created_at")
    )


@dataclass
class Recommendation:
    project: BankProject
    same_region: bool
    same_sector: bool
    unlocked: bool
    courses: list[CoursePage]


RECOMMENDATIONS = 12


def recommended_projects(*, user, locale) -> list[Recommendation]:
    """Projects in the learner's profile region or sector (both first), with whether their
    model is unlocked and, if not, the courses that unlock it. Five queries at most, whatever
    the number of projects."""
    region, sector = getattr(user, "region", ""), getattr(user, "sector", "")
    if not (region or sector):
        return []
    match = Q()
    if region:
        match |= Q(regions__code=region)
    if sector:
        match |= Q(sector_id=sector)
    in_region = BankProject.regions.through.objects.filter(
        bankproject_id=OuterRef("pk"), region_id=region or None
    )
    projects = list(
        published_projects()
        .filter(match)
        .annotate(same_region=Exists(in_region))
        .select_related("sector", "template")
        .prefetch_related("regions")
        .distinct()
        .order_by("-same_region", "external_id")[: RECOMMENDATIONS * 4]
    )
    projects.sort(
        key=lambda p: (-(p.same_region and p.sector_id == sector), -p.same_region, p.external_id)
    )
    projects = projects[:RECOMMENDATIONS]
    unlocked = unlocked_codes(user=user)
    codes = {p.template.code for p in projects if p.template and p.template.code not in unlocked}
    keys_by_code: dict[str, list[UUID]] = {}
    for code, course_keys in UnlockRule.objects.filter(template__code__in=codes).values_list(
        "template__code", "course_keys"
    ):
        keys_by_code.setdefault(code, []).extend(UUID(str(k)) for k in course_keys)
    all_keys = list({k for keys in keys_by_code.values() for k in keys})
    courses = {c.translation_key: c for c in courses_for_keys(keys=all_keys, locale=locale)}
    result = []
    for p in projects:
        code = p.template.code if p.template else None
        result.append(
            Recommendation(
                project=p,
                same_region=p.same_region,
                same_sector=p.sector_id == sector,
                unlocked=code in unlocked,
                courses=[
                    courses[k] for k in dict.fromkeys(keys_by_code.get(code, [])) if k in courses
                ],
            )
        )
    return result
