"""Plain-text helpers for mixed-direction content.

In Arabic text, a law number such as "112-12" or a date such as "21/11/2014" is laid out by the
bidirectional algorithm as "12-112" — the wrong law. Wrapping such runs in Unicode isolates
(LRI … PDI) makes them read left to right whatever the surrounding direction; in French text the
isolates change nothing.

Also the one rule for spreadsheets we write (CSV and XLSX exports): a cell whose text starts
with ``=``, ``+``, ``-``, ``@``, a tab or a line break is read as a formula by Excel and
LibreOffice (OWASP "CSV injection"), so text a person typed that starts so is neutralised.
"""

import re

LRI, PDI = "\u2066", "\u2069"
# Digits joined by - – / . : (law numbers, dates, times, phone numbers with spaces excluded).
_NUMBER_RUN = re.compile(r"(?<![\d\u2066])(\d+(?:[-–/.:]\d+)+)(?![\d\u2069])")


def isolate_numbers(text: str) -> str:
    if not text:
        return text
    return _NUMBER_RUN.sub(lambda m: f"{LRI}{m.group(1)}{PDI}", text)


def one_line(text) -> str:
    """``text`` on a single line, for an email subject or any header: line breaks and runs of
    white space become one space (a name typed with a line break must not stop the mail)."""
    return " ".join(str(text or "").split())


# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def starts_like_formula(text) -> bool:
    return str(text).startswith(FORMULA_START)
