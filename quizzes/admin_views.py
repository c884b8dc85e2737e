"""Wagtail admin pages of the quizzes app: the GIFT import into the question bank, the list of
quiz reports, and a quiz's item analysis.

The analysis is refused (``PermissionDenied``; Wagtail redirects to the dashboard) to anybody
who cannot edit the quiz page (its course team, reviewers, staff). This module must never show
one learner's answers by name: reports are aggregates.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from . import selectors, services
from .gift import MAX_GIFT_CHARS
from .models import QuizPage

BANK_ADD_PERMISSION = "quizzes.add_bankquestion"


class GiftImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("GIFT file"),
        required=False,
        help_text=gettext_lazy("A .txt or .gift file saved as UTF-8."),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto", "spellcheck": "false"}),
    )
    tag = forms.CharField(
        label=gettext_lazy("Tag"),
        max_length=100,
        help_text=gettext_lazy("Every imported question gets this tag (and its GIFT categories)."),
    )
    locale = forms.ModelChoiceField(
        label=gettext_lazy("Language of the questions"),
        queryset=Locale.objects.all(),
        empty_label=None,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_GIFT_CHARS * 4:
                raise forms.ValidationError(_("The file is too large."))
            data["content"] = upload.read()
        elif data.get("text", "").strip():
            data["content"] = data["text"]
        else:
            raise forms.ValidationError(_("Choose a file or paste questions."))
        return data


def gift_import(request):
    if not request.user.has_perm(BANK_ADD_PERMISSION):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        form = GiftImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = services.import_gift(
                text=form.cleaned_data["content"],
                tag=form.cleaned_data["tag"],
                locale=form.cleaned_data["locale"],
            )
            if result.ok:
                messages.success(
                    request,
                    _("%(count)s questions imported into the bank with the tag “%(tag)s”.")
                    % {"count": len(result.imported), "tag": form.cleaned_data["tag"]},
                )
                return redirect(reverse("wagtailsnippets_quizzes_bankquestion:list"))
            errors = result.errors
    else:
        form = GiftImportForm(initial={"locale": Locale.get_default()})
    return render(
        request,
        "quizzes/admin/gift_import.html",
        {
            "form": form,
            "errors": errors,
            "page_title": _("Import questions (GIFT)"),
            "header_icon": "upload",
        },
        status=400 if errors else 200,
    )


def _editable_quizzes(user):
    quizzes = QuizPage.objects.select_related("locale").order_by("path")
    return [q for q in quizzes if q.permissions_for_user(user).can_edit()]


def quiz_reports(request):
    quizzes = _editable_quizzes(request.user)
    if not quizzes and not request.user.is_superuser:
        raise PermissionDenied
    return render(
        request,
        "quizzes/admin/quiz_reports.html",
        {"quizzes": quizzes, "page_title": _("Quiz reports"), "header_icon": "table"},
    )


def item_analysis(request, page_id: int):
    quiz = get_object_or_404(QuizPage, pk=page_id)
    if not quiz.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    analysis = selectors.quiz_analysis(quiz=quiz)
    bars = []
    width, height, gap = 36, 120, 6
    for i, bucket in enumerate(analysis.distribution):
        h = round(height * bucket["count"] / analysis.max_bucket)
        bars.append(
            {
                "x": i * (width + gap),
                "y": height - h,
                "h": h,
                "w": width,
                "label_x": i * (width + gap) + width // 2,
                **bucket,
            }
        )
    return render(
        request,
        "quizzes/admin/item_analysis.html",
        {
            "quiz": quiz,
            "analysis": analysis,
            "bars": bars,
            "chart_width": 10 * (width + gap),
            "chart_height": height,
            "page_title": _("Item analysis"),
            "page_subtitle": quiz.title,
            "header_icon": "table",
        },
    )
