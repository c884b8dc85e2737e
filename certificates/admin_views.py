"""Staff pages in the Wagtail admin: find a certificate (by code, name or course), read its
snapshot and history, revoke it with a reason, or reissue it (a new code and a fresh snapshot,
e.g. after a name correction). Views call ``services``; nothing is decided here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import codes, services
from .models import Certificate

MANAGE_PERMISSION = "certificates.change_certificate"

ERRORS = {
    "reason_required": gettext_lazy(
        "Give the reason: it is shown on the public verification page."
    ),
    "reason_too_long": gettext_lazy("The reason is at most 500 characters."),
    "not_valid": gettext_lazy(
        "This certificate is not valid any more: it cannot be revoked again."
    ),
    "withdrawn": gettext_lazy(
        "This certificate was withdrawn (account erased): it cannot be reissued."
    ),
    "already_valid": gettext_lazy("The learner already has a valid certificate for this course."),
}


def _check(request):
    if not request.user.has_perm(MANAGE_PERMISSION):
        raise PermissionDenied


def certificate_list(request):
    _check(request)
    query = (request.GET.get("q") or "").strip()[:100]
    status = request.GET.get("status") or ""
    rows = Certificate.objects.defer("credential").order_by("-issued_at", "-pk")
    if status in Certificate.Status.values:
        rows = rows.filter(status=status)
    if query:
        code = codes.normalise(query)
        cond = Q(learner_name__icontains=query) | Q(course_code__iexact=query)
        if code:
            cond |= Q(code=code)
        rows = rows.filter(cond)
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "certificates/admin/list.html",
        {
            "page": page,
            "q": query,
            "status": status,
            "statuses": Certificate.Status.choices,
            "page_title": _("Certificates"),
            "header_icon": "doc-full",
        },
    )


def certificate_detail(request, certificate_id: int):
    _check(request)
    certificate = get_object_or_404(
        Certificate.objects.select_related("user", "revoked_by", "reissued_from"),
        pk=certificate_id,
    )
    return render(
        request,
        "certificates/admin/detail.html",
        {
            "certificate": certificate,
            "reissues": list(certificate.reissues.only("code", "status", "issued_at")),
            "page_title": _("Certificate %(code)s") % {"code": certificate.grouped_code},
            "header_icon": "doc-full",
        },
    )


@require_POST
def certificate_action(request, certificate_id: int):
    _check(request)
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")[:600]
    try:
        if action == "revoke":
            services.revoke_certificate(certificate=certificate, by=request.user, reason=reason)
            messages.success(request, _("Revoked: the verification page says so from now on."))
        elif action == "reissue":
            new = services.reissue_certificate(
                certificate=certificate, by=request.user, reason=reason
            )
            messages.success(
                request,
                _("Reissued with the code %(code)s; the learner finds it in My certificates.")
                % {"code": new.grouped_code},
            )
            return redirect("certificates_admin_detail", new.pk)
        else:
            messages.error(request, _("Choose revoke or reissue."))
    except services.CertificateError as exc:
        messages.error(request, ERRORS.get(exc.code, exc.code))
    return redirect("certificates_admin_detail", certificate.pk)
