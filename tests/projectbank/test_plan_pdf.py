"""The plan's PDF summary: in the learner's language, Arabic in logical order and right to left,
the same figures as the page, the owner only."""

import pymupdf
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from projectbank import finance
from projectbank.models import ProjectPlan, Unlock
from projectbank.plans import money
from tests.factories.accounts import UserFactory
from tests.factories.projectbank import BankProjectFactory, make_template

pytestmark = pytest.mark.django_db

NAME_AR = "تعاونية أيت باها للكسكس"
# Typst markup and a spreadsheet formula in a name print as typed.
NAME_FR = '=SUM(1) #raw("x") *Aït Bahâ* = titre'


@pytest.fixture
def plan(client, settings):
    settings.LOCALE_PATHS = [django_settings.BASE_DIR / "locale"]  # the real catalogues
    template = make_template("T1")
    BankProjectFactory(external_id="PB10", template=template, regions=["MA-06"])
    learner = UserFactory()
    Unlock.objects.create(user=learner, template=template)
    client.force_login(learner)
    with translation.override("fr"):
        client.post(reverse("projectbank:copy_template", args=["T1"]), {"project": "PB10"})
    plan = ProjectPlan.objects.get(owner=learner)
    return plan


def rename(plan, name):
    plan.name = name
    plan.save(update_fields=["name"])


def pdf_url(plan, lang):
    with translation.override(lang):
        return reverse("projectbank:plan_pdf", args=[plan.pk])


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    document = pymupdf.open(stream=response.content, filetype="pdf")
    assert document.page_count >= 1
    return "\n".join(page.get_text() for page in document)


def test_arabic_summary_reads_in_logical_order_with_the_engines_figures(client, plan, tmp_path):
    rename(plan, NAME_AR)
    text = pdf_text(client.get(pdf_url(plan, "ar")))
    # The name prints exactly as typed, letters in logical order (not reversed).
    assert NAME_AR in text
    # (A Latin code inside an Arabic line comes back with its spacing reshuffled by extraction.)
    assert plan.template.title_ar.split()[0] in text
    with translation.override("ar"):
        result = finance.compute(finance.inputs_from_dict(plan.inputs))
        assert money(result.npv) in text
        assert money(result.investment) in text
    assert "صافي القيمة الحالية" in text  # the indicators are labelled in Arabic
    # A page rendered to PNG for a visual check.
    document = pymupdf.open(stream=client.get(pdf_url(plan, "ar")).content, filetype="pdf")
    png = document[0].get_pixmap(dpi=60).tobytes("png")
    assert png.startswith(b"\x89PNG")
    (django_settings.MEDIA_ROOT / "checks").mkdir(parents=True, exist_ok=True)
    (django_settings.MEDIA_ROOT / "checks" / "plan-summary-ar.png").write_bytes(png)


def test_french_summary_is_in_french_and_names_are_not_markup(client, plan):
    rename(plan, NAME_FR)
    text = pdf_text(client.get(pdf_url(plan, "fr")))
    assert NAME_FR in text
    assert plan.template.title_fr in text
    assert "Valeur actuelle nette" in text
    assert "PB10" in text
    # The model is illustrative (the factory's default): the summary says so, as the page does.
    assert plan.template.illustrative
    assert "Ce plan part d’un modèle indicatif" in " ".join(text.split())


def test_another_learners_plan_pdf_is_404_and_anonymous_must_log_in(client, plan):
    client.force_login(UserFactory())
    assert client.get(pdf_url(plan, "fr")).status_code == 404
    client.logout()
    response = client.get(pdf_url(plan, "fr"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_plan_page_links_to_the_pdf(client, plan):
    with translation.override("fr"):
        page = client.get(reverse("projectbank:plan", args=[plan.pk])).content.decode()
    assert pdf_url(plan, "fr") in page
