"""Four languages: Arabic (default, right to left), French, Tamazight in Tifinagh, English.
The choice is made on any page, remembered (cookie, profile) and never costs progress."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_every_language_is_offered_and_known_to_django():
    assert [code for code, _ in settings.LANGUAGES] == ["ar", "fr", "zgh", "en"]
    for code, _name in settings.LANGUAGES:
        assert translation.check_for_language(code), code
    assert translation.get_language_info("zgh")["name_local"] == "ⵜⴰⵎⴰⵣⵉⵖⵜ"
    assert translation.get_language_info("zgh")["bidi"] is False


@pytest.mark.parametrize(
    ("lang", "direction", "word"),
    [
        ("ar", "rtl", "تعلّمي"),
        ("fr", "ltr", "Mon apprentissage"),
        ("zgh", "ltr", "ⴰⵍⵎⴰⴷ ⵉⵏⵓ"),
        ("en", "ltr", "My learning"),
    ],
)
def test_pages_come_in_each_language_with_its_direction(client, lang, direction, word):
    client.force_login(UserFactory())
    with translation.override(lang):
        response = client.get(reverse("progress:my_learning"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert word in page


def test_tamazight_navigation_is_in_tifinagh_and_english_never_falls_back_to_arabic():
    with translation.override("zgh"):
        assert translation.gettext("Project bank") == "ⴰⴱⴰⵏⴽ ⵏ ⵉⵙⵏⴼⴰⵔⵏ"
        assert translation.gettext("Log in") == "ⴽⵛⵎ"
    with translation.override("en"):
        assert translation.gettext("Project bank") == "Project bank"
        assert translation.gettext("Taawuniya Academy") == "Taawuniya Academy"


def test_dates_and_numbers_follow_the_language():
    import datetime

    day = datetime.date(2026, 3, 9)
    with translation.override("zgh"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "09/03/2026"
        assert formats.get_format("DECIMAL_SEPARATOR") == ","
    with translation.override("fr"):
        assert formats.date_format(day) == "9 mars 2026"
    assert settings.TIME_ZONE == "Africa/Casablanca"


def test_switcher_links_keep_the_page_and_the_choice_is_remembered(client):
    learner = UserFactory(preferred_language="ar")
    client.force_login(learner)
    with translation.override("ar"):
        here = reverse("progress:my_learning")
        page = client.get(here).content.decode()
    with translation.override("zgh"):
        there = reverse("progress:my_learning")
    chooser = reverse("choose_language", args=["zgh"])
    assert chooser in page
    response = client.get(chooser, {"next": there})
    assert response.status_code == 302 and response["Location"] == there
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zgh"
    learner.refresh_from_db()
    assert learner.preferred_language == "zgh"


def test_chooser_refuses_unknown_languages_and_foreign_redirects(client):
    assert client.get(reverse("choose_language", args=["xx"]), follow=True).status_code == 404
    response = client.get(
        reverse("choose_language", args=["fr"]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/fr/"
    response = client.get(reverse("choose_language", args=["fr"]), {"next": "//evil.example/"})
    assert response["Location"] == "/fr/"


def test_login_lands_in_the_learners_language(client):
    learner = UserFactory(preferred_language="fr", email="lina@example.ma")
    learner.set_password("a-long-safe-passphrase")
    learner.save()
    with translation.override("ar"):
        login = reverse("account_login")
    response = client.post(
        login, {"login": "lina@example.ma", "password": "a-long-safe-passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/")


def test_a_course_not_yet_translated_opens_in_its_own_language_under_english(client):
    """/en/… serves the Arabic original while English content is written; the frame is English
    and progress is the same (keyed on translation keys)."""
    from tests.factories.courses import build_course

    tree = build_course(modules=(1,))
    arabic_url = tree.course.url
    assert arabic_url.startswith("/ar/")
    response = client.get("/en/" + arabic_url.removeprefix("/ar/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert tree.course.title in page
