"""Invitations: a token works once, expires, is stored only as a digest; joining enrols the
member in the cooperative's assigned courses; assigning a course enrols the active members."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from cooperatives import services
from cooperatives.models import CourseAssignment, Invitation, Membership
from courses.models import Enrolment
from tests.factories.accounts import UserFactory


def test_link_invitation_is_accepted_once_and_enrols_in_assigned_courses(client, coop_a, tree):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    response = client.post(reverse("cooperatives:invite", args=[cooperative.pk]), {"link": "1"})
    link = response.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(cooperative=cooperative)
    assert token not in invitation.token_digest and len(invitation.token_digest) == 64

    newcomer = UserFactory()
    client.force_login(newcomer)
    page = client.get(link)
    assert page.status_code == 200 and cooperative.name in page.content.decode()
    response = client.post(link, {"accepts_reminders": "on"})
    assert response.status_code == 302
    membership = Membership.objects.get(cooperative=cooperative, user=newcomer)
    assert membership.state == Membership.State.ACTIVE and membership.accepts_reminders
    assert Enrolment.objects.filter(
        user=newcomer, course_key=tree.course.translation_key, is_active=True
    ).exists()

    other = UserFactory()
    client.force_login(other)
    assert client.get(link).status_code == 404  # used
    assert client.post(link).status_code == 404
    assert not Membership.objects.filter(user=other).exists()


def test_expired_and_unknown_tokens_are_refused(client, coop_a):
    cooperative, _manager, _ = coop_a
    token = services.create_link_invitation(cooperative=cooperative)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.force_login(UserFactory())
    assert client.get(reverse("cooperatives:join", args=[token])).status_code == 404
    assert client.get(reverse("cooperatives:join", args=["x" * 43])).status_code == 404
    with pytest.raises(services.InvitationError):
        services.accept_invitation(token=token, user=UserFactory())


def test_phone_invitation_sends_a_working_link_by_text(
    client, coop_a, django_capture_on_commit_callbacks
):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperatives:invite", args=[cooperative.pk]),
            {"one-full_name": "Mina", "one-contact": "06 22 33 44 55"},
        )
    assert response.status_code == 302
    assert [m.phone for m in sms.outbox] == ["+212622334455"]
    path = re.search(r"(/ar/cooperatives/join/[^/\s]+/)", sms.outbox[0].text).group(1)
    person = UserFactory(phone="+212622334455")
    services.accept_invitation(token=path.rstrip("/").rsplit("/", 1)[1], user=person)
    assert Membership.objects.filter(user=person, state=Membership.State.ACTIVE).exists()
    # The same contact again: already a member, nothing sent.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperatives:invite", args=[cooperative.pk]),
            {"one-contact": "+212622334455"},
        )
    assert len(sms.outbox) == 1


def test_bad_contact_is_a_400_and_changes_nothing(client, coop_a):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    response = client.post(
        reverse("cooperatives:invite", args=[cooperative.pk]), {"one-contact": "12"}
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_assigning_a_course_enrols_every_active_member(
    client, coop_a, django_capture_on_commit_callbacks
):
    from tests.factories.courses import build_course

    cooperative, manager, members = coop_a
    other = build_course(slug="finance", modules=(1,), code="C4")
    invited = UserFactory()
    Membership.objects.create(cooperative=cooperative, user=invited, state=Membership.State.INVITED)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperatives:assign", args=[cooperative.pk]),
            {"course": other.course.pk, "target_date": "2027-03-01"},
        )
    assert response.status_code == 302
    assignment = CourseAssignment.objects.get(
        cooperative=cooperative, course_key=other.course.translation_key
    )
    assert assignment.target_date == dt.date(2027, 3, 1)
    enrolled = set(
        Enrolment.objects.filter(course_key=other.course.translation_key).values_list(
            "user_id", flat=True
        )
    )
    assert enrolled == {manager.pk, *(m.pk for m in members)}  # not the invited one
    # Again (double click): one assignment, the new date.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperatives:assign", args=[cooperative.pk]),
            {"course": other.course.pk, "target_date": ""},
        )
    assert CourseAssignment.objects.filter(cooperative=cooperative).count() == 2
    assignment.refresh_from_db()
    assert assignment.target_date is None


def test_assigning_an_unknown_course_is_a_400(client, coop_a):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    response = client.post(
        reverse("cooperatives:assign", args=[cooperative.pk]), {"course": "999999"}
    )
    assert response.status_code == 400
    assert CourseAssignment.objects.filter(cooperative=cooperative).count() == 1


def test_an_expired_invitation_does_not_block_a_new_one_and_is_purged(coop_a):
    from django.core.management import call_command

    cooperative, _manager, _ = coop_a
    first = services.invite_contact(
        cooperative=cooperative, contact="+212622334455", channel="phone"
    )
    assert (
        services.invite_contact(cooperative=cooperative, contact="+212622334455", channel="phone")
        is None
    )  # still pending
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    second = services.invite_contact(
        cooperative=cooperative, contact="+212622334455", channel="phone"
    )
    assert second is not None and not Invitation.objects.filter(pk=first.pk).exists()
    Invitation.objects.filter(pk=second.pk).update(expires_at=timezone.now())
    call_command("send_cooperative_reminders", stdout=io.StringIO())
    assert not Invitation.objects.exists()


def test_admin_menu_links(client, coop_a):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get("/cms/").content.decode()
    assert reverse("cooperatives:territory") in page
    assert reverse("cooperatives:trainer_courses") in page
