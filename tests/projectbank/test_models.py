"""Reference data, template versions (immutable once published, validated on save)."""

import pytest
from django.core.exceptions import ValidationError

from projectbank.models import EconomicModelTemplate, Region, TemplateImmutableError
from tests.factories.projectbank import make_template, template_plan

pytestmark = pytest.mark.django_db


def test_regions_carry_official_names_in_both_languages(refdata):
    assert Region.objects.count() == 12
    tta = Region.objects.get(code="MA-01")
    assert tta.name_fr == "Tanger-Tétouan-Al Hoceïma"
    assert tta.name_ar == "طنجة - تطوان - الحسيمة"
    assert Region.objects.get(code="MA-12").name_fr == "Dakhla-Oued Ed-Dahab"


def test_a_published_version_cannot_change_and_a_new_version_is_a_new_row():
    v1 = make_template("T1")
    v1.title_fr = "Autre titre"
    with pytest.raises(TemplateImmutableError):
        v1.save()
    v1.refresh_from_db()
    assert v1.title_fr == "Modèle T1"
    plan = template_plan("T1")
    plan["products"][0]["price"] = "32"
    v2 = EconomicModelTemplate.objects.create(
        code="T1", version=2, title_ar="x", title_fr="y", sector_id="AGF", plan=plan
    )
    assert v2.status == "draft" and v2.pk != v1.pk
    v2.status = "published"
    v2.save()  # a draft may be published once
    assert v2.published_at is not None


def test_an_unbalanced_template_plan_is_a_validation_error():
    template = make_template("T2", published=False)
    template.plan["financing"]["own_cash"] = "0"
    with pytest.raises(ValidationError) as info:
        template.full_clean()
    assert "does not balance" in " ".join(info.value.message_dict["plan"])


def test_a_negative_quantity_is_a_validation_error():
    template = make_template("T3", published=False)
    template.plan["products"][0]["qty"] = "-5"
    with pytest.raises(ValidationError) as info:
        template.full_clean()
    message = " ".join(info.value.message_dict["plan"])
    assert "Products and services, line 1 — Quantity: This figure cannot be negative" in message


def test_every_demo_template_validates():
    for code in [f"T{n}" for n in range(1, 9)]:
        make_template(code, sector="AGF").full_clean()
