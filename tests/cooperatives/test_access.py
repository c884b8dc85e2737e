"""Must never happen: a manager of cooperative A sees anything of cooperative B's members, by
page or export. Everything of another cooperative answers 404, like a cooperative that does
not exist."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from cooperatives.models import Invitation, Membership

B_PAGES = [
    ("dashboard", "get"),
    ("export_csv", "get"),
    ("export_xlsx", "get"),
    ("invite", "get"),
    ("invite", "post"),
    ("upload", "post"),
    ("assign", "get"),
    ("assign", "post"),
    ("reminders", "post"),
]


@pytest.mark.parametrize(("name", "method"), B_PAGES)
def test_manager_of_a_gets_404_on_every_page_and_export_of_b(client, coop_a, coop_b, name, method):
    _a, manager_a, _ = coop_a
    b, _manager_b, _ = coop_b
    client.force_login(manager_a)
    response = getattr(client, method)(reverse(f"cooperatives:{name}", args=[b.pk]))
    assert response.status_code == 404
    assert b"Secret Member Of B" not in response.content
    assert not Invitation.objects.filter(cooperative=b).exists()


@pytest.mark.parametrize(("name", "method"), B_PAGES)
def test_a_plain_member_of_a_cooperative_is_not_its_manager(client, coop_a, name, method):
    a, _manager, members = coop_a
    client.force_login(members[0])
    response = getattr(client, method)(reverse(f"cooperatives:{name}", args=[a.pk]))
    assert response.status_code == 404


def test_a_cooperative_that_does_not_exist_answers_the_same_404(client, coop_a):
    _a, manager, _ = coop_a
    client.force_login(manager)
    assert client.get(reverse("cooperatives:dashboard", args=[999999])).status_code == 404


def test_a_manager_who_left_loses_access(client, coop_a):
    a, manager, _ = coop_a
    Membership.objects.filter(cooperative=a, user=manager).update(state=Membership.State.LEFT)
    client.force_login(manager)
    assert client.get(reverse("cooperatives:dashboard", args=[a.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, coop_a):
    a, _manager, _ = coop_a
    response = client.get(reverse("cooperatives:export_csv", args=[a.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_manager_sees_own_members_only_and_no_contact_details(client, coop_a, coop_b):
    a, manager, members = coop_a
    members[0].phone = "+212612345678"
    members[0].region = "MA-09"
    members[0].save()
    client.force_login(manager)
    page = client.get(reverse("cooperatives:dashboard", args=[a.pk])).content.decode()
    for member in members:
        assert member.full_name in page
    assert "Secret Member Of B" not in page
    assert members[0].email not in page and "612345678" not in page
    assert "Souss" not in page  # the member's region is not the manager's business
    csv = client.get(reverse("cooperatives:export_csv", args=[a.pk])).content.decode("utf-8-sig")
    assert members[0].full_name in csv and "Secret Member Of B" not in csv
    assert members[0].email not in csv and "612345678" not in csv


def test_every_read_and_export_is_audited(client, coop_a):
    a, manager, _ = coop_a
    client.force_login(manager)
    client.get(reverse("cooperatives:dashboard", args=[a.pk]))
    client.get(reverse("cooperatives:export_csv", args=[a.pk]))
    client.get(reverse("cooperatives:export_xlsx", args=[a.pk]))
    events = list(
        AuditEvent.objects.filter(actor=manager, target_id=str(a.pk)).values_list(
            "action", "detail"
        )
    )
    actions = [action for action, _detail in events]
    assert actions.count("members.export") == 2 and "members.dashboard" in actions
    formats = sorted(d["format"] for action, d in events if action == "members.export")
    assert formats == ["csv", "xlsx"]
    assert all(d.get("rows", d.get("members")) == 4 for _a, d in events)


def test_nav_link_for_managers_only(client, coop_a):
    a, manager, members = coop_a
    client.force_login(manager)
    link = reverse("cooperatives:mine")
    assert link in client.get(reverse("progress:my_learning")).content.decode()
    assert client.get(link)["Location"] == reverse("cooperatives:dashboard", args=[a.pk])
    client.force_login(members[0])
    assert link not in client.get(reverse("progress:my_learning")).content.decode()
    assert client.get(link).status_code == 404


def test_api_dashboard_page_size_is_bounded_like_every_api_list():
    from academy.api_pagination import MAX_PAGE_SIZE
    from cooperatives.rest.views import _page_size

    assert _page_size("1000") == MAX_PAGE_SIZE
    assert _page_size("0") == 1 and _page_size("7") == 7
    assert _page_size(None) == _page_size("x") == 50
