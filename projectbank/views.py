"""Pages of the project bank: the public catalogue and project pages, the templates a learner
has unlocked, the learner's own plans, project ideas and recommendations. Views call selectors
and services; a locked template and another learner's plan answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Locale

from . import finance, selectors, services
from .forms import IdeaForm, build_forms, inputs_from_forms
from .plans import plan_errors
from .plans import plan_view as model_view


@require_GET
def catalogue_view(request):
    filters = selectors.CatalogueFilters.from_querydict(request.GET)
    data = selectors.catalogue(filters=filters, page_number=request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projectbank/catalogue.html",
        {"catalogue": data, "querystring": query.urlencode()},
    )


@require_GET
def directory_view(request):
    programmes, partners = selectors.programmes_and_partners()
    return render(
        request, "projectbank/directory.html", {"programmes": programmes, "partners": partners}
    )


def _template_state(request, template):
    unlocked = selectors.is_unlocked(user=request.user, template=template)
    courses = (
        []
        if unlocked
        else selectors.unlocking_courses(template=template, locale=Locale.get_active())
    )
    return unlocked, courses


@require_GET
def project_view(request, external_id: str):
    project = selectors.project_or_404(external_id)
    template = selectors.current_template(project.template.code) if project.template else None
    context = {
        "project": project,
        "programmes": selectors.programmes_for(project),
        "template": template,
        "unlocked": False,
        "courses": [],
        "model": None,
    }
    if template is not None:
        context["unlocked"], context["courses"] = _template_state(request, template)
        if context["unlocked"]:
            context["model"] = model_view(finance.compute(template.inputs()))
    return render(request, "projectbank/bank_project.html", context)


def _unlocked_template_or_404(request, code: str):
    template = selectors.published_template_or_404(code)
    if not selectors.is_unlocked(user=request.user, template=template):
        raise Http404
    return template


@require_GET
def template_view(request, code: str):
    template = _unlocked_template_or_404(request, code)
    return render(
        request,
        "projectbank/economic_model_template.html",
        {"template": template, "model": model_view(finance.compute(template.inputs()))},
    )


@require_GET
def template_json(request, code: str):
    template = _unlocked_template_or_404(request, code)
    return JsonResponse(
        {"code": template.code, "version": template.version, "plan": template.plan},
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_POST
def copy_template(request, code: str):
    template = _unlocked_template_or_404(request, code)
    project = None
    external_id = request.POST.get("project", "")
    if external_id:
        project = selectors.published_projects().filter(external_id=external_id).first()
    region = project.regions.first() if project else None
    plan = services.copy_template_to_plan(
        user=request.user, template=template, project=project, region=region
    )
    messages.success(request, _("The model was copied into your project plan."))
    return redirect("projectbank:plan", plan_id=plan.pk)


@login_required
@require_GET
def my_plans(request):
    return render(
        request, "projectbank/my_plans.html", {"plans": selectors.plans_for(user=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request, plan_id: int):
    plan = selectors.plan_for_owner_or_404(user=request.user, plan_id=plan_id)
    status = 200
    data = request.POST if request.method == "POST" else None
    form, formsets = build_forms(data, plan.inputs, plan)
    if request.method == "POST":
        valid = form.is_valid() and all(fs.is_valid() for _p, _t, fs in formsets)
        if valid:
            inputs = inputs_from_forms(plan.inputs, form, formsets)
            errors = plan_errors(inputs)
            if not errors:
                version = services.save_plan(
                    plan=plan,
                    inputs=inputs,
                    name=form.cleaned_data["name"],
                    project=form.cleaned_data["project"],
                    region=form.cleaned_data["region"],
                )
                messages.success(
                    request,
                    _("Saved as version %(number)s. The results below are recomputed.")
                    % {"number": version.number},
                )
                return redirect("projectbank:plan", plan_id=plan.pk)
            for error in errors:
                messages.error(request, error)
        else:
            messages.error(request, _("Some figures need correcting: see the marked fields."))
        status = 400
    result = finance.compute(finance.inputs_from_dict(plan.inputs))
    return render(
        request,
        "projectbank/project_plan.html",
        {
            "plan": plan,
            "form": form,
            "formsets": formsets,
            "model": model_view(result),
            "versions": list(plan.versions.order_by("-number")[:20]),
        },
        status=status,
    )


@login_required
@require_GET
def plan_xlsx(request, plan_id: int):
    from .export import plan_workbook

    plan = selectors.plan_for_owner_or_404(user=request.user, plan_id=plan_id)
    content = plan_workbook(plan)
    filename = slugify(plan.name) or "plan"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{plan.pk}.xlsx"'
    return response


@login_required
@require_GET
def plan_pdf(request, plan_id: int):
    from .pdf import plan_pdf as render_plan_pdf

    plan = selectors.plan_for_owner_or_404(user=request.user, plan_id=plan_id)
    response = HttpResponse(render_plan_pdf(plan), content_type="application/pdf")
    filename = slugify(plan.name) or "plan"
    language = request.LANGUAGE_CODE
    response["Content-Disposition"] = f'attachment; filename="{filename}-{plan.pk}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def propose_idea(request):
    form = IdeaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.submit_idea(
                user=request.user,
                language=(translation.get_language() or "ar")[:5],
                **form.cleaned_data,
            )
            messages.success(
                request, _("Thank you! Your idea was sent; the office's staff will review it.")
            )
            return redirect("projectbank:my_ideas")
        return render(request, "projectbank/idea_form.html", {"form": form}, status=400)
    return render(request, "projectbank/idea_form.html", {"form": form})


@login_required
@require_GET
def my_ideas(request):
    return render(
        request, "projectbank/my_ideas.html", {"ideas": selectors.ideas_for(user=request.user)}
    )


@login_required
@require_GET
def for_me(request):
    """Projects that fit the learner's profile region and sector."""
    return render(
        request,
        "projectbank/for_me.html",
        {
            "recommendations": selectors.recommended_projects(
                user=request.user, locale=Locale.get_active()
            )
        },
    )
