"""The browser finds the page's web app manifest, fetches it under the site's CSP and parses it
without an error, in the page's language (Chromium's own parser, through the DevTools
protocol's ``Page.getAppManifest``), and its icons load."""

import json

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_browser_parses_the_manifest_without_errors(live_server, phone_page, lang, direction):
    page, base = phone_page, live_server.url
    page.goto(f"{base}/{lang}/accounts/login/")
    cdp = page.context.new_cdp_session(page)
    # The manifest is fetched when asked for (as on "Add to home screen"), with the page's CSP.
    with page.expect_response(lambda r: r.url.endswith("/manifest.webmanifest")) as fetched:
        answer = cdp.send("Page.getAppManifest")
    assert fetched.value.status == 200
    assert fetched.value.headers["content-type"] == "application/manifest+json"
    assert answer["url"] == f"{base}/{lang}/manifest.webmanifest"
    assert answer["errors"] == []
    manifest = json.loads(answer["data"])
    assert manifest["lang"] == lang and manifest["dir"] == direction
    assert manifest["start_url"] == f"/{lang}/"
    assert manifest["name"] == page.evaluate("document.title.split(' · ').pop()")
    # Chromium resolved the scope against the site (the parsed part of the answer).
    assert answer["parsed"]["scope"] == f"{base}/"
    # Every icon loads as a PNG under the same policy.
    for icon in manifest["icons"]:
        response = page.request.get(f"{base}{icon['src']}")
        assert response.status == 200 and response.headers["content-type"] == "image/png"
        assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
