"""The Arabic and French catalogues translate every message, with the same placeholders."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_catalogue_is_complete_and_consistent(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in po.translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            for translation in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(translation)) <= expected | set(
                    PLACEHOLDER.findall(entry.msgid_plural)
                ), entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == expected, entry.msgid


def test_arabic_is_served_in_arabic(client, db):
    from django.utils import translation

    with translation.override("ar"):
        assert translation.gettext("Taawuniya Academy") == "تعاونية أكاديمي"
    with translation.override("fr"):
        assert translation.gettext("Log in") != "Log in"
    for msgid in ("Project bank", "Start the quiz", "My learning"):
        for lang in ("ar", "fr"):
            with translation.override(lang):
                assert translation.gettext(msgid) != msgid, (lang, msgid)
