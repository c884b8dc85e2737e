"""Import the office's spreadsheets of bank projects (CSV or XLSX, first sheet).

Every row is validated before anything is written; the errors name the spreadsheet row (the
header is row 1) and the column. Either every row is imported, in one transaction, or none is.
Rows are matched on ``external_id``: importing the same file twice changes nothing.

Columns: external_id, title_ar, title_fr, summary_ar, summary_fr, regions (codes separated by
";" or ","), sector, target_group (U, W or E), investment (MAD), jobs, source, status
(draft, published, archived; default published), illustrative (yes/no; default yes), template
(a template code, optional), programmes and partners (slugs separated by ";", optional).
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    BankProject,
    EconomicModelTemplate,
    FinancingProgramme,
    Partner,
    Region,
    Sector,
    TargetGroup,
)

REQUIRED = [
    "external_id",
    "title_ar",
    "title_fr",
    "regions",
    "sector",
    "target_group",
    "investment",
]
COLUMNS = REQUIRED + [
    "summary_ar", "summary_fr", "jobs", "source", "status", "illustrative", "template",
    "programmes", "partners",
]  # fmt: skip
MAX_ROWS = 20000
YES = {"1", "yes", "true", "oui", "y", "نعم"}
NO = {"0", "no", "false", "non", "n", "لا"}


class ImportFileError(ValueError):
    """The file cannot be read at all (format, header)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # a number typed in a spreadsheet: its shortest decimal form
        value = repr(value)
        return value[:-2] if value.endswith(".0") else value
    return str(value).strip()


def read_rows(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """``[(spreadsheet row number, {column: text})]``; raises ImportFileError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        raw = list(csv.reader(io.StringIO(text), dialect))
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("This is not a readable XLSX file.")) from exc
        raw = [[_cell(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    else:
        raise ImportFileError(_("Give a .csv or .xlsx file."))
    if not raw:
        raise ImportFileError(_("The file is empty."))
    header = [_cell(h).lower() for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        values = [_cell(v) for v in values]
        if not any(values):
            continue
        rows.append(
            (number, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)})
        )
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("At most %(max)s rows per file.") % {"max": MAX_ROWS})
    return rows


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


def validate_rows(rows) -> tuple[list[dict], list[RowError]]:
    regions = set(Region.objects.values_list("code", flat=True))
    sectors = set(Sector.objects.values_list("code", flat=True))
    templates = {
        t.code: t
        for t in EconomicModelTemplate.objects.filter(
            status=EconomicModelTemplate.Status.PUBLISHED
        ).order_by("code", "version")
    }  # the latest version of each code wins
    programmes = dict(FinancingProgramme.objects.values_list("slug", "pk"))
    partners = dict(Partner.objects.values_list("slug", "pk"))
    statuses = set(BankProject.Status.values)
    clean, errors, seen = [], [], {}

    for number, row in rows:
        before = len(errors)

        def error(column, message, number=number):
            errors.append(RowError(number, column, message))

        data = {"row": number}
        external_id = row.get("external_id", "")
        if not external_id:
            error("external_id", _("required"))
        elif len(external_id) > 30:
            error("external_id", _("at most 30 characters"))
        elif external_id in seen:
            error(
                "external_id",
                _("%(id)s already appears in row %(row)s")
                % {"id": external_id, "row": seen[external_id]},
            )
        else:
            seen[external_id] = number
        data["external_id"] = external_id
        for column, limit in (("title_ar", 200), ("title_fr", 200), ("source", 200)):
            value = row.get(column, "")
            if column != "source" and not value:
                error(column, _("required"))
            elif len(value) > limit:
                error(column, _("at most %(n)s characters") % {"n": limit})
            data[column] = value
        data["summary_ar"] = row.get("summary_ar", "")
        data["summary_fr"] = row.get("summary_fr", "")
        codes = _split(row.get("regions", ""))
        unknown = [c for c in codes if c not in regions]
        if not codes:
            error("regions", _("required"))
        elif unknown:
            error("regions", _("unknown region %(codes)s") % {"codes": ", ".join(unknown)})
        data["regions"] = codes
        sector = row.get("sector", "").upper()
        if sector not in sectors:
            error("sector", _("unknown sector %(code)r") % {"code": row.get("sector", "")})
        data["sector_id"] = sector
        target = row.get("target_group", "").upper()
        if target not in TargetGroup.values:
            error("target_group", _("use U, W or E"))
        data["target_group"] = target
        try:
            investment = Decimal(row.get("investment", "").replace(" ", "").replace("\u202f", ""))
            if not investment.is_finite() or investment < 0 or investment >= Decimal("1e12"):
                raise InvalidOperation
            data["investment"] = investment.quantize(Decimal("0.01"))
        except InvalidOperation:
            error("investment", _("enter an amount in MAD, e.g. 330000"))
        jobs = row.get("jobs", "") or "0"
        if jobs.isdigit() and int(jobs) < 100000:
            data["jobs"] = int(jobs)
        else:
            error("jobs", _("enter a whole number"))
        status = (row.get("status", "") or BankProject.Status.PUBLISHED).lower()
        if status not in statuses:
            error("status", _("use draft, published or archived"))
        data["status"] = status
        flag = (row.get("illustrative", "") or "yes").lower()
        if flag not in YES | NO:
            error("illustrative", _("use yes or no"))
        data["illustrative"] = flag in YES
        code = row.get("template", "")
        if code and code not in templates:
            error("template", _("no published template %(code)r") % {"code": code})
        data["template"] = templates.get(code)
        for column, known in (("programmes", programmes), ("partners", partners)):
            slugs = _split(row.get(column, ""))
            unknown = [s for s in slugs if s not in known]
            if unknown:
                error(column, _("unknown %(slugs)s") % {"slugs": ", ".join(unknown)})
            data[column] = [known[s] for s in slugs if s in known]
        if len(errors) == before:
            clean.append(data)
    return clean, errors


def import_bank(path: str | Path) -> ImportReport:
    """Validate every row, then import all of them in one transaction, or none."""
    rows = read_rows(path)
    clean, errors = validate_rows(rows)
    report = ImportReport(rows=len(rows), errors=errors)
    if errors:
        return report
    with transaction.atomic():
        existing = {
            p.external_id: p
            for p in BankProject.objects.filter(external_id__in=[d["external_id"] for d in clean])
        }
        for data in clean:
            m2m = {name: data.pop(name) for name in ("regions", "programmes", "partners")}
            data.pop("row")
            project = existing.get(data["external_id"])
            if project is None:
                project = BankProject.objects.create(**data)
                report.created += 1
            else:
                changed = [k for k, v in data.items() if getattr(project, k) != v]
                if changed:
                    for k in changed:
                        setattr(project, k, data[k])
                    project.save()
                report.updated += 1
            project.regions.set(m2m["regions"])
            project.programmes.set(m2m["programmes"])
            project.partners.set(m2m["partners"])
    return report
