"""Must never happen: a member name such as ``=HYPERLINK(...)``, ``+cmd|' /c calc'!A0``,
``@SUM(1)`` or one starting with a tab becomes a live formula in an exported sheet (CSV or
XLSX)."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from content.text import FORMULA_START
from cooperatives import csvfile
from tests.factories.cooperatives import add_member

EVIL = [
    '=HYPERLINK("http://evil.example/x","Cliquez")',
    "+cmd|' /c calc'!A0",
    "@SUM(1)",
    "\tTab Leading",
    "-2+3",
    "\r=1+1",
]


@pytest.fixture
def evil_coop(coop_a):
    cooperative, manager, _members = coop_a
    for name in EVIL:
        # Written straight to the database: the sign-up form would refuse some of these, but an
        # export must be safe whatever is stored.
        add_member(cooperative, full_name=name)
    return cooperative, manager


def test_csv_cells_starting_like_formulas_are_neutralised(client, evil_coop):
    cooperative, manager = evil_coop
    client.force_login(manager)
    response = client.get(reverse("cooperatives:export_csv", args=[cooperative.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    for name in EVIL:
        assert "'" + name in names, name
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell


def test_xlsx_cells_stay_text_with_their_exact_value(client, evil_coop):
    cooperative, manager = evil_coop
    client.force_login(manager)
    response = client.get(reverse("cooperatives:export_xlsx", args=[cooperative.pk]))
    assert response.status_code == 200
    body = response.content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    cells = {sheet.cell(r, 1).value: sheet.cell(r, 1) for r in range(2, sheet.max_row + 1)}
    for name in EVIL:
        cell = cells[name.replace("\r", "\n")]  # the text is kept (XML reads CR as LF)
        assert cell.data_type == "s", name
        assert cell.quotePrefix, name


@pytest.mark.parametrize("value", EVIL)
def test_safe_csv_cell(value):
    assert csvfile.safe_csv_cell(value) == "'" + value
    assert csvfile.safe_csv_cell("Fatima") == "Fatima"
