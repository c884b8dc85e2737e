"""The demo bank: 16 illustrative projects, 8 published templates, programmes and partners;
completing C2 unlocks every model; loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import CoursePage
from progress.models import CourseState
from progress.signals import course_completed
from projectbank import finance
from projectbank.models import (
    BankProject,
    EconomicModelTemplate,
    FinancingProgramme,
    Partner,
    Region,
    Sector,
    Unlock,
    UnlockRule,
)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

MODELS = (Region, Sector, FinancingProgramme, Partner, EconomicModelTemplate, BankProject)


def test_demo_bank_loads_once_and_c2_unlocks_every_model(client):
    call_command("load_demo", stdout=io.StringIO())
    counts = [m.objects.count() for m in MODELS]
    assert counts == [12, 11, 9, 9, 8, 16]
    call_command("load_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in MODELS] == counts
    assert UnlockRule.objects.count() == 8
    assert not BankProject.objects.filter(illustrative=False).exists()
    for template in EconomicModelTemplate.objects.all():
        assert template.is_published
        finance.compute(template.inputs())
    pb10 = BankProject.objects.get(external_id="PB10")
    assert pb10.template.code == "T1" and pb10.investment == 198000
    assert list(pb10.regions.values_list("code", flat=True)) == ["MA-06"]

    c2 = CoursePage.objects.get(code="C2", locale__language_code="fr")
    learner = UserFactory()
    client.force_login(learner)
    with translation.override("fr"):
        project_url = reverse("projectbank:project", args=["PB10"])
    page = client.get(project_url).content.decode()
    assert "Illustrative project" in page and c2.url in page
    CourseState.objects.create(
        user=learner, course_key=c2.translation_key, completed_at=timezone.now()
    )
    course_completed.send(
        sender=None, user=learner, course_key=c2.translation_key, course=c2, completed_at=None
    )
    assert Unlock.objects.filter(user=learner).count() == 8
    assert "Copy into my project plan" in client.get(project_url).content.decode()
    with translation.override("fr"):
        catalogue = client.get(reverse("projectbank:catalogue"), {"q": "Dakhla"})
    assert [p.external_id for p in catalogue.context["catalogue"].page.object_list] == ["PB16"]
