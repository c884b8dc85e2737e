"""The demo cooperative manager, on a phone, in a real browser: the dashboard in Arabic, a
members file with errors (clear report, nobody invited), a good file, an invitation link a
learner accepts, progress that moves as the new member learns, an Excel export that opens
safely; the demo trainer's analytics and the staff's territorial figures with their charts."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from cooperatives.models import Cooperative, Invitation, Membership
from tests.factories.accounts import UserFactory

from .conftest import assert_fits_the_screen, demo_account, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BAD_FILE = "name,phone,email\nSaida Ait Ali,0662000201,\nSans Contact,,\nAhmed,12345,\n"
GOOD_FILE = 'name,phone,email\nSaida Ait Ali,0662000201,\n=HYPERLINK("x"),0662000202,\n'


def test_manager_trainer_and_staff_dashboards(live_server, phone_page, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    page, base = phone_page, live_server.url
    cooperative = Cooperative.objects.get()
    manager, trainer, staff = (demo_account(r) for r in ("cooperative", "trainer", "staff"))

    log_in(page, base, manager.login, manager.password)
    page.locator('header a[href="/ar/cooperatives/"]').click()
    assert page.url.endswith(f"/ar/cooperatives/{cooperative.pk}/")
    assert page.locator("table.board tbody tr").count() == 9
    assert_fits_the_screen(page)
    screenshot(page, "ar-cooperative-dashboard")

    # A members file with errors: a report by row, nobody invited.
    page.goto(f"{base}/ar/cooperatives/{cooperative.pk}/invite/")
    bad = tmp_path / "members.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    page.set_input_files("#id_file-file", str(bad))
    page.locator("form[enctype] button[type=submit]").click()
    report = page.locator("ul.report").inner_text()
    assert "3" in report and "4" in report
    assert not Invitation.objects.filter(contact="+212662000201").exists()
    screenshot(page, "ar-cooperative-upload-report")
    good = tmp_path / "good.csv"
    good.write_text(GOOD_FILE, encoding="utf-8")
    page.goto(f"{base}/ar/cooperatives/{cooperative.pk}/invite/")
    page.set_input_files("#id_file-file", str(good))
    page.locator("form[enctype] button[type=submit]").click()
    assert Invitation.objects.filter(contact__in=["+212662000201", "+212662000202"]).count() == 2

    # An invitation link, accepted by a learner who then learns.
    page.goto(f"{base}/ar/cooperatives/{cooperative.pk}/invite/")
    page.locator("button[name=link]").click()
    link = page.locator("input[readonly]").input_value()
    newcomer = UserFactory(full_name="Hafsa Newcomer")
    newcomer.set_password("Argan-Souss-2026")
    newcomer.save()
    log_in(page, base, newcomer.email, "Argan-Souss-2026")
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    assert Membership.objects.get(user=newcomer, cooperative=cooperative).state == "active"
    page.goto(f"{base}/ar/learn/")
    page.locator("main a.btn").first.click()
    page.locator("button[name=then][value=next]").click()

    log_in(page, base, manager.login, manager.password)
    page.goto(f"{base}/fr/cooperatives/{cooperative.pk}/?q=Hafsa")
    row = page.locator("table.board tbody tr").first
    assert "Hafsa Newcomer" in row.inner_text()
    values = [int(v.get_attribute("value")) for v in row.locator("progress").all()]
    assert max(values) > 0
    with page.expect_download() as download:
        page.locator('a[href*="members.xlsx"]').click()
    assert download.value.suggested_filename.endswith(".xlsx")
    body = io.BytesIO(Path(download.value.path()).read_bytes())
    with zipfile.ZipFile(body) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    assert openpyxl.load_workbook(body).active["A2"].value == "Hafsa Newcomer"

    # The demo trainer's analytics and the staff's figures, with charts and tables.
    log_in(page, base, trainer.login, trainer.password)
    page.goto(f"{base}/fr/cooperatives/analytics/")
    page.locator("main ul a").first.click()
    assert page.locator("svg.chart").count() == 2 and page.locator("table").count() >= 2
    assert_fits_the_screen(page)
    screenshot(page, "fr-course-analytics")
    log_in(page, base, staff.login, staff.password)
    page.goto(f"{base}/ar/cooperatives/territory/?by=region&then=gender")
    assert page.locator("svg.chart rect").count() >= 1
    assert page.locator(".hidden-cell").count() >= 1
    assert_fits_the_screen(page)
    screenshot(page, "ar-territory")
