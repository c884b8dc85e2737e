"""Finance engine for economic models and learner project plans.

Takes a plan (investment table, products, fixed costs, staff, financing plan, loans) as plain,
immutable data and returns the projections a Moroccan small-project business plan shows:
depreciation, loan schedules, working capital (BFR), income statement, project cash flows and
indicators (NPV, IRR, payback, break-even, cost per job, DSCR). Formulas follow DOMAIN.md,
section "Economic models".

This module must never:

* use ``float`` — every amount is a ``Decimal``; a float given as input is a validation error
  (``float_not_allowed``), never silently converted;
* round an amount while computing — rounding is for display only (:func:`display`);
* change the global decimal context — arithmetic runs inside ``decimal.localcontext``;
* import Django, touch the database, read settings or translate strings — it is pure Python
  (standard library only) so it can be tested without a database and reused by exports.
  Validation issues carry stable machine ``code`` values and numeric ``params``; the web layer
  turns them into translated messages;
* turn an unbalanced financing plan into numbers — :func:`compute` raises
  :class:`PlanValidationError` whenever :func:`validate` finds an issue.

Conventions (DOMAIN.md leaves these open; they are fixed here):

* Years run ``t = 1..T`` with ``T`` in ``MIN_YEARS..MAX_YEARS``; ``t = 0`` is the start
  (investment, loan disbursement). Cash flows are end-of-year.
* ``ramp[t-1]`` scales year ``t``; years after the end of the list run at 100 %.
* ``BFR_t = bfr_ratio × R_t``. The working capital needed at the start, ``BFR_0`` in the
  financing-plan rule ``own cash + in kind + subsidies + loans = I0 + BFR_0``, is the working
  capital of the first year of operation: ``BFR_0 := BFR_1 = bfr_ratio × R_1``
  (``bfr_start`` in the results). In the cash-flow table the stock before operations is zero, so
  ``ΔBFR_1 = BFR_1`` (the start-up working capital is a use of cash, consistent with
  ``CF_0 = −I0`` as DOMAIN.md writes it) and ``BFR_T`` comes back in the last year.
* Capex items with ``year = 0`` make up ``I0``; items with ``year = y > 0`` are replacements or
  extensions paid in year ``y`` (``capex_t`` in the cash flows) and depreciated from year ``y+1``
  for ``life_years`` years. A year-0 item is depreciated in years ``1..life_years``.
* A loan is disbursed at ``t = 0``; ``years`` counts every repayment year including the grace
  years. Grace years pay interest only; the remaining ``years − grace_years`` pay a constant
  annuity ``A = P·r / (1 − (1+r)^−n)`` (``P/n`` when ``r = 0``). The last instalment repays the
  exact outstanding balance.
* Tax in ``standard`` mode is ``tax_rate × max(0, EBT_t)`` year by year (no loss carry-forward).
* ``DSCR_t = CAF_t / debt service_t`` where the debt service is the year's interest plus
  principal of every loan (the annuity ``A`` once grace is over); ``None`` when the plan has no
  loan or nothing is due that year.
* The IRR is found by bisection on a bracket where the NPV changes sign; ``None`` ("n/a") when
  the cash flows never change sign or no bracket is found between −99.99 % and +100,000 %.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

__all__ = [
    "MAX_YEARS",
    "MIN_YEARS",
    "TAX_EXEMPT",
    "TAX_STANDARD",
    "CapexItem",
    "FixedCost",
    "Financing",
    "FinancingNeed",
    "Loan",
    "LoanSchedule",
    "LoanYear",
    "PlanInputs",
    "PlanResult",
    "PlanValidationError",
    "Product",
    "Staff",
    "ValidationIssue",
    "compute",
    "display",
    "financing_need",
    "inputs_from_dict",
    "inputs_to_dict",
    "irr",
    "loan_schedule",
    "npv",
    "validate",
]

MIN_YEARS = 3
MAX_YEARS = 5
MAX_LOAN_YEARS = 30
MAX_LIFE_YEARS = 100
#: No amount, quantity or rate may exceed this in absolute value (keeps Decimal far from
#: overflow and catches typing slips); a plan with such a figure is not a cooperative's plan.
MAX_AMOUNT = Decimal("1e12")
TAX_EXEMPT = "exempt"
TAX_STANDARD = "standard"
TAX_MODES = (TAX_EXEMPT, TAX_STANDARD)

#: Working precision for every computation (significant digits), set with ``localcontext``.
PRECISION = 40
#: The financing plan balances when |resources − needs| is at most one centime.
BALANCE_TOLERANCE = Decimal("0.01")
#: IRR bisection stops when the bracket is narrower than this times ``1 + rate`` (relative, so
#: that rates near −100 %, where the NPV is very steep, are found as precisely) …
IRR_TOLERANCE = Decimal("1e-9")
#: … or after this many halvings.
IRR_MAX_ITERATIONS = 200

ZERO = Decimal(0)
ONE = Decimal(1)
MONTHS = Decimal(12)
DAYS_PER_YEAR = Decimal(360)

# Field kinds drive validation and the dict round-trip.
_AMOUNT = {"kind": "amount"}
_OPT_AMOUNT = {"kind": "amount", "optional": True}
_INT = {"kind": "int"}
_TEXT = {"kind": "text"}
_AMOUNTS = {"kind": "amounts"}


def _objects(cls: type) -> dict[str, Any]:
    return {"kind": "objects", "cls": cls}


def _tuplify(obj: Any, *names: str) -> None:
    """Store list arguments as tuples so a frozen input really cannot change."""
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, list):
            object.__setattr__(obj, name, tuple(value))


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapexItem:
    """One line of the investment table: ``qty × unit_cost``, straight-line over ``life_years``."""

    label: str = field(metadata=_TEXT)
    qty: Decimal = field(metadata=_AMOUNT)
    unit_cost: Decimal = field(metadata=_AMOUNT)
    life_years: int = field(metadata=_INT)
    # 0 = initial investment (I0); y > 0 = replacement paid in year y.
    year: int = field(default=0, metadata=_INT)


@dataclass(frozen=True)
class Product:
    """A product or service; ``qty`` is the steady-state yearly quantity before the ramp."""

    label: str = field(metadata=_TEXT)
    price: Decimal = field(metadata=_AMOUNT)
    qty: Decimal = field(metadata=_AMOUNT)
    unit_vc: Decimal = field(metadata=_AMOUNT)
    capacity: Decimal | None = field(default=None, metadata=_OPT_AMOUNT)
    price_growth: Decimal = field(default=ZERO, metadata=_AMOUNT)
    qty_growth: Decimal = field(default=ZERO, metadata=_AMOUNT)


@dataclass(frozen=True)
class FixedCost:
    """A yearly fixed cost other than salaries (rent, utilities, accounting, insurance …)."""

    label: str = field(metadata=_TEXT)
    amount_per_year: Decimal = field(metadata=_AMOUNT)


@dataclass(frozen=True)
class Staff:
    """Salaried staff; ``count`` may be fractional (full-time equivalents)."""

    label: str = field(metadata=_TEXT)
    count: Decimal = field(metadata=_AMOUNT)
    monthly_salary: Decimal = field(metadata=_AMOUNT)


@dataclass(frozen=True)
class Loan:
    """A loan disbursed at the start; ``years`` includes the interest-only ``grace_years``."""

    label: str = field(metadata=_TEXT)
    principal: Decimal = field(metadata=_AMOUNT)
    rate: Decimal = field(metadata=_AMOUNT)
    years: int = field(metadata=_INT)
    grace_years: int = field(default=0, metadata=_INT)


@dataclass(frozen=True)
class Financing:
    """Resources of the initial financing plan. Own contribution = ``own_cash + in_kind``."""

    own_cash: Decimal = field(default=ZERO, metadata=_AMOUNT)
    in_kind: Decimal = field(default=ZERO, metadata=_AMOUNT)
    subsidies: Decimal = field(default=ZERO, metadata=_AMOUNT)
    loans: tuple[Loan, ...] = field(default=(), metadata=_objects(Loan))

    def __post_init__(self) -> None:
        _tuplify(self, "loans")


@dataclass(frozen=True)
class PlanInputs:
    """Everything the engine needs to project one plan. Rates are fractions (0.08 = 8 %)."""

    years: int = field(metadata=_INT)
    capex: tuple[CapexItem, ...] = field(metadata=_objects(CapexItem))
    products: tuple[Product, ...] = field(metadata=_objects(Product))
    financing: Financing = field(metadata={"kind": "object", "cls": Financing})
    discount_rate: Decimal = field(default=Decimal("0.08"), metadata=_AMOUNT)
    ramp: tuple[Decimal, ...] = field(default=(), metadata=_AMOUNTS)
    fixed_costs: tuple[FixedCost, ...] = field(default=(), metadata=_objects(FixedCost))
    staff: tuple[Staff, ...] = field(default=(), metadata=_objects(Staff))
    social_charge_rate: Decimal = field(default=ZERO, metadata=_AMOUNT)
    bfr_ratio: Decimal = field(default=ZERO, metadata=_AMOUNT)
    tax_mode: str = field(default=TAX_EXEMPT, metadata={"kind": "choice", "choices": TAX_MODES})
    tax_rate: Decimal = field(default=ZERO, metadata=_AMOUNT)
    jobs: int = field(default=0, metadata=_INT)
    residual_value: Decimal | None = field(default=None, metadata=_OPT_AMOUNT)

    def __post_init__(self) -> None:
        _tuplify(self, "capex", "products", "ramp", "fixed_costs", "staff")


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationIssue:
    """One problem with a plan. ``code`` is stable; ``params`` hold the numbers behind it."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "params": _jsonable(self.params)}


