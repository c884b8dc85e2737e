"""Gate learning items and attach the learner's state before Wagtail serves a page.

Lessons (and any page with ``is_learning_item``) need a signed-in, enrolled learner and, in a
sequential course, an open module. The hook records the view (the learner's place) — a deliberate
write in the view layer, never in a template.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from wagtail import hooks

from courses.models import CoursePage

from .learning import course_view, enter_item, item_view


@hooks.register("before_serve_page")
def attach_learning_state(page, request, serve_args, serve_kwargs):
    if isinstance(page, CoursePage):
        request.learning = course_view(user=request.user, course=page)
        return None
    if not getattr(page, "is_learning_item", False):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    view, course, enrolled = item_view(user=request.user, page=page)
    if course is None:
        return None
    if not enrolled:
        messages.info(request, _("Enrol in the course to open its lessons."))
        return redirect(course.url)
    if view is None:
        return None
    if not view.is_open:
        return render(
            request,
            "progress/locked.html",
            {"page": page, "learning": view, "blocking": view.blocking_module},
            status=403,
        )
    enter_item(user=request.user, page=page, course=course, view=view)
    request.learning = view
    return None
