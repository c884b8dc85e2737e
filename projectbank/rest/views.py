"""The project bank over HTTP, with the site's rules: anyone browses published projects; a
template's plan and figures are for learners who unlocked it (a locked template shows its
teaser in lists and project pages, and answers 404 on its own, like its page); plans are their
owner's (another learner's plan is 404). Views call selectors and services; figures come from
the finance engine, validation messages from ``projectbank.plans``."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale

from .. import finance, selectors, services
from ..models import BankProject, EconomicModelTemplate, ProjectPlan, Region
from ..plans import plan_errors
from . import serializers as s


def _template_data(
    user, template: EconomicModelTemplate, *, unlocked: bool | None = None, full: bool = True
):
    if unlocked is None:
        unlocked = selectors.is_unlocked(user=user, template=template)
    data = {
        "code": template.code,
        "version": template.version,
        "title": template.title,
        "summary": template.summary,
        "sector_id": template.sector_id,
        "illustrative": template.illustrative,
        "unlocked": unlocked,
        "unlocking_courses": []
        if unlocked
        else selectors.unlocking_courses(template=template, locale=Locale.get_active()),
    }
    if unlocked and full:
        data["plan"] = template.plan
        data["result"] = finance.compute(template.inputs()).to_dict()
    return data


@extend_schema(
    parameters=[
        OpenApiParameter("region", str, description="A region code such as MA-09"),
        OpenApiParameter("sector", str, description="A sector code such as ARG"),
        OpenApiParameter("target", str, description="U (young), W (women), E (existing)"),
        OpenApiParameter("q", str, description="Words in the title or summary"),
    ],
    tags=["bank"],
)
class ProjectListView(generics.ListAPIView):
    """Published projects of the bank, filtered as on the site (unknown codes are ignored)."""

    permission_classes = [AllowAny]
    serializer_class = s.ProjectSerializer

    def get_queryset(self):
        filters = selectors.CatalogueFilters.from_querydict(self.request.query_params)
        return (
            selectors.filtered_projects(filters)
            .select_related("sector", "template")
            .prefetch_related("regions")
            .distinct()
            .order_by("external_id")
        )


class ProjectDetailView(APIView):
    """A published project, its financing programmes and its economic model (the plan and
    figures only once unlocked)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.ProjectDetailSerializer, tags=["bank"])
    def get(self, request, external_id: str):
        project = selectors.project_or_404(external_id)
        template = selectors.current_template(project.template.code) if project.template else None
        context = {
            "programmes": selectors.programmes_for(project),
            "template": _template_data(request.user, template) if template else None,
        }
        return Response(s.ProjectDetailSerializer(project, context=context).data)


@extend_schema(tags=["bank"], responses=s.TemplateTeaserSerializer(many=True))
class TemplateListView(generics.ListAPIView):
    """Every published economic model (latest version), with whether I unlocked it and, if
    not, the courses that unlock it. Teasers only: the plan is on the model's own endpoint."""

    permission_classes = [AllowAny]
    serializer_class = s.TemplateTeaserSerializer

    def get_queryset(self):
        unlocked = selectors.unlocked_codes(user=self.request.user)
        return [
            _template_data(self.request.user, t, unlocked=t.code in unlocked, full=False)
            for t in selectors.latest_templates().values()
        ]


def _unlocked_template_or_404(user, code: str) -> EconomicModelTemplate:
    template = selectors.published_template_or_404(code)
    if not selectors.is_unlocked(user=user, template=template):
        raise exceptions.NotFound()
    return template


