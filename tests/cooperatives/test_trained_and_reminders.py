"""The "trained cooperative" mark, and gentle reminders sent by the task worker."""

import datetime as dt

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts import sms
from cooperatives import services
from cooperatives.models import Cooperative, Membership
from progress.models import CourseState
from progress.services import mark_item_complete


def complete_course(user, tree, capture):
    with capture(execute=True):
        for lesson in tree.lessons:
            mark_item_complete(user=user, item_key=lesson.translation_key, course=tree.course)


def test_cooperative_is_marked_when_the_share_of_members_completes_governance(
    coop_a, tree, django_capture_on_commit_callbacks
):
    cooperative, manager, members = coop_a  # 4 active: the manager and 3 members
    complete_course(members[0], tree, django_capture_on_commit_callbacks)
    complete_course(members[1], tree, django_capture_on_commit_callbacks)
    cooperative.refresh_from_db()
    assert cooperative.trained_at is None  # 2 of 4 = 50% < 60%
    complete_course(members[2], tree, django_capture_on_commit_callbacks)
    cooperative.refresh_from_db()
    assert cooperative.trained_at is not None  # 3 of 4 = 75%
    first = cooperative.trained_at
    complete_course(manager, tree, django_capture_on_commit_callbacks)
    cooperative.refresh_from_db()
    assert cooperative.trained_at == first  # given once


@override_settings(COOPERATIVES_TRAINED_COURSE="another-course", COOPERATIVES_TRAINED_SHARE="0.2")
def test_other_courses_do_not_count(coop_a, tree, django_capture_on_commit_callbacks):
    cooperative, _manager, members = coop_a
    complete_course(members[0], tree, django_capture_on_commit_callbacks)
    cooperative.refresh_from_db()
    assert cooperative.trained_at is None


@override_settings(COOPERATIVES_TRAINED_SHARE="0.25")
def test_course_chosen_by_slug_and_share_from_settings(
    coop_a, tree, django_capture_on_commit_callbacks
):
    cooperative, _manager, members = coop_a
    with override_settings(COOPERATIVES_TRAINED_COURSE=tree.course.slug):
        complete_course(members[0], tree, django_capture_on_commit_callbacks)
    cooperative.refresh_from_db()
    assert cooperative.trained_at is not None


def _stall(user, tree, days=20):
    mark_item_complete(
        user=user,
        item_key=tree.lessons[0].translation_key,
        course=tree.course,
        occurred_at=timezone.now() - dt.timedelta(days=days),
    )
    CourseState.objects.filter(user=user).update(
        last_seen_at=timezone.now() - dt.timedelta(days=days)
    )


def test_reminders_reach_stalled_members_who_agreed_once(coop_a, tree):
    cooperative, _manager, members = coop_a
    agreed, refused, active = members
    agreed.phone = "+212611111111"
    agreed.save()
    refused.phone = "+212622222222"
    refused.save()
    Membership.objects.filter(user__in=[agreed, active]).update(accepts_reminders=True)
    _stall(agreed, tree)
    _stall(refused, tree)
    mark_item_complete(user=active, item_key=tree.lessons[0].translation_key, course=tree.course)

    call_command("send_cooperative_reminders")  # reminders off: nothing
    assert sms.outbox == []

    Cooperative.objects.filter(pk=cooperative.pk).update(reminders_enabled=True)
    call_command("send_cooperative_reminders")  # the immediate backend runs the task now
    assert [m.phone for m in sms.outbox] == ["+212611111111"]
    assert tree.course.title in sms.outbox[0].text
    call_command("send_cooperative_reminders")  # not twice within the period
    assert len(sms.outbox) == 1
    assert services.send_stalled_reminders(cooperative_id=cooperative.pk) == 0
