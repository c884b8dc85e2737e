"""A learner copies an unlocked model into a plan, edits figures, sees them recomputed; the
history is kept; an invalid plan saves nothing; another learner's plan is 404."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from projectbank import finance
from projectbank.models import PlanVersion, ProjectPlan, Unlock
from tests.factories.accounts import UserFactory
from tests.factories.projectbank import BankProjectFactory, make_template

pytestmark = pytest.mark.django_db


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def learner_plan(client):
    template = make_template("T1")
    project = BankProjectFactory(external_id="PB10", template=template, regions=["MA-06"])
    learner = UserFactory()
    Unlock.objects.create(user=learner, template=template)
    client.force_login(learner)
    response = client.post(url("projectbank:copy_template", "T1"), {"project": "PB10"})
    plan = ProjectPlan.objects.get(owner=learner)
    assert response.status_code == 302 and response["Location"] == url("projectbank:plan", plan.pk)
    assert plan.project == project and plan.region_id == "MA-06"
    return learner, plan


def form_data(client, plan):
    """What the browser would post back: every field as rendered."""
    page = client.get(url("projectbank:plan", plan.pk))
    assert page.status_code == 200
    form, formsets = page.context["form"], page.context["formsets"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else str(value)
    for _prefix, _title, formset in formsets:
        mgmt = formset.management_form
        for name in mgmt.fields:
            data[mgmt.add_prefix(name)] = mgmt[name].value()
        for f in formset.forms:
            for name in f.fields:
                value = f[name].value()
                if value is not None and value is not False:
                    data[f.add_prefix(name)] = str(value)
    return data


def npv_of(plan):
    plan.refresh_from_db()
    return finance.compute(finance.inputs_from_dict(plan.inputs)).npv


def test_copy_takes_a_snapshot_and_shows_the_results(client, learner_plan):
    _learner, plan = learner_plan
    assert plan.template_version == 1 and plan.versions.count() == 1
    page = client.get(url("projectbank:plan", plan.pk)).content.decode()
    assert "Net present value (NPV)" in page and "Cumulative cash flow" in page
    assert not re.search(r"\d\.\d{5,}", page)  # no raw binary-float-looking figures


def test_changing_a_price_recomputes_and_keeps_history(client, learner_plan):
    _learner, plan = learner_plan
    before = npv_of(plan)
    data = form_data(client, plan)
    data["products-0-price"] = "33"
    data["name"] = "Couscous de Settat"
    # a price change changes the start-up working capital: rebalance with own cash
    t = finance.inputs_from_dict(plan.inputs)
    changed = finance.inputs_from_dict(
        {
            **plan.inputs,
            "products": [{**plan.inputs["products"][0], "price": "33"}, plan.inputs["products"][1]],
        }
    )
    extra = finance.financing_need(changed).total - finance.financing_need(t).total
    data["own_cash"] = format((t.financing.own_cash + extra).normalize(), "f")
    response = client.post(url("projectbank:plan", plan.pk), data)
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    page = client.get(url("projectbank:plan", plan.pk)).content.decode()
    assert "Saved as version 2" in page and "Couscous de Settat" in page
    assert npv_of(plan) > before
    assert list(plan.versions.values_list("number", flat=True)) == [2, 1]
    assert plan.versions.get(number=1).inputs["products"][0]["price"] == "30"


def test_an_unbalanced_plan_shows_the_gap_and_saves_nothing(client, learner_plan):
    _learner, plan = learner_plan
    data = form_data(client, plan)
    data["own_cash"] = "0"  # 23,400 MAD missing
    response = client.post(url("projectbank:plan", plan.pk), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "does not balance" in text and "23" in text and "400" in text
    assert "still to be found" in text
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    plan.refresh_from_db()
    assert plan.inputs["financing"]["own_cash"] == "23400"


def test_bad_numbers_are_form_errors_not_500(client, learner_plan):
    _learner, plan = learner_plan
    data = form_data(client, plan)
    data["products-0-qty"] = "-5"
    data["staff-0-monthly_salary"] = "abc"
    response = client.post(url("projectbank:plan", plan.pk), data)
    assert response.status_code == 400
    assert "Some figures need correcting" in response.content.decode()
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_adding_a_loan_and_deleting_a_fixed_cost(client, learner_plan):
    _learner, plan = learner_plan
    data = form_data(client, plan)
    data["fixed-4-DELETE"] = "on"  # marketing 8,000 gone
    data["loans-1-label"] = "Forsa"
    data["loans-1-principal"] = "10000"
    data["loans-1-rate_pct"] = "0"
    data["loans-1-years"] = "10"
    data["loans-1-grace_years"] = "2"
    data["own_cash"] = "13400"
    response = client.post(url("projectbank:plan", plan.pk), data)
    assert response.status_code == 302, response.context and [
        str(m) for m in response.context["messages"]
    ]
    plan.refresh_from_db()
    assert [c["label"] for c in plan.inputs["fixed_costs"]][-1] == "insurance"
    assert plan.inputs["financing"]["loans"][1] == {
        "label": "Forsa", "principal": "10000", "rate": "0", "years": 10, "grace_years": 2,
    }  # fmt: skip
    assert plan.inputs["capex"][0]["year"] == 0  # figures the form does not show are kept


def test_another_learners_plan_answers_404(client, learner_plan):
    _learner, plan = learner_plan
    client.force_login(UserFactory())
    assert client.get(url("projectbank:plan", plan.pk)).status_code == 404
    assert client.post(url("projectbank:plan", plan.pk), {}).status_code == 404
    assert client.get(url("projectbank:plan_xlsx", plan.pk)).status_code == 404
    assert "Couscous" not in client.get(url("projectbank:my_plans")).content.decode()


def test_my_plans_lists_the_learners_plans(client, learner_plan, django_assert_num_queries):
    learner, plan = learner_plan
    page = client.get(url("projectbank:my_plans")).content.decode()
    assert plan.name in page and url("projectbank:plan_xlsx", plan.pk) in page
    with django_assert_num_queries(3):  # session, user, plans with template/project/region
        client.get(url("projectbank:my_plans"))
    for _n in range(5):
        ProjectPlan.objects.create(
            owner=learner, name="Autre", template=plan.template, template_version=1,
            inputs=plan.inputs, project=plan.project, region_id="MA-01",
        )  # fmt: skip
    with django_assert_num_queries(3):
        page = client.get(url("projectbank:my_plans"))
    assert len(page.context["plans"]) == 6


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(url("projectbank:my_plans")).status_code == 302
