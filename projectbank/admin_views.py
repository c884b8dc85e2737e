"""Staff import the office's spreadsheets of bank projects from the admin (the same import as
``manage.py import_bank``: every row checked first, all rows or none)."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .imports import ImportFileError, import_bank
from .models import ProjectIdea

IMPORT_PERMISSIONS = ("projectbank.add_bankproject", "projectbank.change_bankproject")
MAX_BYTES = 20 * 1024 * 1024


class BankImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns: external_id, title_ar, title_fr, regions, sector, target_group, "
            "investment, and optionally summary_ar, summary_fr, jobs, source, status, "
            "illustrative, template, programmes, partners."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Give a .csv or .xlsx file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


def bank_import(request):
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    report = None
    status = 200
    if request.method == "POST":
        form = BankImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                try:
                    report = import_bank(tmp.name)
                except ImportFileError as exc:
                    form.add_error("file", str(exc))
            if report is not None and report.ok:
                messages.success(
                    request,
                    _("%(rows)s rows imported: %(created)s created, %(updated)s updated.")
                    % {"rows": report.rows, "created": report.created, "updated": report.updated},
                )
                return redirect(reverse("wagtailsnippets_projectbank_bankproject:list"))
        status = 400
    else:
        form = BankImportForm()
    return render(
        request,
        "projectbank/admin/bank_import.html",
        {
            "form": form,
            "report": report,
            "page_title": _("Import bank projects"),
            "header_icon": "upload",
        },
        status=status,
    )


REVIEW_PERMISSIONS = ("projectbank.change_projectidea", "projectbank.add_bankproject")


def idea_queue(request):
    """Ideas waiting for review, oldest first, each with publish / reject buttons."""
    if not request.user.has_perms(REVIEW_PERMISSIONS):
        raise PermissionDenied
    ideas = (
        ProjectIdea.objects.filter(status=ProjectIdea.Status.SUBMITTED)
        .select_related("proposer", "region", "sector")
        .order_by("created_at")
    )
    return render(
        request,
        "projectbank/admin/idea_queue.html",
        {"ideas": ideas, "page_title": _("Project ideas to review"), "header_icon": "help"},
    )


def idea_review(request, idea_id: int):
    if not request.user.has_perms(REVIEW_PERMISSIONS):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("projectbank_idea_queue")
    idea = get_object_or_404(ProjectIdea, pk=idea_id)
    note = request.POST.get("note", "")[:2000]
    action = request.POST.get("action")
    try:
        if action == "publish":
            project = services.publish_idea(idea=idea, note=note)
            messages.success(
                request,
                _("Published as %(id)s: translate its title and summary, then link a model.")
                % {"id": project.external_id},
            )
        elif action == "reject":
            services.reject_idea(idea=idea, note=note)
            messages.success(request, _("The idea was not retained; the proposer sees your note."))
        else:
            messages.error(request, _("Choose publish or reject."))
    except services.IdeaAlreadyReviewedError:
        messages.error(request, _("This idea was already reviewed."))
    return redirect("projectbank_idea_queue")
