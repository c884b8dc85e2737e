"""Build page trees for tests: home → catalogue → course → modules → lessons, in Arabic with an
optional French translation sharing translation keys."""

from dataclasses import dataclass, field

from wagtail.models import Locale, Page, Site

from content.models import HomePage
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


@dataclass
class Tree:
    home: HomePage
    index: CourseIndexPage
    course: CoursePage
    modules: list[ModulePage] = field(default_factory=list)
    lessons: list[LessonPage] = field(default_factory=list)
    fr_course: CoursePage | None = None


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()


def site_root() -> tuple[HomePage, CourseIndexPage]:
    ar, _ = Locale.objects.get_or_create(language_code="ar")
    home = HomePage.objects.filter(locale=ar, depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # a transactional test flushed Wagtail's initial data
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=ar))
        for placeholder in Page.objects.filter(depth=2, content_type__model="page"):
            placeholder.delete()
        home = HomePage(title="تعاونية أكاديمي", slug="home", locale=ar)
        root.add_child(instance=home)
        _publish(home)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page": home, "site_name": "Academy"},
        )
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = CourseIndexPage(title="الدورات", slug="courses")
        home.add_child(instance=index)
        _publish(index)
    return home, index


def lesson_body(text="نص الدرس"):
    return [
        {"type": "heading", "value": {"text": "مقدمة", "level": "h2"}},
        {"type": "markdown", "value": f"**{text}** — تعلم وتقدم."},
    ]


def build_course(
    *,
    slug="course",
    modules=(2, 2),
    gating="free",
    completion_mode="done_button",
    translate=False,
    code="C9",
) -> Tree:
    home, index = site_root()
    course = CoursePage(
        title=f"Course {slug}",
        slug=slug,
        code=code,
        summary="ملخص الدورة",
        gating=gating,
        completion_mode=completion_mode,
    )
    index.add_child(instance=course)
    _publish(course)
    tree = Tree(home=home, index=index, course=course)
    for m, lesson_count in enumerate(modules, start=1):
        module = ModulePage(title=f"Module {m}", slug=f"module-{m}")
        course.add_child(instance=module)
        _publish(module)
        tree.modules.append(module)
        for n in range(1, lesson_count + 1):
            lesson = LessonPage(
                title=f"Lesson {m}.{n}", slug=f"lesson-{m}-{n}", body=lesson_body(f"{m}.{n}")
            )
            module.add_child(instance=lesson)
            _publish(lesson)
            tree.lessons.append(lesson)
    if translate:
        tree.fr_course = translate_tree(tree)
    return tree


def translate_tree(tree: Tree) -> CoursePage:
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    for page in [tree.home, tree.index]:
        if page.get_translation_or_none(fr) is None:
            copy = page.copy_for_translation(fr)
            _publish(copy.specific)
    fr_course = tree.course.copy_for_translation(fr).specific
    fr_course.title = f"Formation {tree.course.slug}"
    _publish(fr_course)
    for module in tree.modules:
        copy = module.copy_for_translation(fr).specific
        copy.title = f"{module.title} (fr)"
        _publish(copy)
    for lesson in tree.lessons:
        copy = lesson.copy_for_translation(fr).specific
        copy.title = f"{lesson.title} (fr)"
        _publish(copy)
    return fr_course
