"""Project-bank data for tests: the real reference data and templates (from the demo files),
plus projects made to order."""

import copy
from decimal import Decimal

import factory

from projectbank.demo import _load
from projectbank.models import (
    BankProject,
    EconomicModelTemplate,
    Region,
    Sector,
    TargetGroup,
    UnlockRule,
)


def reference_data() -> None:
    data = _load("bank.yaml")
    for r in data["regions"]:
        Region.objects.get_or_create(
            code=r["code"], defaults={"slug": r["slug"], "name_ar": r["ar"], "name_fr": r["fr"]}
        )
    for s in data["sectors"]:
        Sector.objects.get_or_create(
            code=s["code"], defaults={"name_ar": s["ar"], "name_fr": s["fr"]}
        )


def template_plan(code: str = "T1") -> dict:
    for entry in _load("templates.yaml")["templates"]:
        if entry["code"] == code:
            return copy.deepcopy(entry["plan"])
    raise KeyError(code)


def make_template(code="T1", *, version=1, published=True, sector="AGF") -> EconomicModelTemplate:
    reference_data()
    return EconomicModelTemplate.objects.create(
        code=code,
        version=version,
        title_ar=f"نموذج {code}",
        title_fr=f"Modèle {code}",
        sector_id=sector,
        status="published" if published else "draft",
        plan=template_plan(code),
    )


def make_rule(template, courses, mode="any") -> UnlockRule:
    return UnlockRule.objects.create(
        template=template, course_keys=[str(c.translation_key) for c in courses], mode=mode
    )


class BankProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankProject
        skip_postgeneration_save = True

    external_id = factory.Sequence(lambda n: f"PX{n:05d}")
    title_ar = factory.Sequence(lambda n: f"مشروع تعاوني رقم {n}")
    title_fr = factory.Sequence(lambda n: f"Projet coopératif n° {n}")
    summary_ar = "ملخص"
    summary_fr = "Résumé"
    sector_id = "AGF"
    target_group = TargetGroup.WOMEN
    investment = Decimal("330000")
    jobs = 6

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted or ["MA-01"])
