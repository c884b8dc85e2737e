"""Pages of the cooperatives app: the manager's dashboard and exports, invitations, the members
file, course assignment; joining by invitation; trainers' course analytics; the office's
territorial figures. Views call selectors and services.

A cooperative the requester does not manage answers 404 on every page and export; every read
and export of members' data is written to the audit trail (``accounts.audit``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Locale

from courses.models import CoursePage

from . import charts, csvfile, selectors, services
from .forms import AcceptForm, AssignForm, InviteForm, UploadForm

PER_PAGE = 50


@login_required
@require_GET
def my_cooperatives(request):
    cooperatives = selectors.managed_cooperatives(user=request.user)
    if len(cooperatives) == 1:
        return redirect("cooperatives:dashboard", cooperatives[0].pk)
    if not cooperatives:
        raise Http404
    return render(request, "cooperatives/my_cooperatives.html", {"cooperatives": cooperatives})


def _cooperative(request, cooperative_id):
    return selectors.managed_cooperative_or_404(user=request.user, cooperative_id=cooperative_id)


@login_required
@require_GET
def dashboard(request, cooperative_id: int):
    cooperative = _cooperative(request, cooperative_id)
    board = selectors.dashboard(
        cooperative=cooperative, locale=Locale.get_active(), params=request.GET, page_size=PER_PAGE
    )
    services.log_access(
        actor=request.user,
        cooperative=cooperative,
        action=services.DASHBOARD,
        detail={"members": len(board.lines), "shown": len(board.page.object_list)},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cooperatives/dashboard.html",
        {
            "cooperative": cooperative,
            "board": board,
            "page_obj": board.page,
            "querystring": query.urlencode(),
            "statuses": _status_labels(),
            "trained_share": int(selectors.trained_threshold() * 100),
            "stalled_days": selectors.stalled_days(),
        },
    )


def _status_labels():
    return list(selectors.status_labels().items())


def _export_name(cooperative, extension):
    stamp = timezone.localdate().isoformat()
    name = slugify(cooperative.name_fr) or "members"
    return f"cooperative-{cooperative.pk}-{name}-{stamp}.{extension}"


@login_required
@require_GET
def export(request, cooperative_id: int, fmt: str):
    cooperative = _cooperative(request, cooperative_id)
    board = selectors.dashboard(
        cooperative=cooperative, locale=Locale.get_active(), params=request.GET, page_size=None
    )
    header, rows = selectors.dashboard_sheet(board)
    if fmt == "xlsx":
        body = csvfile.write_xlsx(_("Members"), header, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    else:
        body = csvfile.write_csv(header, rows)
        content_type = "text/csv; charset=utf-8"

    services.log_access(
        actor=request.user,
        cooperative=cooperative,
        action=services.EXPORT,
        detail={
            "format": fmt,
            "rows": len(rows),
            "course": board.course,
            "status": board.status,
            "searched": bool(board.query),
        },
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(cooperative, fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, cooperative_id: int):
    cooperative = _cooperative(request, cooperative_id)
    form = InviteForm(request.POST or None, prefix="one")
    upload = UploadForm(prefix="file")
    link = None
    status = 200
    if request.method == "POST" and "link" in request.POST:
        token = services.create_link_invitation(cooperative=cooperative)
        link = request.build_absolute_uri(reverse("cooperatives:join", args=[token]))
        form = InviteForm(prefix="one")
    elif request.method == "POST":
        if form.is_valid():
            invitation = services.invite_contact(
                cooperative=cooperative,
                contact=form.cleaned_data["contact"],
                channel=form.channel,
                full_name=form.cleaned_data["full_name"],
            )
            if invitation is None:
                messages.info(request, _("This person is already a member or already invited."))
            else:
                messages.success(request, _("Invitation sent."))
            return redirect("cooperatives:invite", cooperative.pk)
        status = 400
    return render(
        request,
        "cooperatives/invite.html",
        {
            "cooperative": cooperative,
            "form": form,
            "upload": upload,
            "link": link,
            "pending": selectors.pending_invitations(cooperative=cooperative),
        },
        status=status,
    )


@login_required
@require_POST
def upload(request, cooperative_id: int):
    cooperative = _cooperative(request, cooperative_id)
    form = UploadForm(request.POST, request.FILES, prefix="file")
    result = None
    if form.is_valid():
        result = services.bulk_invite(
            cooperative=cooperative, data=form.cleaned_data["file"].read()
        )
        services.log_access(
            actor=request.user,
            cooperative=cooperative,
            action=services.UPLOAD,
            detail={
                "invited": len(result.invitations),
                "errors": len(result.errors),
                "already_members": result.already_members,
                "already_invited": result.already_invited,
            },
        )
    ok = result is not None and result.ok
    return render(
        request,
        "cooperatives/upload_report.html",
        {"cooperative": cooperative, "form": form, "result": result},
        status=200 if ok else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, cooperative_id: int):
    cooperative = _cooperative(request, cooperative_id)
    locale = Locale.get_active()
    courses = list(CoursePage.objects.live().filter(locale=locale).order_by("path"))
    form = AssignForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        services.assign_course(
            cooperative=cooperative,
            course=form.cleaned_data["course"],
            target_date=form.cleaned_data["target_date"],
        )
        messages.success(
            request,
            _("“%(course)s” is assigned: active members are being enrolled.")
            % {"course": form.cleaned_data["course"].title},
        )
        return redirect("cooperatives:dashboard", cooperative.pk)
    return render(
        request,
        "cooperatives/assign.html",
        {"cooperative": cooperative, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def reminders(request, cooperative_id: int):
    cooperative = _cooperative(request, cooperative_id)
    enabled = request.POST.get("enabled") == "1"
    services.set_reminders(cooperative=cooperative, enabled=enabled)
    messages.success(
        request,
        _("Gentle reminders are on.") if enabled else _("Gentle reminders are off."),
    )
    return redirect("cooperatives:dashboard", cooperative.pk)


@require_http_methods(["GET", "POST"])
def join(request, token: str):
    try:
        invitation = services.pending_invitation(token=token)
    except services.InvitationError as exc:
        return render(request, "cooperatives/join.html", {"error": str(exc)}, status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(
                token=token,
                user=request.user,
                accepts_reminders=form.cleaned_data["accepts_reminders"],
            )
        except services.InvitationError as exc:
            return render(request, "cooperatives/join.html", {"error": str(exc)}, status=400)
        messages.success(
            request,
            _("Welcome to %(cooperative)s. Your courses are in “My learning”.")
            % {"cooperative": invitation.cooperative.name},
        )
        return redirect("progress:my_learning")
    return render(
        request,
        "cooperatives/join.html",
        {"invitation": invitation, "cooperative": invitation.cooperative, "form": form},
    )


# --- trainers -----------------------------------------------------------------------------------


@login_required
@require_GET
def trainer_courses(request):
    courses = selectors.trainer_courses(user=request.user, locale=Locale.get_active())
    if not courses:
        raise Http404
    return render(request, "cooperatives/trainer_courses.html", {"courses": courses})


@login_required
@require_GET
def course_analytics(request, course_key):
    course = selectors.trainer_course_or_404(
        user=request.user, course_key=course_key, locale=Locale.get_active()
    )
    data = selectors.course_analytics(course=course)
    rtl = get_language_bidi()
    funnel_chart = charts.bar_chart(
        _("From enrolled to completed"),
        [(step.label, step.count) for step in data.funnel],
        rtl=rtl,
    )
    time_chart = charts.bar_chart(
        _("Median minutes per lesson"),
        [(lesson.title, round(lesson.median_minutes or 0)) for lesson in data.lessons],
        rtl=rtl,
    )
    return render(
        request,
        "cooperatives/course_analytics.html",
        {"data": data, "funnel_chart": funnel_chart, "time_chart": time_chart},
    )


# --- staff --------------------------------------------------------------------------------------


def _staff_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise Http404
    return None


@require_GET
def territory(request):
    refused = _staff_only(request)
    if refused:
        return refused
    data = selectors.territory(params=request.GET)
    metrics = selectors.metric_labels()
    chart = charts.bar_chart(
        metrics[data.metric],
        [(" · ".join(row.labels), row.cells[data.metric]) for row in data.rows],
        rtl=get_language_bidi(),
    )
    return render(
        request,
        "cooperatives/territory.html",
        {
            "data": data,
            "chart": chart,
            "metrics": list(metrics.items()),
            "dimensions": list(selectors.dimension_labels().items()),
            "querystring": request.GET.urlencode(),
            "small_cell": selectors.SMALL_CELL,
        },
    )


@require_GET
def territory_export(request):
    refused = _staff_only(request)
    if refused:
        return refused
    data = selectors.territory(params=request.GET)
    header, rows = selectors.territory_sheet(data)
    services.log_access(
        actor=request.user,
        cooperative=None,
        action=services.TERRITORY_EXPORT,
        detail={"dimensions": data.dimensions, "filters": data.filters, "rows": len(rows)},
    )
    response = HttpResponse(csvfile.write_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="territory-{timezone.localdate().isoformat()}.csv"'
    )
    return response
