"""The certificate PDF: data for ``typst/certificate.typ`` and the QR code, rendered by
``content.pdf.render_pdf`` (Typst, shipped fonts).

The wording is Django gettext under ``translation.override(language)``; dates and numbers are
formatted by Babel for Morocco (Western digits in Arabic, as Moroccan documents print them).
The name and titles come from the certificate's snapshot, never from the live profile or course.

Must never: put user data into the Typst source (everything is ``data``; the QR code is an
``inputs`` SVG made by segno from our own URL).
"""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal
from pathlib import Path

import segno
from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.pdf import fonts_for, render_pdf, render_png

from . import credentials
from .models import PDF_LANGUAGES, Certificate

TEMPLATE = Path(__file__).resolve().parent / "typst" / "certificate.typ"
BABEL_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "zgh": "zgh", "en": "en"}
RTL = {"ar"}
BRAND = "تعاونية أكاديمي · Taawuniya Académie · ⵜⴰⵄⴰⵡⵓⵏⵉⵢⴰ ⴰⴽⴰⴷⵉⵎⵉ"


def _hours(value: Decimal, language: str) -> str:
    number = value.normalize() if value is not None else Decimal(0)
    text = format_decimal(number, locale=BABEL_LOCALES[language])
    count = int(number) if number == number.to_integral_value() else 2  # plural of "2,5"
    return ngettext("%(hours)s hour of training", "%(hours)s hours of training", count) % {
        "hours": text
    }


def is_rtl(text: str, default: bool) -> bool:
    """The direction of ``text`` from its first strong character (like HTML's dir="auto")."""
    for ch in text or "":
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return default


def side(certificate: Certificate, language: str) -> dict:
    """Everything printed in one language."""
    rtl = language in RTL
    title = certificate.title_in(language)
    # A name or title keeps its own direction in a line of its own (an Arabic name on the
    # French side reads right to left, and is extracted in logical order), and takes its
    # spaces from its own script's face: one run, not one run per word.
    name_rtl = is_rtl(certificate.learner_name, rtl)
    title_rtl = is_rtl(title, rtl)
    with translation.override(language):
        completed_on = timezone.localtime(certificate.completed_at).date()
        date = format_date(completed_on, "long", locale=BABEL_LOCALES[language])
        return {
            "lang": language,
            "rtl": rtl,
            "fonts": fonts_for(rtl),
            "heading": _("Certificate of completion"),
            "certifies": _("This certifies that"),
            "name": certificate.learner_name,
            "name_rtl": name_rtl,
            "name_fonts": fonts_for(name_rtl),
            "completed": _("has completed the course"),
            "title": title,
            "title_rtl": title_rtl,
            "title_fonts": fonts_for(title_rtl),
            "details": [
                _hours(certificate.hours, language),
                _("Completed on %(date)s") % {"date": date},
            ],
            "issued_by": _("Issued by %(issuer)s") % {"issuer": certificate.issuer_in(language)},
            "verify": _("Check this certificate by scanning the code or at the address below:"),
            "code_label": _("Verification code"),
        }


def document_data(certificate: Certificate, language: str) -> dict:
    if language not in PDF_LANGUAGES:
        raise ValueError(f"unknown certificate language {language!r}")
    languages = ["ar", "fr"] if language == "ar-fr" else [language]
    sides = [side(certificate, lang) for lang in languages]
    first = sides[0]
    return {
        "document_title": f"{first['heading']} — {first['title']}",
        "brand": BRAND,
        "fonts": first["fonts"],
        "sides": sides,
        "footer_rtl": first["rtl"],
        "footer_lang": first["lang"],
        "verify_lines": [s["verify"] for s in sides],
        "code": certificate.grouped_code,
        "url": credentials.verification_url(certificate, languages[0]),
    }


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", border=0, xmldecl=False, svgns=True, dark="#0b5d4b"
    )
    return buffer.getvalue().decode()


def certificate_pdf(certificate: Certificate, language: str) -> bytes:
    data = document_data(certificate, language)
    return render_pdf(TEMPLATE, data=data, inputs={"qr": qr_svg(data["url"])})


def certificate_png(certificate: Certificate, language: str, *, ppi: int = 72) -> bytes:
    data = document_data(certificate, language)
    return render_png(TEMPLATE, data=data, inputs={"qr": qr_svg(data["url"])}, ppi=ppi)
