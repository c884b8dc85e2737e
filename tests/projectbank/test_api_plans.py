"""The project bank's API on points the site shares with it: a model is listed once, at its latest
published version (as in "My learning"), and a plan pointed at a project or region that does not
exist gets a clear 400 in the learner's language, and nothing changes."""

import pytest
from django.conf import settings as django_settings

from projectbank.models import ProjectPlan, Unlock
from tests.api.conftest import client_for
from tests.factories.accounts import UserFactory
from tests.factories.projectbank import BankProjectFactory, make_template

pytestmark = pytest.mark.django_db


def test_each_model_is_listed_once_at_its_latest_published_version(client):
    make_template("T1", version=1)
    make_template("T1", version=2)
    make_template("T1", version=3, published=False)
    make_template("T2")
    learner = UserFactory()
    listed = client_for(learner).get("/api/v1/bank/templates/").json()
    versions = {t["code"]: t["version"] for t in listed["results"]}
    assert versions == {"T1": 2, "T2": 1} and listed["count"] == 2


@pytest.mark.parametrize(
    ("language", "project", "region"),
    [
        ("fr", "Ce projet n’existe pas dans la banque de projets.", "Cette région n’existe pas."),
        ("ar", "لا يوجد هذا المشروع في بنك المشاريع.", "هذه الجهة غير موجودة."),
    ],
)
def test_an_unknown_project_or_region_is_a_clear_400_in_the_learners_language(
    settings, language, project, region
):
    settings.LOCALE_PATHS = [django_settings.BASE_DIR / "locale"]  # the real catalogues
    template = make_template("T1")
    BankProjectFactory(external_id="PB10", template=template, regions=["MA-09"])
    learner = UserFactory()
    Unlock.objects.create(user=learner, template=template)
    api, speaks = client_for(learner), {"HTTP_ACCEPT_LANGUAGE": language}

    copy = "/api/v1/bank/templates/T1/copy/"
    refused = api.post(copy, {"project": "NOPE"}, format="json", **speaks)
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["project"] == [project]
    assert not ProjectPlan.objects.exists()

    plan = api.post(copy, {"project": "PB10"}, format="json", **speaks).json()
    url = f"/api/v1/bank/plans/{plan['id']}/"
    for field, value, message in (("project", "NOPE", project), ("region", "MA-99", region)):
        refused = api.patch(url, {field: value, "name": "Changed"}, format="json", **speaks)
        assert refused.status_code == 400
        assert refused.json()["error"]["fields"][field] == [message]
    unchanged = ProjectPlan.objects.get()
    assert unchanged.name == plan["name"] and unchanged.project.external_id == "PB10"
    assert unchanged.region_id == "MA-09" and unchanged.versions.count() == 1
