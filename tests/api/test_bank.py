"""The project bank through the API, with the site's unlock rules: a locked model shows its
teaser only; plans are their owner's."""

import pytest

from projectbank.models import ProjectPlan, Unlock
from tests.api.conftest import client_for
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.projectbank import BankProjectFactory, make_rule, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    tree = build_course(slug="c6", modules=(1,), code="C6")
    template = make_template("T1")
    make_rule(template, [tree.course])
    project = BankProjectFactory(external_id="PB10", template=template, regions=["MA-09"])
    BankProjectFactory(external_id="PB11", sector_id="ARG", regions=["MA-01"])
    return tree, template, project


def test_projects_filter_and_paginate(bank, api):
    listed = api.get("/api/v1/bank/projects/", {"region": "MA-09"}).json()
    assert [p["external_id"] for p in listed["results"]] == ["PB10"]
    assert listed["results"][0]["regions"][0]["code"] == "MA-09"
    everything = api.get("/api/v1/bank/projects/", {"region": "nowhere", "page_size": 1})
    assert everything.json()["count"] == 2 and len(everything.json()["results"]) == 1
    assert api.get("/api/v1/bank/projects/NOPE/").status_code == 404


def test_a_locked_model_is_a_teaser_and_unlocked_shows_the_plan(bank):
    tree, template, project = bank
    user = UserFactory()
    api = client_for(user)
    locked = api.get("/api/v1/bank/projects/PB10/").json()["template"]
    assert locked["unlocked"] is False
    assert "plan" not in locked and "result" not in locked
    assert [c["id"] for c in locked["unlocking_courses"]] == [tree.course.pk]
    assert api.get("/api/v1/bank/templates/T1/").status_code == 404
    assert api.post("/api/v1/bank/templates/T1/copy/", {}, format="json").status_code == 404
    teasers = api.get("/api/v1/bank/templates/").json()["results"]
    assert [(t["code"], t["unlocked"]) for t in teasers] == [("T1", False)]
    assert "plan" not in teasers[0]
    Unlock.objects.create(user=user, template=template)
    opened = api.get("/api/v1/bank/projects/PB10/").json()["template"]
    assert opened["unlocked"] is True and opened["plan"] and opened["result"]["npv"]
    assert api.get("/api/v1/bank/templates/T1/").status_code == 200


def test_plans_belong_to_their_owner(bank):
    _tree, template, _project = bank
    owner, other = UserFactory(), UserFactory()
    Unlock.objects.create(user=owner, template=template)
    api = client_for(owner)
    created = api.post(
        "/api/v1/bank/templates/T1/copy/", {"project": "PB10", "name": "Mon plan"}, format="json"
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["name"] == "Mon plan" and plan["region"] == "MA-09" and plan["version"] == 1
    inputs = plan["inputs"]
    inputs["years"] = 4
    changed = api.patch(
        f"/api/v1/bank/plans/{plan['id']}/", {"inputs": inputs, "name": "V2"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    broken = {**inputs, "years": 40}
    refused = api.patch(f"/api/v1/bank/plans/{plan['id']}/", {"inputs": broken}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["fields"]["inputs"]
    assert ProjectPlan.objects.get(pk=plan["id"]).inputs["years"] == 4
    for bad in ["not a plan", {"capex": "x"}, [], None]:
        response = api.post(
            f"/api/v1/bank/plans/{plan['id']}/compute/", {"inputs": bad}, format="json"
        )
        assert response.status_code == 400, (bad, response.content)
    what_if = api.post(
        f"/api/v1/bank/plans/{plan['id']}/compute/", {"inputs": inputs}, format="json"
    )
    assert what_if.status_code == 200 and what_if.json()["result"]["years"] == 4
    intruder = client_for(other)
    for method in ("get", "patch", "delete"):
        response = getattr(intruder, method)(f"/api/v1/bank/plans/{plan['id']}/", {}, format="json")
        assert response.status_code == 404
    assert intruder.get("/api/v1/bank/plans/").json()["count"] == 0
    assert api.get("/api/v1/bank/plans/").json()["count"] == 1
    assert api.delete(f"/api/v1/bank/plans/{plan['id']}/").status_code == 204
    assert not ProjectPlan.objects.exists()
