"""Staff manage the bank in the Wagtail admin; a published template cannot be edited there."""

import pytest
from django.urls import reverse

from projectbank.models import EconomicModelTemplate, UnlockRule
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.projectbank import BankProjectFactory, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_every_bank_listing_opens_with_filters(client, staff):
    template = make_template("T1")
    BankProjectFactory(template=template)
    for model in ("bankproject", "economicmodeltemplate", "financingprogramme", "partner",
                  "region", "sector"):  # fmt: skip
        response = client.get(reverse(f"wagtailsnippets_projectbank_{model}:list"))
        assert response.status_code == 200, model
    filtered = client.get(
        reverse("wagtailsnippets_projectbank_bankproject:list"), {"sector": "AGF"}
    )
    assert filtered.status_code == 200
    assert client.get(reverse("unlock_rules:index")).status_code == 200
    assert client.get(reverse("unlocks:index")).status_code == 200
    assert client.get(reverse("unlocks:add")).status_code in (302, 403)


def test_editing_a_published_template_in_the_admin_is_refused(client, staff):
    template = make_template("T2")
    url = reverse("wagtailsnippets_projectbank_economicmodeltemplate:edit", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["plan"] = form["plan"].value()
    data["title_fr"] = "Changé"
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "cannot change" in response.content.decode()
    template.refresh_from_db()
    assert template.title_fr == "Modèle T2"


def test_staff_create_an_unlock_rule_by_choosing_courses(client, staff):
    tree = build_course(code="C2")
    template = make_template("T1")
    response = client.post(
        reverse("unlock_rules:add"),
        {"template": template.pk, "mode": "any", "courses": [str(tree.course.translation_key)]},
    )
    assert response.status_code == 302
    assert UnlockRule.objects.get().course_keys == [str(tree.course.translation_key)]
    assert EconomicModelTemplate.objects.count() == 1
