"""Load the illustrative project bank (DOMAIN.md): regions, sectors, programmes, partners,
templates T1–T8 (published, version 1), the 16 bank projects and the demo unlock rule
(completing C2 unlocks every template). Idempotent: rows that exist are left as they are,
published templates above all (they are immutable)."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from courses.models import CoursePage

from ..models import (
    BankProject,
    EconomicModelTemplate,
    FinancingProgramme,
    Partner,
    Region,
    Sector,
    UnlockRule,
)

DEMO_DIR = Path(__file__).resolve().parent
UNLOCKING_COURSE = "C2"  # the capstone C6 comes later
THOUSAND = Decimal(1000)
SUMMARY_FR = (
    "Idée de projet issue des rencontres régionales de 2025 (Idéathons) : {title}. "
    "{jobs} emplois prévus pour un investissement d'environ {invest}000 MAD."
)
SUMMARY_AR = (
    "فكرة مشروع منبثقة عن اللقاءات الجهوية لسنة 2025 (مسابقات الأفكار): {title}. "
    "{jobs} مناصب شغل متوقعة لاستثمار يناهز {invest} ألف درهم."
)


def _load(name: str) -> dict:
    with open(DEMO_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _groups(text: str) -> dict:
    return {"for_young": "U" in text, "for_women": "W" in text, "for_existing": "E" in text}


@transaction.atomic
def load_demo_bank() -> None:
    data = _load("bank.yaml")
    for r in data["regions"]:
        Region.objects.get_or_create(
            code=r["code"],
            defaults={"slug": r["slug"], "name_ar": r["ar"], "name_fr": r["fr"], "seat": r["seat"]},
        )
    for s in data["sectors"]:
        Sector.objects.get_or_create(
            code=s["code"], defaults={"name_ar": s["ar"], "name_fr": s["fr"]}
        )

    for p in data["programmes"]:
        programme, created = FinancingProgramme.objects.get_or_create(
            slug=p["slug"],
            defaults={
                "name_ar": p["ar"],
                "name_fr": p["fr"],
                "operator": p["operator"],
                "description_ar": p["desc_ar"],
                "description_fr": p["desc_fr"],
                "max_amount": Decimal(p["max"]) if p.get("max") else None,
                "illustrative": True,
                **_groups(p["groups"]),
            },
        )
        if created and p.get("sectors"):
            programme.sectors.set(p["sectors"])

    for p in data["partners"]:
        partner, created = Partner.objects.get_or_create(
            slug=p["slug"],
            defaults={"name_ar": p["ar"], "name_fr": p["fr"], "kind": p["kind"]},
        )
        if created and p.get("sectors"):
            partner.sectors.set(p["sectors"])

    templates = {}
    for t in _load("templates.yaml")["templates"]:
        template, _ = EconomicModelTemplate.objects.get_or_create(
            code=t["code"],
            version=1,
            defaults={
                "title_ar": t["title"]["ar"],
                "title_fr": t["title"]["fr"],
                "sector_id": t["sector"],
                "status": EconomicModelTemplate.Status.PUBLISHED,
                "illustrative": t.get("illustrative", True),
                "plan": t["plan"],
            },
        )
        templates[t["code"]] = template

    all_partners = {p.slug: p for p in Partner.objects.all()}
    for p in data["projects"]:
        project, created = BankProject.objects.get_or_create(
            external_id=p["id"],
            defaults={
                "title_ar": p["ar"],
                "title_fr": p["fr"],
                "summary_ar": SUMMARY_AR.format(title=p["ar"], jobs=p["jobs"], invest=p["invest"]),
                "summary_fr": SUMMARY_FR.format(title=p["fr"], jobs=p["jobs"], invest=p["invest"]),
                "sector_id": p["sector"],
                "target_group": p["target"],
                "investment": Decimal(p["invest"]) * THOUSAND,
                "jobs": p["jobs"],
                "source": "Idéathon régional 2025",
                "illustrative": True,
                "template": templates.get(p["template"]) if p["template"] else None,
            },
        )
        if created:
            project.regions.set([p["region"]])
            partners = [all_partners["odco-delegations"], all_partners["cri"]]
            for partner in all_partners.values():
                if p["sector"] in {s.code for s in partner.sectors.all()}:
                    partners.append(partner)
            project.partners.set(partners)

    course = CoursePage.objects.filter(code=UNLOCKING_COURSE).first()
    if course is not None:
        for template in templates.values():
            if not UnlockRule.objects.filter(template__code=template.code).exists():
                UnlockRule.objects.create(
                    template=template, course_keys=[str(course.translation_key)]
                )