class PlanValidationError(ValueError):
    """Raised by :func:`compute` and :func:`inputs_from_dict` with every issue found."""

    def __init__(self, issues: Sequence[ValidationIssue]):
        self.issues = list(issues)
        summary = ", ".join(f"{i.field}: {i.code}" for i in self.issues[:10])
        super().__init__(f"invalid plan ({len(self.issues)} issue(s)): {summary}")

    def codes(self) -> set[str]:
        return {issue.code for issue in self.issues}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _check_amount(value: Any, path: str, optional: bool, issues: list[ValidationIssue]) -> bool:
    if value is None and optional:
        return True
    if isinstance(value, float):
        issues.append(ValidationIssue(path, "float_not_allowed", {"value": repr(value)}))
    elif isinstance(value, Decimal) and not value.is_finite():
        issues.append(ValidationIssue(path, "not_finite", {"value": str(value)}))
    elif isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        if abs(value) <= MAX_AMOUNT:
            return True
        issues.append(ValidationIssue(path, "too_large", {"value": value, "max": MAX_AMOUNT}))
    elif value is None:
        issues.append(ValidationIssue(path, "required", {}))
    else:
        issues.append(ValidationIssue(path, "not_a_number", {"value": repr(value)}))
    return False


def _check_int(value: Any, path: str, issues: list[ValidationIssue]) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    if isinstance(value, float):
        issues.append(ValidationIssue(path, "float_not_allowed", {"value": repr(value)}))
    else:
        issues.append(ValidationIssue(path, "not_an_integer", {"value": repr(value)}))
    return False


