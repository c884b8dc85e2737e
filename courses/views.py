"""Enrol and leave: POST only, CSRF-protected, login required."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import CoursePage


def _live_course(page_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=page_id)


@login_required
@require_POST
def enrol(request, page_id: int):
    course = _live_course(page_id)
    services.enrol(user=request.user, course=course)
    messages.success(request, _("You are enrolled. Welcome to the course!"))
    return redirect(course.url)


@login_required
@require_POST
def unenrol(request, page_id: int):
    course = _live_course(page_id)
    if services.unenrol(user=request.user, course=course):
        messages.info(
            request,
            _("You have left the course. Your progress is kept if you come back."),
        )
    return redirect(course.url)
