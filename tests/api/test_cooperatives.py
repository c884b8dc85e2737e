"""The cooperative manager's dashboard through the API: the same figures as the site, only the
manager's own cooperative (404 otherwise), no profile details, every read audited, a constant
number of queries."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from cooperatives.models import CourseAssignment
from courses.services import enrol
from progress.services import mark_item_complete
from tests.api.conftest import client_for
from tests.factories.cooperatives import add_member, make_cooperative
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    tree = build_course(slug="c3", modules=(2,), code="C3")
    cooperative, manager, members = make_cooperative(members=3)
    CourseAssignment.objects.create(
        cooperative=cooperative,
        course_key=tree.course.translation_key,
        target_date=dt.date(2027, 6, 30),
    )
    for member in members:
        enrol(user=member, course=tree.course)
    mark_item_complete(
        user=members[0], item_key=tree.lessons[0].translation_key, course=tree.course
    )
    return tree, cooperative, manager, members


def dashboard_url(cooperative):
    return f"/api/v1/cooperatives/{cooperative.pk}/dashboard/"


def test_manager_reads_members_progress_and_nothing_private(setup):
    tree, cooperative, manager, members = setup
    members[0].email, members[0].phone = "fatima@example.ma", "+212612345670"
    members[0].region, members[0].status = "MA-11", "project_holder"
    members[0].save()
    api = client_for(manager)
    mine = api.get("/api/v1/cooperatives/").json()
    assert [c["id"] for c in mine["results"]] == [cooperative.pk]
    response = api.get(dashboard_url(cooperative))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["courses"][0]["course_key"] == str(tree.course.translation_key)
    assert data["count"] == 4  # three members and the manager
    by_id = {m["membership_id"]: m for m in data["members"]}
    assert sorted(c["courses"][0]["done"] for c in by_id.values()) == [0, 0, 0, 1]
    assert {c["courses"][0]["total"] for c in by_id.values()} == {2}
    people = json.dumps(data["members"])
    for private in ("fatima@example.ma", "+212612345670", "MA-11", "project_holder"):
        assert private not in people
    assert "fatima@example.ma" not in response.content.decode()
    assert AuditEvent.objects.filter(actor=manager).exists()


def test_another_cooperative_a_member_and_anonymous_get_nothing(setup):
    _tree, cooperative, _manager, members = setup
    other_cooperative, other_manager, _ = make_cooperative(name="Other", members=1)
    assert client_for(other_manager).get(dashboard_url(cooperative)).status_code == 404
    assert client_for(members[0]).get(dashboard_url(cooperative)).status_code == 404
    assert client_for(members[0]).get("/api/v1/cooperatives/").json()["results"] == []
    from rest_framework.test import APIClient

    assert APIClient().get(dashboard_url(cooperative)).status_code == 401
    assert client_for(other_manager).get(dashboard_url(other_cooperative)).status_code == 200


def test_filters_and_page_size_are_bounded_and_bad_values_ignored(setup):
    _tree, cooperative, manager, _members = setup
    api = client_for(manager)
    page = api.get(dashboard_url(cooperative), {"page_size": 2, "sort": "progress"}).json()
    assert len(page["members"]) == 2 and page["pages"] == 2
    done = api.get(dashboard_url(cooperative), {"status": "in_progress"}).json()
    assert done["count"] == 1
    odd = api.get(dashboard_url(cooperative), {"page_size": "x", "sort": "?", "page": "999"})
    assert odd.status_code == 200


def test_queries_do_not_grow_with_members(setup):
    tree, cooperative, manager, _members = setup
    api = client_for(manager)
    api.get(dashboard_url(cooperative))  # warm the course outline cache

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(dashboard_url(cooperative)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(20):
        enrol(user=add_member(cooperative), course=tree.course)
    assert count() == few
