"""A learner's project plan as a PDF summary in their language (Typst, fonts shipped in content).

The figures come from the finance engine through :func:`projectbank.plans.plan_view`, already
rounded and formatted for the active language; the template only lays them out. Plan and
project names travel as data, never as Typst markup.
"""

from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from content.pdf import fonts_for, render_pdf

from . import finance
from .plans import plan_view

TEMPLATE = Path(__file__).resolve().parent / "typst" / "plan_summary.typ"


def plan_summary_data(plan, version=None) -> dict:
    """Everything the template prints, in the active language."""
    view = plan_view(finance.compute(finance.inputs_from_dict(plan.inputs)))
    rtl = get_language_bidi()
    meta = [
        _("From the model %(title)s (%(code)s, version %(version)s)")
        % {
            "title": plan.template.title,
            "code": plan.template.code,
            "version": plan.template_version,
        }
    ]
    if plan.project_id:
        meta.append(
            _("Bank project: %(id)s %(title)s")
            % {"id": plan.project.external_id, "title": plan.project.title}
        )
    if plan.region_id:
        meta.append(_("Region: %(region)s") % {"region": plan.region.name})
    if version is not None:
        meta.append(
            _("Version %(number)s, saved %(when)s")
            % {
                "number": version.number,
                "when": date_format(timezone.localtime(version.saved_at), "DATETIME_FORMAT"),
            }
        )
    mad = _("MAD")
    return {
        "lang": get_language() or "ar",
        "rtl": rtl,
        "fonts": fonts_for(rtl),
        "brand": _("Taawuniya Academy — project plan"),
        "title": plan.name,
        "meta": meta,
        "notice": (
            _("This plan started from an illustrative model: replace its figures with your own.")
            if plan.template.illustrative
            else ""
        ),
        "headline_title": _("Key indicators"),
        "headline": [{"label": i.label, "value": i.value} for i in view.headline],
        "financing_title": _("Financing plan (%(currency)s)") % {"currency": mad},
        "financing": [{"label": i.label, "value": i.value} for i in view.financing],
        "year_label": _("Year"),
        "years": view.years,
        "tables": [
            {
                "title": f"{title} ({mad})",
                "rows": [{"label": r.label, "values": r.values, "strong": r.strong} for r in rows],
            }
            for title, rows in view.tables
        ],
        "footer": _("Printed on %(date)s. Figures computed by the academy's finance engine.")
        % {"date": date_format(timezone.localdate(), "DATE_FORMAT")},
    }


def plan_pdf(plan) -> bytes:
    """The plan summary as PDF bytes, in the active language."""
    version = plan.versions.order_by("-number").first()
    return render_pdf(TEMPLATE, data=plan_summary_data(plan, version))
