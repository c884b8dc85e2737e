"""The XLSX export: live formulas that a formula engine recomputes to the engine's figures,
and user text that never becomes a formula."""

import re
import zipfile
from decimal import Decimal
from io import BytesIO

import formulas
import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from projectbank import finance
from projectbank.export import build_workbook, plan_workbook
from projectbank.models import ProjectPlan
from tests.factories.accounts import UserFactory
from tests.factories.projectbank import BankProjectFactory, make_template, template_plan

pytestmark = pytest.mark.django_db


def make_plan(code="T1", plan=None, name="Mon plan", project=None):
    template = make_template(code, sector="AGF")
    return ProjectPlan.objects.create(
        owner=UserFactory(),
        name=name,
        template=template,
        template_version=1,
        inputs=plan or template.plan,
        project=project,
    )


def recompute(plan, tmp_path) -> dict[str, object]:
    """Recompute every formula of the exported workbook with the `formulas` engine."""
    wb, where = build_workbook(plan)
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    values = {}
    for key, ref in where.items():
        sheet, cell = ref.split("!")
        wanted = f"'[plan.xlsx]{sheet.upper()}'!{cell}"
        values[key] = solution[wanted].value[0, 0]
    return values


def close(a, b, tolerance):
    return abs(Decimal(str(a)) - Decimal(b)) <= tolerance


@pytest.mark.parametrize("code", ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"])
def test_workbook_recomputes_the_engines_indicators(code, tmp_path):
    plan = make_plan(code)
    result = finance.compute(finance.inputs_from_dict(plan.inputs))
    got = recompute(plan, tmp_path)
    assert close(got["i0"], result.investment, Decimal("0.01"))
    assert close(got["balance"], 0, Decimal("0.01"))
    assert close(got["npv"], result.npv, Decimal("0.05"))
    if result.irr is None:
        assert got["irr"] == "n/a"
    else:
        assert close(got["irr"], result.irr, Decimal("0.000001"))
    assert close(got["break_even_last"], result.break_even_revenue[-1], Decimal("0.05"))
    if result.payback_years is None:
        assert got["payback"] == "n/a"
    else:
        assert close(got["payback"], result.payback_years, Decimal("0.0001"))


def test_grace_years_standard_tax_and_capacity_recompute_too(tmp_path):
    data = template_plan("T1")
    data["tax_mode"] = "standard"
    data["tax_rate"] = "0.20"
    data["financing"]["loans"][0]["grace_years"] = 2
    data["financing"]["loans"][0]["rate"] = "0.0175"
    data["products"][0]["capacity"] = "11000"
    data["products"][0]["qty_growth"] = "0.10"
    data["products"][1]["price_growth"] = "0.03"
    data["capex"].append(
        {"label": "scales again", "qty": "1", "unit_cost": "10000", "life_years": 5, "year": 3}
    )
    plan = make_plan("T1", plan=data)
    result = finance.compute(finance.inputs_from_dict(data))
    got = recompute(plan, tmp_path)
    assert close(got["npv"], result.npv, Decimal("0.05"))
    assert close(got["irr"], result.irr, Decimal("0.000001"))
    assert close(got["break_even_last"], result.break_even_revenue[-1], Decimal("0.05"))


def test_user_text_never_becomes_a_formula(tmp_path):
    data = template_plan("T1")
    data["products"][0]["label"] = '=HYPERLINK("http://x")'
    data["fixed_costs"][0]["label"] = "+1+2"
    data["staff"][0]["label"] = "@SUM(A1)"
    data["capex"][0]["label"] = "-2+3"
    project = BankProjectFactory(title_fr="=1+1", title_ar="=1+1")
    plan = make_plan("T1", plan=data, name="\t=cmd|' /C calc'!A0", project=project)
    content = plan_workbook(plan)
    wb = load_workbook(BytesIO(content))
    inputs = wb["Inputs"]
    texts = {c.value: c for row in inputs.iter_rows() for c in row if isinstance(c.value, str)}
    link = texts['=HYPERLINK("http://x")']
    assert link.data_type == "s" and link.quotePrefix
    assert texts["+1+2"].data_type == "s" and texts["@SUM(A1)"].data_type == "s"
    assert inputs["B1"].value == "\t=cmd|' /C calc'!A0" and inputs["B1"].data_type == "s"
    with zipfile.ZipFile(BytesIO(content)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets" in n]
    formulas_written = [f for s in sheets for f in re.findall(r"<f>(.*?)</f>", s)]
    assert formulas_written  # the model's cells
    for bad in ("HYPERLINK", "cmd|", "1+1", "1+2", "SUM(A1)", "-2+3"):
        assert not any(bad in f for f in formulas_written), bad
    assert "<t>=HYPERLINK(&quot;http://x&quot;)</t>" in sheets[0] or "=HYPERLINK(" in sheets[0]
    # the model's own cells are formulas on purpose
    assert any("<f>" in s and "NPV(" in s for s in sheets)


def test_download_is_the_owners_only(client):
    plan = make_plan("T1")
    with translation.override("fr"):
        path = reverse("projectbank:plan_xlsx", args=[plan.pk])
    client.force_login(plan.owner)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(response.content)).sheetnames == ["Inputs", "Model"]
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