class TemplateDetailView(APIView):
    """An unlocked model: its plan and figures (404 while locked, as its page)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.TemplateSerializer, tags=["bank"])
    def get(self, request, code: str):
        template = _unlocked_template_or_404(request.user, code)
        return Response(s.TemplateSerializer(_template_data(request.user, template)).data)


def _published_project(external_id: str) -> BankProject:
    project = selectors.published_projects().filter(external_id=external_id).first()
    if project is None:
        raise exceptions.ValidationError({"project": [_("No such project in the bank.")]})
    return project


def _plan_body(plan: ProjectPlan) -> dict:
    version = plan.versions.order_by("-number").values_list("number", flat=True).first()
    return {
        "id": plan.pk,
        "name": plan.name,
        "template": plan.template,
        "template_version": plan.template_version,
        "project": plan.project,
        "region_id": plan.region_id,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
        "inputs": plan.inputs,
        "result": finance.compute(finance.inputs_from_dict(plan.inputs)).to_dict(),
        "version": version,
    }


class CopyTemplateView(APIView):
    """Copy an unlocked model into a new plan of mine."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.CopyTemplateSerializer, responses={201: s.PlanDetailSerializer}, tags=["bank"]
    )
    def post(self, request, code: str):
        template = _unlocked_template_or_404(request.user, code)
        data = s.CopyTemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        external_id = data.validated_data.get("project")
        project = _published_project(external_id) if external_id else None
        region = project.regions.first() if project else None
        plan = services.copy_template_to_plan(
            user=request.user,
            template=template,
            name=data.validated_data.get("name", ""),
            project=project,
            region=region,
        )
        return Response(
            s.PlanDetailSerializer(_plan_body(plan)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["bank"])
class PlanListView(generics.ListAPIView):
    """My project plans, last changed first."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.PlanSerializer

    def get_queryset(self):
        return (
            ProjectPlan.objects.filter(owner=self.request.user)
            .select_related("template", "project", "region")
            .order_by("-updated_at", "-pk")
        )


def _plan_problems(inputs) -> None:
    errors = plan_errors(inputs)
    if errors:
        raise exceptions.ValidationError({"inputs": errors}, code="invalid_plan")


class PlanDetailView(APIView):
    """One of my plans: read, change (a new version each time), delete."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.PlanDetailSerializer, tags=["bank"])
    def get(self, request, plan_id: int):
        plan = selectors.plan_for_owner_or_404(user=request.user, plan_id=plan_id)
        return Response(s.PlanDetailSerializer(_plan_body(plan)).data)

    @extend_schema(request=s.PlanWriteSerializer, responses=s.PlanDetailSerializer, tags=["bank"])
    def patch(self, request, plan_id: int):
        plan = selectors.plan_for_owner_or_404(user=request.user, plan_id=plan_id)
        data = s.PlanWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        inputs = values.get("inputs", plan.inputs)
        _plan_problems(inputs)
        project, region = plan.project, plan.region
        if "project" in values:
            project = _published_project(values["project"]) if values["project"] else None
        if "region" in values:
            region = None
            if values["region"]:
                region = Region.objects.filter(code=values["region"]).first()
                if region is None:
                    raise exceptions.ValidationError({"region": [_("No such region.")]})
        try:
            services.save_plan(
                plan=plan,
                inputs=inputs,
                name=values.get("name", plan.name),
                project=project,
                region=region,
            )
        except finance.PlanValidationError:
            _plan_problems(inputs)
            raise
        return Response(s.PlanDetailSerializer(_plan_body(plan)).data)

    @extend_schema(responses={204: None}, tags=["bank"])
    def delete(self, request, plan_id: int):
        if not services.delete_plan(user=request.user, plan_id=plan_id):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ComputeView(APIView):
    """Compute figures for inputs without saving them (what-if), for one of my plans."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.ComputeSerializer, responses=s.ComputeResultSerializer, tags=["bank"])
    def post(self, request, plan_id: int):
        selectors.plan_for_owner_or_404(user=request.user, plan_id=plan_id)
        data = s.ComputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inputs = data.validated_data["inputs"]
        _plan_problems(inputs)
        result = finance.compute(finance.inputs_from_dict(inputs))
        return Response({"result": result.to_dict()})
