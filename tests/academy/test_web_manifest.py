"""The web app manifest: its own content type, the learner's language and direction, the site's
colours, and icons that are real PNG files of the size they claim."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

pytestmark = pytest.mark.django_db

STYLES = Path(__file__).resolve().parents[2] / "templates" / "includes" / "styles.css"


def manifest(lang, client=None):
    response = (client or Client()).get(f"/{lang}/manifest.webmanifest")
    assert response.status_code == 200
    return response, json.loads(response.content.decode("utf-8"))


def test_served_as_a_web_app_manifest_with_no_cookie():
    response, body = manifest("ar")
    assert response["Content-Type"] == "application/manifest+json"
    assert "max-age" in response["Cache-Control"]
    assert response.cookies == {}  # nothing about the visitor: a browser sends no cookie for it
    assert body["display"] == "standalone"
    assert body["id"] == "/" and body["scope"] == "/"


@pytest.mark.parametrize(
    ("lang", "name", "short_name", "direction"),
    [
        ("ar", "تعاونية أكاديمي", "تعاونية", "rtl"),
        ("fr", "Taawuniya Académie", "Taawuniya", "ltr"),
        ("zgh", "ⵜⴰⵄⴰⵡⵓⵏⵉⵢⴰ ⴰⴽⴰⴷⵉⵎⵉ", "ⵜⴰⵄⴰⵡⵓⵏⵉⵢⴰ", "ltr"),
    ],
)
def test_name_language_and_direction_follow_the_url(lang, name, short_name, direction):
    response, body = manifest(lang)
    assert (body["name"], body["short_name"]) == (name, short_name)
    assert (body["lang"], body["dir"]) == (lang, direction)
    assert body["start_url"] == f"/{lang}/"
    assert response["Content-Language"] == lang
    # The language is the URL's, not the browser's or the cookie's.
    other = Client(headers={"accept-language": "fr"})
    other.cookies["django_language"] = "fr"
    assert manifest(lang, other)[1]["name"] == name


def test_without_a_language_it_redirects_to_one():
    response = Client(headers={"accept-language": "fr"}).get("/manifest.webmanifest")
    assert response.status_code == 302
    assert response["Location"] == "/fr/manifest.webmanifest"
    assert Client().get("/manifest.webmanifest")["Location"] == "/ar/manifest.webmanifest"


def test_colours_are_the_sites():
    _, body = manifest("fr")
    css = STYLES.read_text(encoding="utf-8")
    assert body["theme_color"] == re.search(r"--brand:(#\w+)", css).group(1) == "#0b5d4b"
    assert body["background_color"] == re.search(r"--paper:(#\w+)", css).group(1)
    page = Client().get("/fr/accounts/login/").content.decode()
    assert f'<meta name="theme-color" content="{body["theme_color"]}">' in page


def test_icons_are_real_png_files_of_their_declared_size():
    _, body = manifest("ar")
    icons = body["icons"]
    assert {(i["sizes"], i["purpose"]) for i in icons} >= {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for icon in icons:
        assert icon["type"] == "image/png"
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert "{}x{}".format(*image.size) == icon["sizes"]
        assert 500 < Path(path).stat().st_size < 16 * 1024  # drawn, and small
    maskable = next(i for i in icons if i["purpose"] == "maskable")
    with Image.open(finders.find(maskable["src"].removeprefix("/static/"))) as image:
        rgb = image.convert("RGB")
        # A maskable icon fills its square to the edges (the launcher cuts its own shape).
        assert rgb.getpixel((0, 0)) == rgb.getpixel((511, 511)) == (0x0B, 0x5D, 0x4B)


def test_every_page_links_it_and_the_policy_allows_it():
    response = Client().get("/fr/accounts/login/")
    assert '<link rel="manifest" href="/fr/manifest.webmanifest">' in response.content.decode()
    assert "manifest-src 'self'" in response["Content-Security-Policy"]


def test_other_methods_are_refused():
    assert Client().post("/ar/manifest.webmanifest").status_code == 405
