"""What a learner may see of a course or a learning item, computed once per request.

Used by the ``before_serve_page`` hook (HTML) and by the mark-done view. A learning item is any
page whose class sets ``is_learning_item = True`` and sits under a module of a course.
"""

from dataclasses import dataclass

from courses.models import CoursePage
from courses.selectors import (
    Outline,
    OutlineItem,
    OutlineModule,
    cached_outline,
    course_and_outline_for_item,
    enrolment_for,
)

from .selectors import (
    CourseProgress,
    build_progress,
    course_progress,
    enrolment_and_completions,
)


@dataclass
class CourseView:
    course: CoursePage
    outline: Outline
    enrolled: bool
    progress: CourseProgress


@dataclass
class ItemView:
    course: CoursePage
    outline: Outline
    module: OutlineModule
    item: OutlineItem
    progress: CourseProgress
    is_open: bool

    @property
    def is_done(self) -> bool:
        return self.item.translation_key in self.progress.completed_keys

    @property
    def previous_item(self) -> OutlineItem | None:
        items = self.outline.items
        index = items.index(self.item)
        return items[index - 1] if index > 0 else None

    @property
    def next_item(self) -> OutlineItem | None:
        items = self.outline.items
        index = items.index(self.item)
        return items[index + 1] if index + 1 < len(items) else None

    @property
    def position(self) -> int:
        return self.module.items.index(self.item) + 1

    @property
    def blocking_module(self) -> OutlineModule | None:
        """The first earlier module not finished yet (why this item is locked)."""
        for mp in self.progress.modules:
            if mp.module is self.module:
                return None
            if not mp.is_complete:
                return mp.module
        return None


def course_view(*, user, course: CoursePage) -> CourseView:
    """The course outline with the visitor's progress (empty for a visitor who is not signed in,
    so the outline shows the same module locks to everyone)."""
    outline = cached_outline(course=course)
    if user.is_authenticated:
        progress = course_progress(user=user, course=course, outline=outline)
    else:
        progress = build_progress(outline=outline, completed_keys=set())
    enrolment = enrolment_for(user=user, course=course)
    return CourseView(
        course=course, outline=outline, enrolled=enrolment is not None, progress=progress
    )


def item_view(*, user, page) -> tuple[ItemView | None, CoursePage | None, bool]:
    """Return (view, course, enrolled). ``view`` is None when the page is not in an outline."""
    course, outline = course_and_outline_for_item(item=page)
    if course is None:
        return None, None, False
    if not user.is_authenticated:
        return None, course, False
    enrolled, completed, last_item_key = enrolment_and_completions(
        user=user, course_key=course.translation_key
    )
    if not enrolled:
        return None, course, False
    module, item = outline.find(page.pk)
    if item is None:
        return None, course, True
    progress = build_progress(
        outline=outline, completed_keys=completed, last_item_key=last_item_key
    )
    module_progress = progress.module_progress(module.page_id)
    return (
        ItemView(
            course=course,
            outline=outline,
            module=module,
            item=item,
            progress=progress,
            is_open=bool(module_progress and module_progress.is_open),
        ),
        course,
        True,
    )


def open_item(*, user, page) -> ItemView | None:
    """The learner's view of ``page`` when they may work on it now (enrolled in its course, the
    page in the outline, its module open), else None: the site's and the API's "done", quiz
    start and offline practice answer 404 then."""
    view, _course, _enrolled = item_view(user=user, page=page)
    return view if view is not None and view.is_open else None


def enter_item(*, user, page, course: CoursePage, view: ItemView) -> None:
    """The learner opens an open item (site page or API): remember their place and, in a course
    whose lessons complete on view, complete it. Used by the page hook and the lesson API."""
    from courses.models import CompletionMode

    from . import services

    services.record_view(
        user=user,
        item_key=page.translation_key,
        course_key=course.translation_key,
        previous_item_key=view.progress.last_item_key,
    )
    if (
        course.completion_mode == CompletionMode.ON_VIEW
        and getattr(page, "self_completable", True)
        and not view.is_done
    ):
        services.mark_item_complete(
            user=user, item_key=page.translation_key, course=course, outline=view.outline
        )
        view.progress.completed_keys.add(page.translation_key)
