"""Members files (CSV) in, members sheets (CSV, XLSX) out. Pure: no database.

Reading: a UTF-8 CSV (Excel's BOM accepted; comma or semicolon) with a header row naming the
columns ``name``, ``phone``, ``email`` (also in French and Arabic). Every row is checked before
anything is written; the report gives the row number as a spreadsheet shows it (the header is
row 1). Phones are normalised like ``accounts.phone`` (E.164), emails lower-cased, so that
``06 12 34 56 78`` and ``+212612345678`` are the same person.

Writing: every cell that holds text from a person (a name, a course title) is neutralised so
that no spreadsheet reads it as a formula (the one rule: ``content.text.starts_like_formula``):
in CSV such a cell gets a ``'`` in front (OWASP's advice); in XLSX it is written as a string
with Excel's quote prefix (``projectbank.export.put_text``), so the text is kept intact.

Must never: let a cell of a sheet we produce start a formula from text a person typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.phone import normalise_phone
from accounts.validators import normalise_name, validate_person_name
from content.text import starts_like_formula

MAX_BYTES = 256 * 1024  # checked on the upload's size before anything is read
MAX_ROWS = 2000

HEADERS = {
    "name": {"name", "full name", "full_name", "nom", "nom complet", "الاسم", "الاسم الكامل"},
    "phone": {"phone", "mobile", "téléphone", "telephone", "tél", "tel", "الهاتف", "رقم الهاتف"},
    "email": {"email", "e-mail", "courriel", "mail", "البريد", "البريد الإلكتروني"},
}


@dataclass(frozen=True)
class MemberRow:
    line: int
    full_name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class RowError:
    line: int  # 0: the whole file
    message: str


def parse_members(data: bytes) -> tuple[list[MemberRow], list[RowError]]:
    if len(data) > MAX_BYTES:
        return [], [RowError(0, _("The file is too large (at most 256 KB)."))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, _("The file is not UTF-8 text. In Excel, save as “CSV UTF-8”."))]
    if "\x00" in text:
        return [], [RowError(0, _("This is not a CSV file."))]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [RowError(0, _("The file is empty."))]
    columns = {}
    for index, title in enumerate(header):
        title = normalise_name(title).lower()
        for key, names in HEADERS.items():
            if title in names:
                columns.setdefault(key, index)
    if "phone" not in columns and "email" not in columns:
        return [], [
            RowError(1, _("The first row must name the columns: name, phone, email.")),
        ]
    rows: list[MemberRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    try:
        records = list(reader)
    except csv.Error:
        return [], [RowError(0, _("The file is not a well-formed CSV file."))]
    if len(records) > MAX_ROWS:
        return [], [RowError(0, _("At most %(limit)d rows per file.") % {"limit": MAX_ROWS})]

    for number, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue

        def cell(key, record=record):
            index = columns.get(key)
            return record[index].strip() if index is not None and index < len(record) else ""

        name = normalise_name(cell("name"))
        raw_phone, raw_email = cell("phone"), cell("email")
        problems = []
        try:
            validate_person_name(name)
        except ValidationError as exc:
            problems.extend(exc.messages)
        phone = email = ""
        if raw_phone:
            try:
                phone = normalise_phone(raw_phone)
            except ValidationError as exc:
                problems.extend(exc.messages)
        if raw_email:
            email = raw_email.lower()
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an email address.") % {"email": raw_email})
                email = ""
        if not raw_phone and not raw_email:
            problems.append(_("Give a phone number or an email address."))
        for contact in (phone, email):
            if contact and contact in seen:
                problems.append(_("Same person as row %(row)d.") % {"row": seen[contact]})
            elif contact:
                seen[contact] = number
        if problems:
            errors.extend(RowError(number, message) for message in problems)
        else:
            rows.append(MemberRow(line=number, full_name=name, phone=phone, email=email))
    if not rows and not errors:
        errors.append(RowError(0, _("The file has no member rows.")))
    return rows, errors


def safe_csv_cell(value) -> str:
    """Text a spreadsheet will not run: a leading formula character gets a ``'`` in front."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if starts_like_formula(text) else text


def write_csv(header: list[str], rows: list[list]) -> bytes:
    """A CSV (UTF-8 with BOM so that Excel reads Arabic) where every cell is neutralised.

    Numbers are written by ``str`` and cannot start a formula except negative ones, which never
    occur in these sheets; they go through the same function anyway.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    """An XLSX where every text cell is a string cell (quote prefix when risky); numbers and
    dates stay numbers. openpyxl is imported here, not at start-up (a quarter of a second)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from projectbank.export import put_text

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Sheet"
    for c, value in enumerate(header, start=1):
        put_text(sheet, f"{get_column_letter(c)}1", value).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, int | float | Decimal):
                sheet.cell(r, c, value)
            elif isinstance(value, dt.datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                sheet.cell(r, c, local.replace(tzinfo=None)).number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                sheet.cell(r, c, value).number_format = "yyyy-mm-dd"
            else:
                put_text(sheet, f"{get_column_letter(c)}{r}", str(value))
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
