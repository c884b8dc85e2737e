from django import template
from wagtail.models import Locale

from courses.models import CourseIndexPage, CoursePage

register = template.Library()


@register.inclusion_tag("courses/includes/featured_courses.html", takes_context=True)
def featured_courses(context, limit=6):
    """The catalogue's first courses in the current language, for the home page."""
    locale = Locale.get_active()
    courses = list(CoursePage.objects.live().filter(locale=locale).order_by("path")[: int(limit)])
    index = CourseIndexPage.objects.live().filter(locale=locale).first()
    return {"courses": courses, "index": index, "request": context.get("request")}
