"""A learner completes a course in a real browser on a phone: the certificate is issued, the site
says so, "My certificates" offers the PDF in every language (each one a real PDF that reads
right), the QR code's address opens the public verification page, the credential verifies and a
tampered copy fails; staff revocation shows at once."""

import json

import pymupdf
import pytest

from certificates import services
from certificates.models import Certificate
from courses.selectors import course_outline
from courses.services import enrol
from progress.services import mark_item_complete
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

from .conftest import assert_fits_the_screen, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_complete_a_course_then_download_verify_and_revoke(
    live_server, phone_page, tmp_path, settings
):
    settings.LOCALE_PATHS = []  # assert on the English message ids
    base = live_server.url
    page = phone_page
    tree = build_course(slug="cert-journey", modules=(1, 1), translate=True, code="C1")
    learner = UserFactory(email="amina@example.ma", full_name="محمد بن علي")
    enrol(user=learner, course=tree.course)
    outline = course_outline(course=tree.course)
    for item in outline.items[:-1]:
        mark_item_complete(
            user=learner, item_key=item.translation_key, course=tree.course, outline=outline
        )
    assert not Certificate.objects.exists()

    log_in(page, base, "amina@example.ma", "a-Good-passw0rd")

    # The last lesson, done in the browser.
    page.goto(base + outline.items[-1].url)
    page.locator("form[action*='/learn/done/'] button").first.click()
    assert "You earned a certificate" in page.content()
    certificate = Certificate.objects.get(user=learner, status="valid")

    page.goto(f"{base}/ar/certificates/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "ar-my-certificates")
    assert_fits_the_screen(page)
    for language in ["ar", "fr", "zgh", "en", "ar-fr"]:
        with page.expect_download() as info:
            page.locator(f"a[href$='/pdf/{language}/']").click()
        path = tmp_path / f"{language}.pdf"
        info.value.save_as(path)
        with pymupdf.open(path) as document:
            text = " ".join(document[0].get_text().split())
        assert "محمد بن علي" in text, language
        assert certificate.grouped_code in text

    # The address under the QR code opens the public page (no account needed).
    with pymupdf.open(tmp_path / "fr.pdf") as document:
        url = next(w[4] for w in document[0].get_text("words") if "/verify/" in w[4])
    path = url[url.index("/fr/verify/") :]
    visitor = page.context.browser.new_context(viewport={"width": 360, "height": 740})
    public = visitor.new_page()
    response = public.goto(base + path)
    assert response.status == 200
    assert "محمد بن علي" in public.content() and "Formation cert-journey" in public.content()
    screenshot(public, "fr-verify-valid")
    assert_fits_the_screen(public)

    # The credential verifies; a tampered copy does not.
    with page.expect_download() as info:
        page.locator("a[href$='/credential/']").click()
    credential = json.loads(info.value.path().read_text(encoding="utf-8"))
    check = public.request.post(
        base + "/fr/verify/credential/",
        data=json.dumps(credential),
        headers={"Content-Type": "application/json"},
    )
    assert check.json()["valid"] is True
    credential["credentialSubject"]["achievement"]["name"] = "Advanced cooperative finance"
    tampered = public.request.post(
        base + "/fr/verify/credential/",
        data=json.dumps(credential),
        headers={"Content-Type": "application/json"},
    )
    assert tampered.json()["valid"] is False

    # Revocation shows at once.
    services.revoke_certificate(certificate=certificate, by=None, reason="Issued in error")
    response = public.goto(base + path)
    assert response.status == 404
    assert "Issued in error" in public.content()
    screenshot(public, "fr-verify-revoked")
    visitor.close()
