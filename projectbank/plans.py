"""The web layer around the finance engine: translated messages for validation issues, and
display-ready tables (every figure rounded with ``finance.display``, never a float).

Must never compute a figure itself: the numbers come from :func:`finance.compute`.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import finance

MESSAGES = {
    "float_not_allowed": gettext_lazy("Enter an exact number."),
    "not_finite": gettext_lazy("Enter a finite number."),
    "too_large": gettext_lazy("This number is too large."),
    "required": gettext_lazy("This figure is required."),
    "not_a_number": gettext_lazy("Enter a number."),
    "not_an_integer": gettext_lazy("Enter a whole number."),
    "invalid_type": gettext_lazy("This part of the plan has the wrong shape."),
    "invalid_choice": gettext_lazy("Choose one of the proposed values."),
    "missing_field": gettext_lazy("This figure is missing."),
    "unknown_field": gettext_lazy("This figure is not part of a plan."),
    "negative": gettext_lazy("This figure cannot be negative."),
    "not_positive": gettext_lazy("This figure must be more than zero."),
    "rate_out_of_range": gettext_lazy("This rate must be between 0 and 100 percent."),
    "years_out_of_range": gettext_lazy("A plan covers 3 to 5 years."),
    "out_of_range": gettext_lazy("This figure is out of range."),
    "too_long": gettext_lazy("The ramp-up has more years than the plan."),
    "tax_rate_required": gettext_lazy("The standard tax mode needs a tax rate."),
    "grace_too_long": gettext_lazy("The grace years must be fewer than the loan's years."),
    "growth_out_of_range": gettext_lazy(
        "A growth rate must be above minus 100 percent and at most 1000 percent."
    ),
}


# Thousands grouped by a narrow no-break space in every language (Django's Arabic format does
# not group), the decimal separator of the active language.
THOUSANDS = "\u202f"


def number(value: Decimal, places: int) -> str:
    return numberformat.format(
        finance.display(value, places),
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=3,
        thousand_sep=THOUSANDS,
        force_grouping=True,
    )


def money(value: Decimal | None, places: int = 0) -> str:
    """A rounded, grouped amount for people (``finance.display``, never a float)."""
    if value is None:
        return _("n/a")
    return number(value, places)


def percent(value: Decimal | None, places: int = 1) -> str:
    if value is None:
        return _("n/a")
    return number(value * 100, places) + "\u00a0%"


def issue_message(issue: finance.ValidationIssue) -> str:
    if issue.code == "unbalanced_financing":
        gap = issue.params["gap"]
        params = {
            "resources": money(issue.params["resources"]),
            "needs": money(issue.params["needs"]),
            "gap": money(abs(gap)),
        }
        if gap < 0:
            return (
                _(
                    "The financing plan does not balance: resources %(resources)s MAD, needs "
                    "%(needs)s MAD — %(gap)s MAD still to be found."
                )
                % params
            )
        return (
            _(
                "The financing plan does not balance: resources %(resources)s MAD, needs "
                "%(needs)s MAD — %(gap)s MAD more than needed."
            )
            % params
        )
    text = str(MESSAGES.get(issue.code) or _("This figure is not valid."))
    if issue.field:
        return _("%(field)s: %(message)s") % {"field": field_label(issue.field), "message": text}
    return text


SECTIONS = {
    "capex": gettext_lazy("Investment"),
    "products": gettext_lazy("Products and services"),
    "staff": gettext_lazy("Staff"),
    "fixed_costs": gettext_lazy("Other fixed costs"),
    "financing.loans": gettext_lazy("Loans"),
    "ramp": gettext_lazy("Ramp-up"),
}
FIELDS = {
    "years": gettext_lazy("Years projected"),
    "discount_rate": gettext_lazy("Discount rate"),
    "social_charge_rate": gettext_lazy("Social charges"),
    "bfr_ratio": gettext_lazy("Working capital"),
    "tax_rate": gettext_lazy("Tax rate"),
    "tax_mode": gettext_lazy("Tax"),
    "jobs": gettext_lazy("Jobs"),
    "label": gettext_lazy("Label"),
    "qty": gettext_lazy("Quantity"),
    "unit_cost": gettext_lazy("Unit cost"),
    "life_years": gettext_lazy("Life (years)"),
    "price": gettext_lazy("Price"),
    "unit_vc": gettext_lazy("Variable cost per unit"),
    "capacity": gettext_lazy("Capacity"),
    "count": gettext_lazy("People"),
    "monthly_salary": gettext_lazy("Monthly salary"),
    "amount_per_year": gettext_lazy("Amount per year"),
    "principal": gettext_lazy("Amount"),
    "rate": gettext_lazy("Interest rate"),
    "grace_years": gettext_lazy("Grace years"),
    "own_cash": gettext_lazy("Own contribution in cash"),
    "in_kind": gettext_lazy("Own contribution in kind"),
    "subsidies": gettext_lazy("Subsidies"),
}
_PATH = re.compile(r"^(?P<section>[a-z_.]+?)\[(?P<index>\d+)\](?:\.(?P<field>\w+))?$")


def field_label(path: str) -> str:
    """``products[0].price`` → "Products and services, line 1: Price" (in the user's language)."""
    match = _PATH.match(path)
    if match and match["section"] in SECTIONS:
        text = _("%(section)s, line %(line)s") % {
            "section": SECTIONS[match["section"]],
            "line": int(match["index"]) + 1,
        }
        if match["field"]:
            text += " — " + str(FIELDS.get(match["field"], match["field"]))
        return text
    name = path.removeprefix("financing.")
    return str(FIELDS.get(name, path))


def plan_errors(data: Any) -> list[str]:
    """Translated messages for every problem with a plan dict; empty when it computes."""
    if not isinstance(data, dict):
        return [str(MESSAGES["invalid_type"])]
    try:
        inputs = finance.inputs_from_dict(data)
    except finance.PlanValidationError as exc:
        return [issue_message(i) for i in exc.issues]
    return [issue_message(i) for i in finance.validate(inputs)]


@dataclass
class Row:
    label: str
    values: list[str]
    strong: bool = False


@dataclass
class Indicator:
    label: str
    value: str


@dataclass
class PlanView:
    years: list[int]
    result: finance.PlanResult
    tables: list[tuple[str, list[Row]]]
    headline: list[Indicator]
    financing: list[Indicator]


def plan_view(result: finance.PlanResult) -> PlanView:
    r = result
    years = list(range(1, r.years + 1))

    def row(label, values, strong=False):
        return Row(label, [money(v) for v in values], strong)

    income = [
        row(_("Revenue"), r.revenue, True),
        row(_("Variable costs"), r.variable_costs),
        row(_("Gross margin"), r.gross_margin),
        Row(_("Margin rate"), [percent(m) for m in r.margin_rate]),
        row(_("Fixed costs"), r.fixed_costs),
        row(_("Gross operating surplus (EBE)"), r.ebe, True),
        row(_("Depreciation"), r.depreciation),
        row(_("Interest"), r.interest),
        row(_("Tax"), r.tax),
        row(_("Net income"), r.net_income, True),
        row(_("Cash from operations (CAF)"), r.caf),
    ]
    cash = [
        row(_("Working capital (BFR)"), r.bfr),
        row(_("Change in working capital"), r.delta_bfr),
        row(_("Project cash flow"), r.cash_flows[1:], True),
        row(_("Cumulative cash flow"), r.cumulative_cash_flows[1:]),
        row(_("Loan repayments"), r.principal_repaid),
        row(_("Cash after financing"), r.treasury[1:]),
        row(_("Break-even revenue"), r.break_even_revenue),
        Row(
            _("Debt cover (DSCR)"),
            [number(d, 2) if d is not None else _("n/a") for d in r.dscr],
        ),
    ]
    payback = (
        _("%(years)s years") % {"years": number(r.payback_years, 1)}
        if r.payback_years is not None
        else _("not within the plan")
    )
    headline = [
        Indicator(_("Investment"), money(r.investment) + " MAD"),
        Indicator(_("Net present value (NPV)"), money(r.npv) + " MAD"),
        Indicator(_("Internal rate of return (IRR)"), percent(r.irr)),
        Indicator(_("Payback"), payback),
        Indicator(_("Break-even revenue, last year"), money(r.break_even_revenue[-1]) + " MAD"),
        Indicator(_("Jobs"), str(r.jobs)),
        Indicator(
            _("Investment per job"),
            money(r.cost_per_job) + " MAD" if r.cost_per_job is not None else _("n/a"),
        ),
    ]
    financing = [
        Indicator(_("Needs: investment + start-up working capital"), money(r.financing_need)),
        Indicator(
            _("Own contribution"),
            f"{money(r.own_contribution)} ({percent(r.own_contribution_share)})",
        ),
        Indicator(_("Subsidies"), f"{money(r.subsidies)} ({percent(r.subsidy_share)})"),
        Indicator(_("Loans"), f"{money(r.loans_total)} ({percent(r.loan_share)})"),
    ]
    return PlanView(
        years=years,
        result=r,
        tables=[(_("Income statement"), income), (_("Cash flows and indicators"), cash)],
        headline=headline,
        financing=financing,
    )
