import pytest
from wagtail.test.utils import WagtailPageTestCase

from content.models import HomePage, StandardPage
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


class TestPageTreeRules(WagtailPageTestCase):
    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})


@pytest.mark.django_db
def test_blocks_render_with_their_templates(client):
    from tests.factories.courses import build_course

    tree = build_course()
    lesson = tree.lessons[0]
    lesson.body = [
        {"type": "callout", "value": {"kind": "warning", "title": "انتباه", "body": "**مهم**"}},
        {"type": "key_takeaways", "value": {"items": ["أولا", "ثانيا"]}},
        {
            "type": "case_study",
            "value": {"title": "تعاونية الأمل", "situation": "وضعية", "question": "ماذا تفعل؟"},
        },
    ]
    lesson.save_revision().publish()
    html = "".join(str(block) for block in lesson.body)
    assert 'class="callout warning"' in html and "<strong>مهم</strong>" in html
    assert "<li>أولا</li>" in html
    assert "تعاونية الأمل" in html and "ماذا تفعل؟" in html
