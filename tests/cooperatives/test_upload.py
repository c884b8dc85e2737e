"""Members files: validated whole before anything is written; a bad row enrols nobody; the
report names the rows; uploading the same file again adds nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import sms
from cooperatives import csvfile, services
from cooperatives.models import Invitation, Membership
from tests.factories.accounts import UserFactory

GOOD = (
    "name,phone,email\n"
    "Fatima Zahra,06 11 22 33 44,\n"
    "Ahmed Ouali,,ahmed@example.ma\n"
    "Mina Aït,+212 622-334455,mina@example.ma\n"
).encode()

BAD = (
    "nom;téléphone;courriel\n"
    "Fatima Zahra;0611223344;\n"
    "Sans Contact;;\n"
    "Ahmed;12345;\n"
    "Mina;;pas-un-email\n"
    "Doublon;+212611223344;\n"
).encode()


def upload(client, cooperative, data, name="members.csv"):
    return client.post(
        reverse("cooperatives:upload", args=[cooperative.pk]),
        {"file-file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def test_a_file_with_bad_rows_invites_nobody_and_reports_row_numbers(client, coop_a):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    before = Membership.objects.count()
    response = upload(client, cooperative, BAD)
    assert response.status_code == 400
    report = [(e.line, e.message) for e in response.context["result"].errors]
    lines = sorted({line for line, _m in report})
    assert lines == [3, 4, 5, 6]  # row 2 is fine; the header is row 1
    assert any("row 2" in m.lower() or "2" in m for line, m in report if line == 6)
    assert Invitation.objects.filter(cooperative=cooperative).count() == 0
    assert Membership.objects.count() == before
    assert sms.outbox == []
    page = response.content.decode()
    assert "Fatima" not in page or "3" in page


def test_a_good_file_invites_everyone_once_and_reupload_is_idempotent(
    client, coop_a, django_capture_on_commit_callbacks
):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, cooperative, GOOD)
    assert response.status_code == 200
    invitations = Invitation.objects.filter(cooperative=cooperative)
    assert sorted(invitations.values_list("contact", flat=True)) == [
        "+212611223344",
        "+212622334455",
        "ahmed@example.ma",
    ]
    assert sorted(m.phone for m in sms.outbox) == ["+212611223344", "+212622334455"]
    from django.core import mail

    assert [m.to for m in mail.outbox] == [["ahmed@example.ma"]]
    with django_capture_on_commit_callbacks(execute=True):
        again = upload(client, cooperative, GOOD)
    assert again.status_code == 200
    assert again.context["result"].already_invited == 3
    assert invitations.count() == 3 and len(sms.outbox) == 2


def test_existing_members_are_matched_by_normalised_phone_and_email(coop_a):
    cooperative, _manager, members = coop_a
    members[0].phone = "+212611223344"
    members[0].save()
    members[1].email = "Ahmed@Example.ma"
    members[1].save()
    result = services.bulk_invite(cooperative=cooperative, data=GOOD)
    assert result.ok and result.already_members == 2
    assert [i.contact for i in result.invitations] == ["+212622334455"]


def test_an_account_without_membership_becomes_an_invited_member(coop_a):
    cooperative, _manager, _ = coop_a
    person = UserFactory(phone="+212622334455")
    services.bulk_invite(cooperative=cooperative, data=GOOD)
    membership = Membership.objects.get(cooperative=cooperative, user=person)
    assert membership.state == Membership.State.INVITED


def test_a_file_too_large_is_refused_before_it_is_read(client, coop_a):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    big = b"name,phone\n" + b"x" * (csvfile.MAX_BYTES + 1)
    response = upload(client, cooperative, big)
    assert response.status_code == 400
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xfe\x00bad", b"name,city\nAli,Agadir\n", b"name,phone\n"],
)
def test_broken_files_get_a_clear_message(client, coop_a, data):
    cooperative, manager, _ = coop_a
    client.force_login(manager)
    response = upload(client, cooperative, data)
    assert response.status_code == 400
    assert response.context["result"] is None or response.context["result"].errors
    assert Invitation.objects.count() == 0
