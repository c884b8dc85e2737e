"""Documents of gated course content are served only to whoever may read that content.

Wagtail's document view (``/documents/<id>/<name>``) calls ``before_serve_document`` first. A
document may be fetched by:

* people who can manage documents in the admin (trainers, staff);
* anyone, when a live page outside the courses links to it (a public page);
* a learner enrolled in the course, when a live lesson or quiz of that course links to it.

Anything else — a document used only in drafts, in another course, or nowhere — answers 404, as
another user's object does. Which pages link to a document comes from Wagtail's reference index.
"""

from django.http import Http404
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex

from .models import CoursePage, Enrolment


def _linking_pages(document) -> list[Page]:
    page_type = Page._meta.label_lower
    refs = ReferenceIndex.get_references_to(document).select_related("base_content_type")
    ids = {
        int(r.object_id)
        for r in refs
        if f"{r.base_content_type.app_label}.{r.base_content_type.model}" == page_type
        and str(r.object_id).isdigit()
    }
    return list(Page.objects.filter(pk__in=ids, live=True))


def may_download(user, document) -> bool:
    if user.is_authenticated and (
        user.has_perm("wagtaildocs.change_document") or user.has_perm("wagtaildocs.add_document")
    ):
        return True
    courses = CoursePage.objects.live()
    keys = set()
    for page in _linking_pages(document):
        course = courses.ancestor_of(page, inclusive=True).first()
        if course is None or course.pk == page.pk:
            return True  # a public page (or a course's own page, public too) links to it
        keys.add(course.translation_key)
    if not keys or not user.is_authenticated:
        return False
    return Enrolment.objects.filter(user=user, course_key__in=keys, is_active=True).exists()


@hooks.register("before_serve_document")
def gate_course_documents(document, request):
    if not may_download(request.user, document):
        raise Http404
