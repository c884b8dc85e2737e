"""`manage.py import_bank`: every row checked first, errors by row number, all or nothing,
idempotent on the external id."""

import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from projectbank.models import BankProject
from tests.factories.projectbank import make_template

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "title_ar", "title_fr", "regions", "sector", "target_group",
          "investment", "jobs", "template", "summary_fr"]  # fmt: skip


def rows(n=500):
    regions = [f"MA-{k:02d}" for k in range(1, 13)]
    return [
        [f"IMP{i:04d}", f"مشروع {i}", f"Projet {i}", regions[i % 12], "AGF", "UWE"[i % 3],
         str(100000 + i), str(i % 20), "T1" if i % 2 else "", f"=cmd {i}"]
        for i in range(1, n + 1)
    ]  # fmt: skip


def write_csv(path, data):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(data)
    return path


@pytest.fixture
def template(refdata):
    return make_template("T1")


def test_500_rows_with_3_bad_import_nothing_and_name_the_rows(tmp_path, template):
    data = rows()
    data[9][4] = "XXX"  # spreadsheet row 11: unknown sector
    data[199][6] = "beaucoup"  # row 201: not an amount
    data[499][3] = "MA-13"  # row 501: unknown region
    path = write_csv(tmp_path / "bank.csv", data)
    with pytest.raises(CommandError) as info:
        call_command("import_bank", str(path))
    message = str(info.value)
    assert "3 error(s) in 500 rows; nothing was imported" in message
    assert "row 11, sector" in message
    assert "row 201, investment" in message
    assert "row 501, regions: unknown region MA-13" in message
    assert BankProject.objects.count() == 0


def test_import_is_all_rows_and_idempotent(tmp_path, template, capsys):
    path = write_csv(tmp_path / "bank.csv", rows())
    call_command("import_bank", str(path))
    assert "500 rows imported: 500 created, 0 updated" in capsys.readouterr().out
    assert BankProject.objects.count() == 500
    project = BankProject.objects.get(external_id="IMP0013")
    assert project.template == template and project.regions.get().code == "MA-02"
    assert project.summary_fr == "=cmd 13"  # text stays text
    call_command("import_bank", str(path))
    assert "0 created, 500 updated" in capsys.readouterr().out
    assert BankProject.objects.count() == 500


def test_xlsx_files_and_duplicates(tmp_path, template):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows(3):
        row[6] = int(row[6])  # a real number cell
        ws.append(row)
    ws.append(rows(1)[0])  # IMP0001 again
    path = tmp_path / "bank.xlsx"
    wb.save(path)
    with pytest.raises(CommandError) as info:
        call_command("import_bank", str(path))
    assert "row 5, external_id: IMP0001 already appears in row 2" in str(info.value)
    ws.delete_rows(5)
    wb.save(path)
    call_command("import_bank", str(path))
    assert BankProject.objects.get(external_id="IMP0002").investment == 100002


def test_unreadable_files_are_clear_errors(tmp_path, refdata):
    bad = tmp_path / "bank.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a readable XLSX"):
        call_command("import_bank", str(bad))
    other = tmp_path / "bank.txt"
    other.write_text("x")
    with pytest.raises(CommandError, match="csv or .xlsx"):
        call_command("import_bank", str(other))
    headless = write_csv(tmp_path / "h.csv", [])
    headless.write_text("external_id,title_fr\nA,B\n")
    with pytest.raises(CommandError, match="Missing columns: title_ar"):
        call_command("import_bank", str(headless))


def test_staff_import_from_the_admin_and_see_the_report(client, tmp_path, template):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories.accounts import UserFactory

    data = rows(20)
    data[4][5] = "X"  # row 6: bad target group
    path = write_csv(tmp_path / "bank.csv", data)
    client.force_login(UserFactory())
    url = reverse("projectbank_import")
    assert client.get(url).status_code in (302, 403)  # no admin access, no import
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("bank.csv", path.read_bytes(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing was imported" in page and "row 6, target_group" in page
    assert BankProject.objects.count() == 0
    data[4][5] = "W"
    write_csv(path, data)
    upload = SimpleUploadedFile("bank.csv", path.read_bytes(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert BankProject.objects.count() == 20
