"""'My learning' shows the models a learner unlocked and their project plans (issue #5, item 9),
through the panel the project bank registers with progress (progress never imports it)."""

import pytest
from django.urls import reverse
from django.utils import translation

from projectbank.models import ProjectPlan, Unlock
from tests.factories.accounts import UserFactory
from tests.factories.projectbank import make_template

pytestmark = pytest.mark.django_db


def my_learning(client):
    with translation.override("fr"):
        return client.get(reverse("progress:my_learning"))


def test_unlocked_models_and_plans_are_listed_with_their_downloads(client):
    t1, t3 = make_template("T1"), make_template("T3")
    make_template("T5")  # not unlocked: not listed
    learner = UserFactory()
    Unlock.objects.create(user=learner, template=t1)
    Unlock.objects.create(user=learner, template=t3)
    plan = ProjectPlan.objects.create(
        owner=learner, name="Mon plan couscous", template=t1, template_version=1, inputs={}
    )
    client.force_login(learner)
    page = my_learning(client).content.decode()
    with translation.override("fr"):
        for code in ("T1", "T3"):
            assert reverse("projectbank:template", args=[code]) in page
        assert reverse("projectbank:template", args=["T5"]) not in page
        assert "Mon plan couscous" in page
        assert reverse("projectbank:plan_pdf", args=[plan.pk]) in page
        assert reverse("projectbank:plan_xlsx", args=[plan.pk]) in page


def test_nothing_unlocked_means_no_panel_and_other_learners_stay_hidden(client):
    owner = UserFactory()
    template = make_template("T1")
    Unlock.objects.create(user=owner, template=template)
    ProjectPlan.objects.create(
        owner=owner, name="Plan secret", template=template, template_version=1, inputs={}
    )
    client.force_login(UserFactory())
    page = my_learning(client).content.decode()
    assert "Plan secret" not in page
    assert 'id="bank-h"' not in page


def test_panel_queries_do_not_grow_with_models_and_plans(client):
    learner = UserFactory()
    templates = [make_template(code) for code in ("T1", "T2", "T3", "T4")]
    client.force_login(learner)
    Unlock.objects.create(user=learner, template=templates[0])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    my_learning(client)  # warm the per-process caches (site, locales)
    with CaptureQueriesContext(connection) as few:
        my_learning(client)
    for template in templates[1:]:
        Unlock.objects.create(user=learner, template=template)
        for n in range(3):
            ProjectPlan.objects.create(
                owner=learner, name=f"Plan {n}", template=template, template_version=1, inputs={}
            )
    with CaptureQueriesContext(connection) as many:
        my_learning(client)
    assert len(many) == len(few), "\n".join(q["sql"][:150] for q in many.captured_queries)
