"""Names print exactly as the learner wrote them, and nothing can fool a reader: bidi controls,
zero-width characters and markup are removed; names are NFC and at most 100 characters. The PDF
is checked the way a reader sees it: text extracted in logical order (PyMuPDF), and a PNG."""

import unicodedata
from pathlib import Path

import pymupdf
import pytest
from django.conf import settings

from accounts.validators import printable_name
from certificates import pdf
from certificates.models import Certificate
from tests.factories.accounts import UserFactory
from tests.factories.certificates import certified_learner, complete_course
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db

VISUAL = Path(settings.BASE_DIR) / ".test-media" / "certificates-visual"
BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u061c"]


@pytest.mark.parametrize("char", BIDI + ZERO_WIDTH)
def test_invisible_direction_and_spacing_characters_are_removed(char):
    assert printable_name(f"محمد{char} بن علي") == "محمد بن علي"
    assert printable_name(f"Aït{char} Bahâ") == "Aït Bahâ"


def test_an_override_cannot_reverse_what_a_reader_sees():
    # "Ali" followed by an RLO that would display "gnp.exe" as "exe.png"-style tricks.
    assert printable_name("Ali \u202egnp.exe") == "Ali gnp.exe"


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("<b>Fatima</b>", "Fatima"),
        ("Fatima &amp; Co", "Fatima Co"),
        ("{Fatima} [Zahra]", "Fatima Zahra"),
        ("  Fatima \n\t Zahra  ", "Fatima Zahra"),
        ("\x00\x07", ""),
        ("<>", ""),
    ],
)
def test_markup_and_control_characters_are_removed(raw, printed):
    assert printable_name(raw) == printed


def test_names_are_nfc_and_at_most_100_characters():
    decomposed = unicodedata.normalize("NFD", "Aït Bahâ")
    assert decomposed != "Aït Bahâ"
    assert printable_name(decomposed) == "Aït Bahâ"
    assert len(printable_name("ب" * 150)) == 100
    assert printable_name("ب" * 150 + "\u202e") == "ب" * 100


def test_a_name_stored_around_the_validators_is_cleaned_before_printing():
    tree = build_course(modules=(1,))
    user = UserFactory()
    # Written with .update(): the model validators never ran.
    type(user).objects.filter(pk=user.pk).update(full_name="\u202eمحمد\u200b بن علي<script>")
    user.refresh_from_db()
    complete_course(user, tree.course)
    assert Certificate.objects.get(user=user).learner_name == "محمد بن علي"


def test_without_a_profile_name_the_first_and_last_names_are_printed():
    tree = build_course(modules=(1,))
    user = UserFactory(full_name="", first_name="Fatima", last_name="Zahra")
    complete_course(user, tree.course)
    assert Certificate.objects.get(user=user).learner_name == "Fatima Zahra"


def _text(pdf_bytes: bytes) -> str:
    with pymupdf.open(stream=pdf_bytes, filetype="pdf") as document:
        assert document.page_count == 1
        page = document[0]
        assert page.rect.width > page.rect.height  # landscape
        assert round(page.rect.width) == 842 and round(page.rect.height) == 595  # A4
        return " ".join(page.get_text().split())


def _fonts(pdf_bytes: bytes) -> set[str]:
    with pymupdf.open(stream=pdf_bytes, filetype="pdf") as document:
        return {font[3].split("+")[-1] for font in document[0].get_fonts()}


def _save_png(certificate, language, name):
    VISUAL.mkdir(parents=True, exist_ok=True)
    png = pdf.certificate_png(certificate, language, ppi=96)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    (VISUAL / name).write_bytes(png)
    return png


def test_arabic_name_and_title_print_in_logical_order_in_the_arabic_pdf():
    _tree, user = certified_learner(name="محمد بن علي")
    certificate = Certificate.objects.get(user=user)
    certificate.course_titles["ar"] = "مدخل إلى تسيير التعاونيات"
    content = pdf.certificate_pdf(certificate, "ar")
    text = _text(content)
    assert "محمد بن علي" in text
    assert "مدخل إلى تسيير التعاونيات" in text
    # Reversed text (the classic failure) would read "يلع نب دمحم".
    assert "يلع نب دمحم" not in text
    assert "NotoNaskhArabic-Bold" in _fonts(content)
    assert certificate.grouped_code in text
    _save_png(certificate, "ar", "ar.png")


def test_latin_name_prints_exactly_in_the_french_pdf():
    _tree, user = certified_learner(name="Aït Bahâ")
    certificate = Certificate.objects.get(user=user)
    content = pdf.certificate_pdf(certificate, "fr")
    text = _text(content)
    assert "Aït Bahâ" in text
    assert "Formation course" in text
    _save_png(certificate, "fr", "fr.png")


def test_tamazight_pdf_uses_the_tifinagh_font_and_keeps_the_glyphs():
    _tree, user = certified_learner(name="Aït Bahâ")
    certificate = Certificate.objects.get(user=user)
    certificate.course_titles["zgh"] = "ⴰⵙⵏⵓⴱⴳ ⵖⵔ ⵜⵎⵙⵎⵓⵏⵉⵏ"
    content = pdf.certificate_pdf(certificate, "zgh")
    text = _text(content)
    assert "ⴰⵙⵏⵓⴱⴳ ⵖⵔ ⵜⵎⵙⵎⵓⵏⵉⵏ" in text
    assert "Aït Bahâ" in text
    assert "NotoSansTifinagh-Regular" in _fonts(content)
    _save_png(certificate, "zgh", "zgh.png")


def test_bilingual_pdf_has_arabic_and_french_side_by_side():
    _tree, user = certified_learner(name="محمد بن علي")
    certificate = Certificate.objects.get(user=user)
    content = pdf.certificate_pdf(certificate, "ar-fr")
    with pymupdf.open(stream=content, filetype="pdf") as document:
        page = document[0]
        width = page.rect.width
        blocks = [(b[0], b[2], " ".join(b[4].split())) for b in page.get_text("blocks")]
    ar = [b for b in blocks if "Course course" in b[2]]
    fr = [b for b in blocks if "Formation course" in b[2]]
    names = [b for b in blocks if "محمد بن علي" in b[2]]
    assert ar and fr and len(names) == 2
    # Arabic on the right, French on the left, as on official Moroccan documents.
    assert ar[0][0] > width / 2 > fr[0][1]
    # The Arabic name reads in logical order on the French side too.
    assert sorted(b[0] > width / 2 for b in names) == [False, True]
    _save_png(certificate, "ar-fr", "ar-fr.png")


def test_english_pdf_and_typst_markup_in_a_name_prints_as_typed():
    _tree, user = certified_learner(name="Amina Ouali")
    certificate = Certificate.objects.get(user=user)
    # Markup-looking text reaches Typst only as data: printed literally, never interpreted.
    certificate.learner_name = '#raw("x") = *Title* $x$'
    content = pdf.certificate_pdf(certificate, "en")
    assert '#raw("x") = *Title* $x$' in _text(content)
    _save_png(certificate, "en", "en.png")


def test_the_qr_code_encodes_the_verification_url():
    _tree, user = certified_learner()
    certificate = Certificate.objects.get(user=user)
    data = pdf.document_data(certificate, "fr")
    assert data["url"] == f"http://testserver/fr/verify/{certificate.grouped_code}/"
    svg = pdf.qr_svg(data["url"])
    assert svg.startswith("<svg") and "<path" in svg
    assert pdf.qr_svg(data["url"] + "x") != svg  # the symbol encodes the URL
    assert data["url"] in " ".join(_text(pdf.certificate_pdf(certificate, "fr")).split())
