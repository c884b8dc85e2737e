"""Learner pages of the progress app: "done", "My learning", a course progress report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale, Page

from courses.models import Enrolment
from courses.selectors import courses_for_keys

from . import services
from .learning import item_view
from .selectors import course_progress, my_learning


@login_required
@require_POST
def mark_done(request, page_id: int):
    """The learner reached the end of a lesson and pressed "done"."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not getattr(page, "is_learning_item", False) or not getattr(page, "self_completable", True):
        # Quizzes complete by being passed, never by a "done" button.
        raise Http404
    view, course, enrolled = item_view(user=request.user, page=page)
    if course is None or view is None or not enrolled or not view.is_open:
        # Not enrolled, not in a course, or a locked module: nothing to complete here.
        raise Http404
    result = services.mark_item_complete(
        user=request.user, item_key=page.translation_key, course=course, outline=view.outline
    )
    if result.course_completed:
        messages.success(request, _("Congratulations! You have completed the course."))
        return redirect(course.url)
    next_item = view.next_item
    if next_item is not None and request.POST.get("then") == "next":
        return redirect(next_item.url)
    return redirect(page.url + "#done")


@login_required
@require_GET
def my_learning_view(request):
    entries = my_learning(user=request.user, locale=Locale.get_active())
    in_progress = [e for e in entries if e.completed_at is None]
    completed = [e for e in entries if e.completed_at is not None]
    resume = next((e for e in in_progress if e.resume_url), None)
    return render(
        request,
        "progress/my_learning.html",
        {"in_progress": in_progress, "completed": completed, "resume": resume},
    )


@login_required
@require_GET
def progress_report(request, enrolment_id: int):
    """One course's progress, item by item. Another learner's enrolment answers 404."""
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id, user=request.user)
    courses = courses_for_keys(keys=[enrolment.course_key], locale=Locale.get_active())
    if not courses:
        raise Http404
    course = courses[0]
    progress = course_progress(user=request.user, course=course)
    return render(
        request,
        "progress/progress_report.html",
        {"course": course, "progress": progress, "enrolment": enrolment},
    )
