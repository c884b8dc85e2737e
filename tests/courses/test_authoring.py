"""Trainers edit only their own course; a reviewer approves and publishes their changes."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow

from academy.demo import ensure_groups_and_workflow
from courses.models import LessonPage
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def authoring():
    own = build_course(slug="own", code="C1")
    other = build_course(slug="other", code="C2")
    trainers, reviewers, teams = ensure_groups_and_workflow([own.course, other.course], own.index)
    trainer = UserFactory()
    trainer.groups.add(trainers, teams["C1"])
    reviewer = UserFactory()
    reviewer.groups.add(reviewers)
    return own, other, trainer, reviewer


def test_trainer_edits_only_their_own_course(authoring):
    own, other, trainer, _ = authoring
    assert own.lessons[0].permissions_for_user(trainer).can_edit()
    assert own.modules[0].permissions_for_user(trainer).can_add_subpage()
    assert not other.lessons[0].permissions_for_user(trainer).can_edit()
    assert not own.lessons[0].permissions_for_user(trainer).can_publish()


def test_trainer_cannot_open_another_course_in_the_admin(client, authoring):
    own, other, trainer, _ = authoring
    client.force_login(trainer)
    assert client.get(f"/cms/pages/{own.lessons[0].pk}/edit/").status_code == 200
    assert client.get(f"/cms/pages/{other.lessons[0].pk}/edit/").status_code in {302, 403}


def test_lesson_goes_through_review_before_publication(authoring):
    own, _, trainer, reviewer = authoring
    module = own.modules[0]
    lesson = LessonPage(
        title="درس جديد",
        slug="new-lesson",
        live=False,
        body=[{"type": "markdown", "value": "نص جديد"}],
    )
    module.add_child(instance=lesson)
    revision = lesson.save_revision(user=trainer)
    workflow = lesson.get_workflow()
    assert workflow is not None and workflow.name == "Course review"
    state = workflow.start(lesson, trainer)
    lesson.refresh_from_db()
    assert not lesson.live
    assert state.current_task_state.task.specific.user_can_access_editor(lesson, reviewer)
    task = state.current_task_state.task.specific
    # The trainer cannot approve their own submission.
    assert "approve" not in [a[0] for a in task.get_actions(lesson, trainer)]
    assert "approve" in [a[0] for a in task.get_actions(lesson, reviewer)]
    task.on_action(state.current_task_state, reviewer, "approve")
    lesson.refresh_from_db()
    assert lesson.live
    assert lesson.live_revision_id == revision.pk
    assert Workflow.objects.filter(name="Course review").count() == 1


def test_groups_are_created_once(authoring):
    own, other, _, _ = authoring
    ensure_groups_and_workflow([own.course, other.course], own.index)
    assert Group.objects.filter(name="Trainers").count() == 1
    perms = GroupPagePermission.objects.filter(
        group__name="Course team C1",
        permission=Permission.objects.get(
            codename="change_page", content_type__app_label="wagtailcore"
        ),
    )
    assert perms.count() == 1


def test_trainer_writes_a_lesson_in_the_admin_and_submits_it(client, authoring):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    own, other, trainer, reviewer = authoring
    client.force_login(trainer)
    module = own.modules[0]
    data = nested_form_data(
        {
            "title": "سجل المداخيل والمصاريف",
            "slug": "cash-book",
            "estimated_minutes": 12,
            "body": streamfield([("markdown", "سجّل كل درهم يدخل أو يخرج، في نفس اليوم.")]),
            "action-submit": "Submit",
        }
    )
    response = client.post(f"/cms/pages/add/courses/lessonpage/{module.pk}/", data)
    assert response.status_code == 302, response.content[:2000]
    lesson = LessonPage.objects.get(slug="cash-book")
    assert not lesson.live
    state = lesson.current_workflow_state
    assert state is not None and state.status == "in_progress"
    # The reviewer sees it waiting and approves it: it goes live.
    client.force_login(reviewer)
    task_state = state.current_task_state
    response = client.post(
        f"/cms/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in {200, 302}
    lesson.refresh_from_db()
    assert lesson.live
    # A trainer cannot add a lesson to a course that is not theirs.
    client.force_login(trainer)
    response = client.post(
        f"/cms/pages/add/courses/lessonpage/{other.modules[0].pk}/",
        nested_form_data(
            {
                "title": "x",
                "slug": "x",
                "estimated_minutes": 5,
                "body": streamfield([("markdown", "x")]),
            }
        ),
    )
    assert response.status_code in {302, 403}
    assert not LessonPage.objects.filter(slug="x").exists()