def _check_types(obj: Any, path: str, issues: list[ValidationIssue]) -> None:
    """Walk a dataclass tree and report every value of the wrong type (floats above all)."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        here = _join(path, f.name)
        kind = f.metadata["kind"]
        if kind == "amount":
            _check_amount(value, here, f.metadata.get("optional", False), issues)
        elif kind == "int":
            _check_int(value, here, issues)
        elif kind == "text":
            if not isinstance(value, str):
                issues.append(ValidationIssue(here, "invalid_type", {"expected": "text"}))
        elif kind == "choice":
            if value not in f.metadata["choices"]:
                issues.append(
                    ValidationIssue(
                        here,
                        "invalid_choice",
                        {"value": repr(value), "choices": f.metadata["choices"]},
                    )
                )
        elif kind == "amounts":
            if not isinstance(value, (list, tuple)):
                issues.append(ValidationIssue(here, "invalid_type", {"expected": "list"}))
                continue
            for index, item in enumerate(value):
                _check_amount(item, f"{here}[{index}]", False, issues)
        elif kind == "objects":
            if not isinstance(value, (list, tuple)):
                issues.append(ValidationIssue(here, "invalid_type", {"expected": "list"}))
                continue
            for index, item in enumerate(value):
                if isinstance(item, f.metadata["cls"]):
                    _check_types(item, f"{here}[{index}]", issues)
                else:
                    issues.append(
                        ValidationIssue(
                            f"{here}[{index}]",
                            "invalid_type",
                            {"expected": f.metadata["cls"].__name__},
                        )
                    )
        elif kind == "object":
            if isinstance(value, f.metadata["cls"]):
                _check_types(value, here, issues)
            else:
                issues.append(
                    ValidationIssue(here, "invalid_type", {"expected": f.metadata["cls"].__name__})
                )


class _RangeChecker:
    """Range rules, applied after the type walk (only to values of the right type)."""

    def __init__(self) -> None:
        self.issues: list[ValidationIssue] = []

    @staticmethod
    def _ok(value: Any) -> bool:
        return (isinstance(value, Decimal) and value.is_finite()) or (
            isinstance(value, int) and not isinstance(value, bool)
        )

    def non_negative(self, value: Any, path: str) -> None:
        if self._ok(value) and value < 0:
            self.issues.append(ValidationIssue(path, "negative", {"value": value}))

    def positive(self, value: Any, path: str) -> None:
        if self._ok(value) and value <= 0:
            self.issues.append(ValidationIssue(path, "not_positive", {"value": value}))

    def between(self, value: Any, path: str, low: Any, high: Any, code: str) -> None:
        if self._ok(value) and not low <= value <= high:
            self.issues.append(
                ValidationIssue(path, code, {"value": value, "min": low, "max": high})
            )

    def growth(self, value: Any, path: str) -> None:
        # A growth rate of −100 % or less would make quantities or prices vanish or flip sign.
        if self._ok(value) and not -1 < value <= 10:
            self.issues.append(
                ValidationIssue(path, "rate_out_of_range", {"value": value, "min": -1, "max": 10})
            )


def validate(inputs: PlanInputs) -> list[ValidationIssue]:
    """Every issue with ``inputs``; an empty list means :func:`compute` will succeed."""
    if not isinstance(inputs, PlanInputs):
        return [ValidationIssue("", "invalid_type", {"expected": "PlanInputs"})]
    type_issues: list[ValidationIssue] = []
    _check_types(inputs, "", type_issues)
    if any(issue.code == "invalid_type" for issue in type_issues):
        return type_issues  # the structure itself is broken: nothing more to say

    check = _RangeChecker()
    years = inputs.years
    years_ok = check._ok(years) and MIN_YEARS <= years <= MAX_YEARS
    check.between(years, "years", MIN_YEARS, MAX_YEARS, "years_out_of_range")
    check.between(inputs.discount_rate, "discount_rate", 0, 1, "rate_out_of_range")
    check.between(inputs.social_charge_rate, "social_charge_rate", 0, 1, "rate_out_of_range")
    check.between(inputs.bfr_ratio, "bfr_ratio", 0, 1, "rate_out_of_range")
    check.between(inputs.tax_rate, "tax_rate", 0, 1, "rate_out_of_range")
    if inputs.tax_mode == TAX_STANDARD and check._ok(inputs.tax_rate) and inputs.tax_rate == 0:
        check.issues.append(ValidationIssue("tax_rate", "tax_rate_required", {}))
    check.non_negative(inputs.jobs, "jobs")
    check.non_negative(inputs.residual_value, "residual_value")

    if years_ok and len(inputs.ramp) > years:
        check.issues.append(
            ValidationIssue("ramp", "too_long", {"length": len(inputs.ramp), "max": years})
        )
    for index, share in enumerate(inputs.ramp):
        check.between(share, f"ramp[{index}]", 0, 1, "rate_out_of_range")

    for index, item in enumerate(inputs.capex):
        here = f"capex[{index}]"
        check.non_negative(item.qty, f"{here}.qty")
        check.non_negative(item.unit_cost, f"{here}.unit_cost")
        check.between(item.life_years, f"{here}.life_years", 1, MAX_LIFE_YEARS, "out_of_range")
        if years_ok:
            check.between(item.year, f"{here}.year", 0, years, "out_of_range")
    for index, product in enumerate(inputs.products):
        here = f"products[{index}]"
        check.non_negative(product.price, f"{here}.price")
        check.non_negative(product.qty, f"{here}.qty")
        check.non_negative(product.unit_vc, f"{here}.unit_vc")
        check.non_negative(product.capacity, f"{here}.capacity")
        check.growth(product.price_growth, f"{here}.price_growth")
        check.growth(product.qty_growth, f"{here}.qty_growth")
    for index, cost in enumerate(inputs.fixed_costs):
        check.non_negative(cost.amount_per_year, f"fixed_costs[{index}].amount_per_year")
    for index, person in enumerate(inputs.staff):
        check.non_negative(person.count, f"staff[{index}].count")
        check.non_negative(person.monthly_salary, f"staff[{index}].monthly_salary")

    financing = inputs.financing
    check.non_negative(financing.own_cash, "financing.own_cash")
    check.non_negative(financing.in_kind, "financing.in_kind")
    check.non_negative(financing.subsidies, "financing.subsidies")
    for index, loan in enumerate(financing.loans):
        here = f"financing.loans[{index}]"
        check.positive(loan.principal, f"{here}.principal")
        check.between(loan.rate, f"{here}.rate", 0, 1, "rate_out_of_range")
        check.between(loan.years, f"{here}.years", 1, MAX_LOAN_YEARS, "out_of_range")
        if check._ok(loan.years) and check._ok(loan.grace_years):
            if loan.grace_years < 0:
                check.issues.append(
                    ValidationIssue(f"{here}.grace_years", "negative", {"value": loan.grace_years})
                )
            elif loan.grace_years >= loan.years:
                check.issues.append(
                    ValidationIssue(
                        f"{here}.grace_years",
                        "grace_too_long",
                        {"value": loan.grace_years, "max": loan.years - 1},
                    )
                )

    issues = type_issues + check.issues
    if not type_issues:
        issues.extend(_balance_issues(inputs))
    return issues


def _balance_issues(inputs: PlanInputs) -> list[ValidationIssue]:
    need = financing_need(inputs)
    resources = _total_resources(inputs.financing)
    gap = resources - need.total
    if abs(gap) <= BALANCE_TOLERANCE:
        return []
    return [
        ValidationIssue(
            "financing",
            "unbalanced_financing",
            {
                "resources": resources,
                "needs": need.total,
                "investment": need.investment,
                "bfr_start": need.bfr_start,
                # positive: more money than needed; negative: still to be found
                "gap": gap,
            },
        )
    ]


# --------------------------------------------------------------------------------------------
# Building blocks (pure, public where the web layer needs them)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FinancingNeed:
    investment: Decimal  # I0: capex items of year 0
    bfr_start: Decimal  # BFR_0 := BFR_1, working capital needed at the start
    total: Decimal  # I0 + BFR_0, what the financing plan must cover


def financing_need(inputs: PlanInputs) -> FinancingNeed:
    """``I0`` and ``BFR_0`` for a plan whose values have the right types (see :func:`validate`).

    The web layer uses it to show how much is still to be financed.
    """
    with localcontext(prec=PRECISION):
        investment = sum((i.qty * i.unit_cost for i in inputs.capex if i.year == 0), ZERO)
        revenue_1 = sum(
            (price * qty for price, qty in (_product_year(p, inputs, 1) for p in inputs.products)),
            ZERO,
        )
        bfr_start = inputs.bfr_ratio * revenue_1
        return FinancingNeed(investment, bfr_start, investment + bfr_start)


def _total_resources(financing: Financing) -> Decimal:
    return (
        financing.own_cash
        + financing.in_kind
        + financing.subsidies
        + sum((loan.principal for loan in financing.loans), ZERO)
    )


def _ramp(inputs: PlanInputs, t: int) -> Decimal:
    return Decimal(inputs.ramp[t - 1]) if t <= len(inputs.ramp) else ONE


def _product_year(product: Product, inputs: PlanInputs, t: int) -> tuple[Decimal, Decimal]:
    """``(price_{p,t}, qty_{p,t})`` with growth, capacity and ramp as DOMAIN.md defines them."""
    qty, price = Decimal(product.qty), Decimal(product.price)
    if t > 1:  # year 1 needs no growth factor (and 0 ** 0 is an error in Decimal)
        qty *= (ONE + product.qty_growth) ** (t - 1)
        price *= (ONE + product.price_growth) ** (t - 1)
    if product.capacity is not None:
        qty = min(qty, Decimal(product.capacity))
    return price, qty * _ramp(inputs, t)


@dataclass(frozen=True)
class LoanYear:
    year: int
    opening: Decimal
    interest: Decimal
    principal: Decimal
    payment: Decimal
    closing: Decimal


@dataclass(frozen=True)
class LoanSchedule:
    label: str
    principal: Decimal
    rate: Decimal
    years: int
    grace_years: int
    annuity: Decimal  # constant payment once the grace years are over
    rows: tuple[LoanYear, ...]  # every repayment year of the loan, beyond the plan if need be

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(self)


def loan_schedule(loan: Loan) -> LoanSchedule:
    """Year-by-year schedule: interest-only grace years, then a constant annuity.

    Expects a loan that :func:`validate` accepts (``0 ≤ grace_years < years``).
    """
    with localcontext(prec=PRECISION):
        principal = Decimal(loan.principal)
        rate = Decimal(loan.rate)
        n = loan.years - loan.grace_years
        # r = 0 (honour loan): the annuity formula has no limit form in Decimal; use P / n.
        annuity = principal / n if rate == 0 else principal * rate / (ONE - (ONE + rate) ** -n)
        rows = []
        outstanding = principal
        for k in range(1, loan.years + 1):
            interest = rate * outstanding
            if k <= loan.grace_years:
                repaid = ZERO
            elif k == loan.years:
                repaid = outstanding  # no rounding residue left on the last instalment
            else:
                repaid = annuity - interest
            closing = outstanding - repaid
            rows.append(LoanYear(k, outstanding, interest, repaid, interest + repaid, closing))
            outstanding = closing
        return LoanSchedule(
            loan.label, principal, rate, loan.years, loan.grace_years, annuity, tuple(rows)
        )


def npv(cash_flows: Sequence[Decimal], rate: Decimal) -> Decimal:
    """``Σ CF_t / (1+rate)^t`` for ``t = 0..T`` (Horner's scheme: one division)."""
    with localcontext(prec=PRECISION):
        discount = ONE / (ONE + Decimal(rate))
        total = ZERO
        for cash_flow in reversed(cash_flows):
            total = total * discount + cash_flow
        return +total


# Rates probed to bracket the IRR before bisecting (as fractions: −99.99 % … +100,000 %).
_IRR_LADDER = tuple(
    Decimal(x)
    for x in (
        "-0.9999", "-0.99", "-0.9", "-0.7", "-0.5", "-0.3", "-0.1", "0", "0.1", "0.25", "0.5",
        "1", "2", "5", "10", "100", "1000",
    )
)  # fmt: skip


def irr(cash_flows: Sequence[Decimal]) -> Decimal | None:
    """Internal rate of return by bisection; ``None`` ("n/a") when there is none to find.

    ``None`` when the cash flows never change sign (e.g. all negative) or the NPV does not change
    sign on the probed range. With several roots the one closest to 0 % is returned.
    """
    signs = [cf > 0 for cf in cash_flows if cf != 0]
    if not signs or all(signs) or not any(signs):
        return None
    with localcontext(prec=PRECISION):
        values = [npv(cash_flows, rate) for rate in _IRR_LADDER]
        brackets = []
        for k in range(len(_IRR_LADDER) - 1):
            if values[k] == 0:
                return _IRR_LADDER[k]
            if (values[k] > 0) != (values[k + 1] > 0) and values[k + 1] != 0:
                brackets.append(k)
            elif values[k + 1] == 0:
                return _IRR_LADDER[k + 1]
        if not brackets:
            return None
        k = min(brackets, key=lambda j: abs(_IRR_LADDER[j] + _IRR_LADDER[j + 1]))
        low, high = _IRR_LADDER[k], _IRR_LADDER[k + 1]
        low_positive = values[k] > 0
        for _ in range(IRR_MAX_ITERATIONS):
            middle = (low + high) / 2
            value = npv(cash_flows, middle)
            if value == 0:
                return middle
            if (value > 0) == low_positive:
                low = middle
            else:
                high = middle
            if high - low < IRR_TOLERANCE * (ONE + low):
                break
        return (low + high) / 2


def _payback(cash_flows: Sequence[Decimal]) -> Decimal | None:
    """First t where the cumulative cash flow is ≥ 0, interpolated; ``None`` if never."""
    cumulative = cash_flows[0]
    if cumulative >= 0:
        return ZERO
    for t in range(1, len(cash_flows)):
        previous = cumulative
        cumulative += cash_flows[t]
        if cumulative >= 0:
            return Decimal(t - 1) + (-previous) / cash_flows[t]
    return None


def display(amount: Decimal | int | None, places: int = 2) -> Decimal | None:
    """Round for display only: ``places`` decimals, half up (2.345 → 2.35). ``None`` stays."""
    if amount is None:
        return None
    if isinstance(amount, (float, bool)):
        raise TypeError("display() takes a Decimal, never a float")
    with localcontext(prec=PRECISION):
        return Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanResult:
    """Projections of one plan. Per-year tuples are indexed ``t − 1`` (year 1 first), except
    ``cash_flows``, ``cumulative_cash_flows`` and ``treasury`` which start at ``t = 0``."""

    years: int
    # investment and financing plan
    investment: Decimal
    bfr_start: Decimal
    financing_need: Decimal
    total_resources: Decimal
    own_contribution: Decimal
    subsidies: Decimal
    loans_total: Decimal
    own_contribution_share: Decimal | None
    subsidy_share: Decimal | None
    loan_share: Decimal | None
    loans: tuple[LoanSchedule, ...]
    # yearly income statement
    revenue: tuple[Decimal, ...]
    variable_costs: tuple[Decimal, ...]
    gross_margin: tuple[Decimal, ...]
    margin_rate: tuple[Decimal | None, ...]
    staff_costs: tuple[Decimal, ...]
    other_fixed_costs: tuple[Decimal, ...]
    fixed_costs: tuple[Decimal, ...]
    ebe: tuple[Decimal, ...]
    depreciation: tuple[Decimal, ...]
    ebit: tuple[Decimal, ...]
    interest: tuple[Decimal, ...]
    ebt: tuple[Decimal, ...]
    tax: tuple[Decimal, ...]
    net_income: tuple[Decimal, ...]
    caf: tuple[Decimal, ...]
    # loans, working capital, capex in the plan years
    principal_repaid: tuple[Decimal, ...]
    debt_service: tuple[Decimal, ...]
    bfr: tuple[Decimal, ...]
    delta_bfr: tuple[Decimal, ...]
    capex: tuple[Decimal, ...]
    # project cash flows (before financing), t = 0..T
    cash_flows: tuple[Decimal, ...]
    cumulative_cash_flows: tuple[Decimal, ...]
    # cash after financing, t = 0..T: resources − I0 at t = 0, then CAF − ΔBFR − capex − principal
    treasury: tuple[Decimal, ...]
    # yearly indicators
    break_even_revenue: tuple[Decimal | None, ...]
    break_even_days: tuple[Decimal | None, ...]
    dscr: tuple[Decimal | None, ...]
    # headline indicators
    discount_rate: Decimal
    npv: Decimal
    irr: Decimal | None
    payback_years: Decimal | None
    jobs: int
    cost_per_job: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able copy: every Decimal as a full-precision string, ``None`` kept."""
        return _jsonable(self)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def compute(inputs: PlanInputs) -> PlanResult:
    """Project a plan. Raises :class:`PlanValidationError` if :func:`validate` finds anything."""
    issues = validate(inputs)
    if issues:
        raise PlanValidationError(issues)
    with localcontext(prec=PRECISION):
        return _compute(inputs)


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole if whole else None


def _compute(p: PlanInputs) -> PlanResult:
    T = p.years
    years = range(1, T + 1)
    need = financing_need(p)
    fin = p.financing

    # Investment table: depreciation and replacements.
    depreciation = [ZERO] * T
    capex = [ZERO] * T
    for item in p.capex:
        cost = item.qty * item.unit_cost
        if item.year > 0:
            capex[item.year - 1] += cost
        yearly = cost / item.life_years
        for t in range(item.year + 1, min(item.year + item.life_years, T) + 1):
            depreciation[t - 1] += yearly

    # Revenue and variable costs.
    revenue, variable_costs = [], []
    for t in years:
        r = vc = ZERO
        for product in p.products:
            price, qty = _product_year(product, p, t)
            r += price * qty
            vc += product.unit_vc * qty
        revenue.append(r)
        variable_costs.append(vc)
    gross_margin = [r - vc for r, vc in zip(revenue, variable_costs, strict=True)]
    margin_rate = [gm / r if r else None for gm, r in zip(gross_margin, revenue, strict=True)]

    # Fixed costs: no indexation over the plan years.
    staff_cost = sum((s.count * s.monthly_salary * MONTHS for s in p.staff), ZERO) * (
        ONE + p.social_charge_rate
    )
    other_fixed = sum((c.amount_per_year for c in p.fixed_costs), ZERO)
    fixed = staff_cost + other_fixed

    # Loans.
    schedules = tuple(loan_schedule(loan) for loan in fin.loans)
    interest, principal = [ZERO] * T, [ZERO] * T
    for schedule in schedules:
        for row in schedule.rows[:T]:
            interest[row.year - 1] += row.interest
            principal[row.year - 1] += row.principal
    debt_service = [i + pr for i, pr in zip(interest, principal, strict=True)]

    # Income statement.
    ebe = [gm - fixed for gm in gross_margin]
    ebit = [e - d for e, d in zip(ebe, depreciation, strict=True)]
    ebt = [e - i for e, i in zip(ebit, interest, strict=True)]
    exempt = p.tax_mode == TAX_EXEMPT
    tax = [ZERO] * T if exempt else [p.tax_rate * max(ZERO, e) for e in ebt]
    net = [e - x for e, x in zip(ebt, tax, strict=True)]
    caf = [n + d for n, d in zip(net, depreciation, strict=True)]

    # Working capital.
    bfr = [p.bfr_ratio * r for r in revenue]
    delta_bfr = [b - prev for b, prev in zip(bfr, [ZERO, *bfr[:-1]], strict=True)]

    # Project cash flows before financing.
    cash_flows = [-need.investment]
    for t in years:
        i = t - 1
        cash_flows.append(ebe[i] - tax[i] - delta_bfr[i] - capex[i])
    cash_flows[T] += bfr[T - 1] + (p.residual_value or ZERO)
    cumulative, running = [], ZERO
    for cf in cash_flows:
        running += cf
        cumulative.append(running)

    # Cash after financing.
    resources = _total_resources(fin)
    treasury = [resources - need.investment]
    for i in range(T):
        treasury.append(treasury[-1] + caf[i] - delta_bfr[i] - capex[i] - principal[i])

    # Yearly indicators.
    break_even = []
    break_even_days = []
    for i in range(T):
        m = margin_rate[i]
        if m is None or m <= 0:
            break_even.append(None)
            break_even_days.append(None)
            continue
        be = (fixed + depreciation[i] + interest[i]) / m
        break_even.append(be)
        break_even_days.append(be * DAYS_PER_YEAR / revenue[i])
    dscr = [
        c / ds if schedules and ds > 0 else None for c, ds in zip(caf, debt_service, strict=True)
    ]

    own = fin.own_cash + fin.in_kind
    loans_total = sum((loan.principal for loan in fin.loans), ZERO)
    return PlanResult(
        years=T,
        investment=need.investment,
        bfr_start=need.bfr_start,
        financing_need=need.total,
        total_resources=resources,
        own_contribution=own,
        subsidies=Decimal(fin.subsidies),
        loans_total=loans_total,
        own_contribution_share=_share(own, resources),
        subsidy_share=_share(fin.subsidies, resources),
        loan_share=_share(loans_total, resources),
        loans=schedules,
        revenue=tuple(revenue),
        variable_costs=tuple(variable_costs),
        gross_margin=tuple(gross_margin),
        margin_rate=tuple(margin_rate),
        staff_costs=(staff_cost,) * T,
        other_fixed_costs=(other_fixed,) * T,
        fixed_costs=(fixed,) * T,
        ebe=tuple(ebe),
        depreciation=tuple(depreciation),
        ebit=tuple(ebit),
        interest=tuple(interest),
        ebt=tuple(ebt),
        tax=tuple(tax),
        net_income=tuple(net),
        caf=tuple(caf),
        principal_repaid=tuple(principal),
        debt_service=tuple(debt_service),
        bfr=tuple(bfr),
        delta_bfr=tuple(delta_bfr),
        capex=tuple(capex),
        cash_flows=tuple(cash_flows),
        cumulative_cash_flows=tuple(cumulative),
        treasury=tuple(treasury),
        break_even_revenue=tuple(break_even),
        break_even_days=tuple(break_even_days),
        dscr=tuple(dscr),
        discount_rate=Decimal(p.discount_rate),
        npv=npv(cash_flows, p.discount_rate),
        irr=irr(cash_flows),
        payback_years=_payback(cash_flows),
        jobs=p.jobs,
        cost_per_job=need.investment / p.jobs if p.jobs else None,
    )


# --------------------------------------------------------------------------------------------
# Plain dicts (JSON) ⇄ inputs
# --------------------------------------------------------------------------------------------


def inputs_to_dict(inputs: PlanInputs) -> dict[str, Any]:
    """JSON-able dict: amounts as strings, whole numbers as ints; inverse of inputs_from_dict."""
    return _jsonable(inputs)


def _parse_amount(value: Any) -> Any:
    # Strings and ints become Decimal; anything else (float above all) is kept as given so
    # that validate() names it precisely ("float_not_allowed", "not_a_number").
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return value
    return value


def _parse_int(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return value
    return value


def _from_dict(cls: type, data: Any, path: str, issues: list[ValidationIssue]) -> Any:
    if not isinstance(data, Mapping):
        issues.append(ValidationIssue(path, "invalid_type", {"expected": "mapping"}))
        return None
    before = len(issues)
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in known:
            issues.append(ValidationIssue(_join(path, str(key)), "unknown_field", {}))
    kwargs: dict[str, Any] = {}
    for name, f in known.items():
        here = _join(path, name)
        if name not in data:
            no_default = f.default is dataclasses.MISSING
            if no_default and f.default_factory is dataclasses.MISSING:
                issues.append(ValidationIssue(here, "missing_field", {}))
            continue
        value = data[name]
        kind = f.metadata["kind"]
        if kind == "amount":
            kwargs[name] = _parse_amount(value)
        elif kind == "int":
            kwargs[name] = _parse_int(value)
        elif kind in ("text", "choice"):
            kwargs[name] = value
        elif kind == "amounts":
            if isinstance(value, (list, tuple)):
                kwargs[name] = tuple(_parse_amount(v) for v in value)
            else:
                issues.append(ValidationIssue(here, "invalid_type", {"expected": "list"}))
        elif kind == "objects":
            if isinstance(value, (list, tuple)):
                kwargs[name] = tuple(
                    _from_dict(f.metadata["cls"], v, f"{here}[{k}]", issues)
                    for k, v in enumerate(value)
                )
            else:
                issues.append(ValidationIssue(here, "invalid_type", {"expected": "list"}))
        elif kind == "object":
            kwargs[name] = _from_dict(f.metadata["cls"], value, here, issues)
    if len(issues) > before:
        return None
    return cls(**kwargs)


def inputs_from_dict(data: Mapping[str, Any]) -> PlanInputs:
    """Build inputs from a plain dict (as stored in JSON or loaded from YAML).

    Raises :class:`PlanValidationError` for structural problems (``missing_field``,
    ``unknown_field``, ``invalid_type``). Values of the wrong kind (a float, "abc") are kept so
    that :func:`validate` reports them with their path.
    """
    issues: list[ValidationIssue] = []
    result = _from_dict(PlanInputs, data, "", issues)
    if issues:
        raise PlanValidationError(issues)
    return result
