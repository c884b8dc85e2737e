"""Finance engine: templates T1–T8, hand-computed T1 figures, edge cases and properties.

Pure Python, no database, no Django settings.
"""

from __future__ import annotations

import dataclasses
import decimal
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projectbank.finance import (
    CapexItem,
    Financing,
    FixedCost,
    Loan,
    PlanInputs,
    PlanValidationError,
    Product,
    Staff,
    compute,
    display,
    financing_need,
    inputs_from_dict,
    inputs_to_dict,
    irr,
    loan_schedule,
    npv,
    validate,
)

TEMPLATES_FILE = Path(__file__).resolve().parents[2] / "projectbank" / "demo" / "templates.yaml"
TEMPLATES = {t["code"]: t for t in yaml.safe_load(TEMPLATES_FILE.read_text("utf-8"))["templates"]}

# Investment of the bank project that uses each template (DOMAIN.md, in k MAD).
BANK_INVESTMENT = {
    "T1": 198_000,
    "T2": 298_000,
    "T3": 315_000,
    "T4": 920_000,
    "T5": 225_000,
    "T6": 99_000,
    "T7": 650_000,
    "T8": 470_000,
}

D = Decimal
# Few examples and no example database: the file must run in seconds and write nothing.
PROPERTY_SETTINGS = settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def template_inputs(code: str) -> PlanInputs:
    return inputs_from_dict(TEMPLATES[code]["plan"])


def codes(issues) -> set[str]:
    return {issue.code for issue in issues}


def rebalanced(inputs: PlanInputs) -> PlanInputs:
    """Same plan with own cash set so that the financing plan balances exactly."""
    fin = inputs.financing
    others = fin.in_kind + fin.subsidies + sum((loan.principal for loan in fin.loans), D(0))
    own = financing_need(inputs).total - others
    return dataclasses.replace(inputs, financing=dataclasses.replace(fin, own_cash=own))


def simple_plan(**changes) -> PlanInputs:
    """A small balanced plan: I0 = 100,000, R_1 = 60 % × 100,000, BFR_0 = 6,000."""
    base = PlanInputs(
        years=5,
        capex=[CapexItem("equipment", D(1), D(100000), 10)],
        products=[Product("product", D(10), D(10000), D(4))],
        ramp=[D("0.6"), D("0.8")],
        fixed_costs=[FixedCost("rent", D(12000))],
        financing=Financing(own_cash=D(106000)),
        bfr_ratio=D("0.1"),
        jobs=4,
    )
    return rebalanced(dataclasses.replace(base, **changes))


# --- templates -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_template_validates_and_computes(code):
    template = TEMPLATES[code]
    assert template["illustrative"] is True
    assert template["title"]["ar"] and template["title"]["fr"]
    assert template["sector"] in {"AGR", "AGF", "ARG", "PAM", "ART", "FSH", "SRV", "GRN", "DIG"}
    inputs = template_inputs(code)

    assert validate(inputs) == []
    result = compute(inputs)

    # the investment matches the bank project built on the template
    assert result.investment == BANK_INVESTMENT[code]
    # the financing plan covers I0 + BFR_0 exactly, and the shares add up to 100 %
    assert result.total_resources == result.investment + result.bfr_start
    shares = result.own_contribution_share + result.subsidy_share + result.loan_share
    assert shares == 1
    assert len(result.revenue) == len(result.cash_flows) - 1 == 5
    assert result.cash_flows[0] == -result.investment
    # amounts stay Decimal all the way through
    assert all(isinstance(value, Decimal) for value in result.revenue + result.cash_flows)


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_template_dict_round_trip_is_exact(code):
    plan = TEMPLATES[code]["plan"]
    inputs = inputs_from_dict(plan)

    assert inputs_to_dict(inputs) == plan
    assert inputs_from_dict(json.loads(json.dumps(inputs_to_dict(inputs)))) == inputs


def test_t1_investment_revenue_and_costs_match_hand_computation():
    result = compute(template_inputs("T1"))

    assert result.investment == 198_000  # 40 + 60 + 35 + 45 + 10 + 8 k
    # steady state 30 × 10,000 + 25 × 12,000 = 600,000, ramped 60 % / 80 % / 100 %
    assert result.revenue == (360_000, 480_000, 600_000, 600_000, 600_000)
    # variable costs 14 × 10,000 + 11.5 × 12,000 = 278,000 at 100 %
    assert result.variable_costs == (166_800, 222_400, 278_000, 278_000, 278_000)
    assert result.gross_margin[2] == 322_000
    assert display(result.margin_rate[2], 4) == D("0.5367")
    # 2 × 3,000 × 12 × 1.21 = 87,120 of salaries + 41,000 of other fixed costs
    assert result.staff_costs[0] == 87_120
    assert result.fixed_costs == (128_120,) * 5
    assert result.ebe == (65_080, 129_480, 193_880, 193_880, 193_880)
    # 40k/20 + 60k/10 + 35k/10 + 45k/7 + 10k/5 + 8k/5 = 15,100 + 6,428.57…
    assert display(result.depreciation[0]) == D("21528.57")
    assert len(set(result.depreciation)) == 1  # every life is ≥ 5 years
    assert result.tax == (0,) * 5  # exempt
    assert display(result.cost_per_job) == D("19800.00")


def test_t1_financing_plan_balances_with_start_up_working_capital():
    result = compute(template_inputs("T1"))

    assert result.bfr_start == 36_000  # 10 % of year-1 revenue 360,000
    assert result.financing_need == 234_000
    assert result.own_contribution == 23_400
    assert result.subsidies == 140_400
    assert result.loans_total == 70_200
    assert (result.own_contribution_share, result.subsidy_share, result.loan_share) == (
        D("0.1"),
        D("0.6"),
        D("0.3"),
    )
    # 70,200 at 2 % over 5 years: A = 70,200 × 0.02 / (1 − 1.02^−5) = 14,893.52
    loan = result.loans[0]
    assert display(loan.annuity) == D("14893.52")
    assert result.interest[0] == 1_404
    assert display(sum(row.principal for row in loan.rows)) == 70_200
    assert loan.rows[-1].closing == 0
    assert display(result.dscr[0]) == D("4.28")  # (65,080 − 1,404) / 14,893.52


def test_t1_cash_flows_and_headline_indicators():
    result = compute(template_inputs("T1"))

    # CF_t = EBE_t − ΔBFR_t; the last year gives back BFR_5 = 60,000
    assert result.cash_flows == (-198_000, 29_080, 117_480, 181_880, 193_880, 253_880)
    assert display(result.npv) == D("389322.35")
    # IRR ≈ 49.81 %: NPV(49.80 %) > 0 > NPV(49.81 %)
    assert D("0.4980") < result.irr < D("0.4981")
    assert display(result.irr * 100) == D("49.81")
    # cumulative −51,440 after year 2, +181,880 in year 3 → 2 + 51,440/181,880
    assert display(result.payback_years, 4) == D("2.2828")
    # break-even year 3: (128,120 + 21,528.57 + 859.02) / (322,000 / 600,000) = 280,448.93
    assert display(result.break_even_revenue[2]) == D("280448.93")
    assert display(result.break_even_days[2], 1) == D("168.3")


# --- IRR, NPV, payback ---------------------------------------------------------------------


def test_irr_is_none_when_cash_flows_are_all_negative():
    assert irr([D(-1000), D(-100), D(-100)]) is None
    assert irr([D(-1000), D(0), D(0)]) is None


def test_plan_that_never_pays_back_has_no_irr_and_no_payback():
    # price 5 below unit cost 6: every year loses money
    inputs = simple_plan(products=[Product("loss maker", D(5), D(10000), D(6))])

    result = compute(inputs)

    assert all(cf < 0 for cf in result.cash_flows)
    assert result.irr is None
    assert result.payback_years is None
    assert result.break_even_revenue == (None,) * 5  # no margin to cover fixed costs
    assert result.npv < 0


def test_irr_of_a_one_year_investment_is_its_return():
    assert abs(irr([D(-100), D(110)]) - D("0.10")) < D("1e-8")
    assert abs(irr([D(-1000), D(500), D(500), D(500)]) - D("0.2337519")) < D("1e-6")


def test_npv_discounts_each_year():
    assert npv([D(-100), D(108)], D("0.08")) == 0
    assert npv([D(-100), D(50), D(50)], D(0)) == 0


# --- tax --------------------------------------------------------------------------------------


def test_standard_tax_lowers_net_income_only_in_profitable_years():
    exempt = compute(template_inputs("T1"))
    standard = compute(
        dataclasses.replace(template_inputs("T1"), tax_mode="standard", tax_rate=D("0.20"))
    )

    for t in range(5):
        assert exempt.ebt[t] > 0
        assert display(standard.tax[t]) == display(D("0.20") * exempt.ebt[t])
        assert standard.net_income[t] < exempt.net_income[t]
    assert standard.npv < exempt.npv


def test_standard_tax_changes_nothing_when_the_plan_makes_a_loss():
    losing = simple_plan(products=[Product("thin margin", D(10), D(1000), D(9))])
    taxed = dataclasses.replace(losing, tax_mode="standard", tax_rate=D("0.30"))

    exempt_result, standard_result = compute(losing), compute(taxed)

    assert all(ebt <= 0 for ebt in exempt_result.ebt)
    assert standard_result.tax == (0,) * 5
    assert standard_result.net_income == exempt_result.net_income
    assert standard_result.npv == exempt_result.npv


def test_standard_tax_needs_a_rate():
    issues = validate(dataclasses.replace(simple_plan(), tax_mode="standard", tax_rate=D(0)))
    assert codes(issues) == {"tax_rate_required"}


# --- loans ------------------------------------------------------------------------------------


def test_zero_rate_honour_loan_repays_principal_in_equal_parts_without_interest():
    result = compute(template_inputs("T5"))
    loan = result.loans[0]

    assert loan.rate == 0
    assert loan.annuity == D(70_740) / 5 == D("14148")
    assert [row.interest for row in loan.rows] == [0] * 5
    assert [row.payment for row in loan.rows] == [D("14148")] * 5
    assert result.interest == (0,) * 5
    assert loan.rows[-1].closing == 0


def test_grace_years_pay_interest_only_then_an_annuity_over_the_remaining_years():
    # Forsa-like: 100,000 over 10 years of which 2 years' grace, here at 2 %
    schedule = loan_schedule(Loan("Forsa", D(100_000), D("0.02"), 10, grace_years=2))

    grace, repayment = schedule.rows[:2], schedule.rows[2:]
    assert [(row.interest, row.principal) for row in grace] == [(2000, 0), (2000, 0)]
    # annuity over the remaining 8 years: 100,000 × 0.02 / (1 − 1.02^−8) = 13,650.98
    assert display(schedule.annuity) == D("13650.98")
    assert len(repayment) == 8
    assert all(display(row.payment) == D("13650.98") for row in repayment)
    assert display(sum(row.principal for row in schedule.rows)) == 100_000
    assert schedule.rows[-1].closing == 0


def test_zero_rate_loan_with_grace_pays_nothing_during_grace():
    schedule = loan_schedule(Loan("honour", D(90_000), D(0), 5, grace_years=2))

    assert [row.payment for row in schedule.rows] == [0, 0, 30_000, 30_000, 30_000]
    assert schedule.rows[-1].closing == 0


def test_loan_longer_than_the_plan_counts_only_plan_years_and_dscr_uses_debt_service():
    inputs = simple_plan(
        financing=Financing(
            own_cash=D(0),
            loans=[Loan("Forsa", D(50_000), D(0), 10, grace_years=2)],
        )
    )

    result = compute(inputs)

    assert result.principal_repaid == (0, 0, 6_250, 6_250, 6_250)
    assert result.dscr[:2] == (None, None)  # nothing due during a zero-rate grace
    assert result.dscr[2] == result.caf[2] / 6_250


def test_plan_without_loans_has_no_dscr():
    assert compute(simple_plan()).dscr == (None,) * 5


# --- validation -------------------------------------------------------------------------------


def test_unbalanced_financing_is_an_error_with_the_gap():
    inputs = template_inputs("T1")
    short = dataclasses.replace(
        inputs, financing=dataclasses.replace(inputs.financing, own_cash=D(22_400))
    )

    with pytest.raises(PlanValidationError) as error:
        compute(short)

    [issue] = error.value.issues
    assert issue.code == "unbalanced_financing"
    assert issue.field == "financing"
    assert issue.params["gap"] == -1_000  # 1,000 MAD still to be found
    assert issue.params["needs"] == 234_000
    assert issue.params["bfr_start"] == 36_000


def test_negative_quantity_is_an_error_naming_the_product():
    inputs = template_inputs("T1")
    products = list(inputs.products)
    products[1] = dataclasses.replace(products[1], qty=D(-12_000))

    with pytest.raises(PlanValidationError) as error:
        compute(dataclasses.replace(inputs, products=products))

    assert ("products[1].qty", "negative") in {(i.field, i.code) for i in error.value.issues}


def test_float_input_is_rejected_not_converted():
    inputs = dataclasses.replace(simple_plan(), discount_rate=0.08, ramp=[D("0.6"), 0.8])

    issues = validate(inputs)

    assert {(i.field, i.code) for i in issues} == {
        ("discount_rate", "float_not_allowed"),
        ("ramp[1]", "float_not_allowed"),
    }
    with pytest.raises(PlanValidationError):
        compute(inputs)


def test_float_in_a_json_plan_is_rejected():
    plan = json.loads(json.dumps(TEMPLATES["T1"]["plan"]))
    plan["products"][0]["price"] = 30.0

    issues = validate(inputs_from_dict(plan))

    assert [(i.field, i.code) for i in issues] == [("products[0].price", "float_not_allowed")]


def test_text_that_is_not_a_number_is_reported():
    plan = json.loads(json.dumps(TEMPLATES["T1"]["plan"]))
    plan["capex"][0]["unit_cost"] = "40 000,00"
    plan["years"] = "five"

    found = {(i.field, i.code) for i in validate(inputs_from_dict(plan))}

    assert found == {("capex[0].unit_cost", "not_a_number"), ("years", "not_an_integer")}


def test_unknown_or_missing_keys_in_a_stored_plan_are_errors():
    plan = json.loads(json.dumps(TEMPLATES["T1"]["plan"]))
    plan["capitl"] = "1000"
    del plan["financing"]["loans"][0]["principal"]

    with pytest.raises(PlanValidationError) as error:
        inputs_from_dict(plan)

    assert {(i.field, i.code) for i in error.value.issues} == {
        ("capitl", "unknown_field"),
        ("financing.loans[0].principal", "missing_field"),
    }


@pytest.mark.parametrize("years", [2, 6])
def test_years_outside_three_to_five_are_rejected(years):
    issues = validate(dataclasses.replace(simple_plan(), years=years))
    assert ("years", "years_out_of_range") in {(i.field, i.code) for i in issues}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"qty_growth": D(-1)}, ("products[0].qty_growth", "rate_out_of_range")),
        ({"price": D("1e30")}, ("products[0].price", "too_large")),
        ({"unit_vc": D("NaN")}, ("products[0].unit_vc", "not_finite")),
    ],
)
def test_absurd_values_are_validation_issues_not_crashes(change, expected):
    inputs = simple_plan()
    product = dataclasses.replace(inputs.products[0], **change)

    issues = validate(dataclasses.replace(inputs, products=[product]))

    assert expected in {(i.field, i.code) for i in issues}


def test_grace_as_long_as_the_loan_is_rejected():
    inputs = simple_plan(
        financing=Financing(own_cash=D(0), loans=[Loan("x", D(1000), D("0.02"), 3, 3)])
    )
    assert codes(validate(inputs)) == {"grace_too_long"}


def test_validation_issue_serialises_to_json():
    inputs = dataclasses.replace(simple_plan(), financing=Financing(own_cash=D(1)))
    payload = json.dumps([issue.to_dict() for issue in validate(inputs)])
    [issue] = json.loads(payload)
    assert issue["code"] == "unbalanced_financing"
    assert Decimal(issue["params"]["gap"]) == -105_999


# --- working capital, replacements, residual value ------------------------------------------


def test_replacement_capex_is_paid_in_its_year_and_depreciated_afterwards():
    inputs = simple_plan(
        capex=[
            CapexItem("equipment", D(1), D(100_000), 10),
            CapexItem("computer", D(1), D(6_000), 3, year=2),
        ]
    )

    result = compute(inputs)

    assert result.investment == 100_000  # the replacement is not part of I0
    assert result.capex == (0, 6_000, 0, 0, 0)
    assert result.depreciation == (10_000, 10_000, 12_000, 12_000, 12_000)
    base = compute(simple_plan())
    assert result.cash_flows[2] == base.cash_flows[2] - 6_000


def test_working_capital_is_spent_as_revenue_grows_and_given_back_at_the_end():
    result = compute(simple_plan(residual_value=D(25_000)))

    assert result.bfr == (6_000, 8_000, 10_000, 10_000, 10_000)
    assert result.delta_bfr == (6_000, 2_000, 2_000, 0, 0)
    assert result.bfr_start == 6_000
    assert result.cash_flows[5] == result.ebe[4] + 10_000 + 25_000


def test_capacity_caps_growing_volume_before_the_ramp():
    product = Product("jam", D(20), D(1_000), D(8), capacity=D(1_100), qty_growth=D("0.10"))
    result = compute(simple_plan(products=[product], ramp=[]))

    # 1,000 · 1.1^(t−1) capped at 1,100
    assert result.revenue == (20_000, 22_000, 22_000, 22_000, 22_000)


# --- display and context ----------------------------------------------------------------------


def test_display_rounds_half_up_and_refuses_floats():
    assert display(D("2.345")) == D("2.35")
    assert display(D("2.344")) == D("2.34")
    assert display(D("-2.345")) == D("-2.35")
    assert display(D("1234.5"), 0) == D("1235")
    assert display(None) is None
    with pytest.raises(TypeError):
        display(2.345)


def test_compute_leaves_the_global_decimal_context_alone():
    before = decimal.getcontext().copy()
    compute(template_inputs("T1"))
    after = decimal.getcontext()
    assert (after.prec, after.rounding) == (before.prec, before.rounding)


def test_result_to_dict_is_json_with_decimal_strings():
    data = json.loads(json.dumps(compute(template_inputs("T1")).to_dict()))

    assert data["investment"] == "198000"
    assert Decimal(data["cash_flows"][1]) == 29_080
    assert Decimal(data["loans"][0]["rows"][0]["interest"]) == 1_404
    assert data["irr"] is not None and data["break_even_days"][2].startswith("168.26")
    assert Decimal(data["npv"]) > 0


# --- properties -------------------------------------------------------------------------------


def _amount(low: int, high: int, places: int = 0):
    return st.integers(low * 10**places, high * 10**places).map(lambda n: D(n).scaleb(-places))


@st.composite
def plausible_plans(draw) -> PlanInputs:
    years = draw(st.integers(3, 5))
    capex = [
        CapexItem(
            f"asset {k}",
            draw(_amount(1, 10)),
            draw(_amount(1_000, 200_000)),
            draw(st.integers(1, 20)),
        )
        for k in range(draw(st.integers(1, 4)))
    ]
    if draw(st.booleans()):
        capex.append(
            CapexItem("replacement", D(1), draw(_amount(0, 50_000)), 5, draw(st.integers(1, years)))
        )
    products = []
    for k in range(draw(st.integers(1, 3))):
        price = draw(_amount(1, 500, 2))
        products.append(
            Product(
                f"product {k}",
                price,
                draw(_amount(10, 50_000)),
                display(price * draw(_amount(0, 90, 2)) / 100),
                capacity=draw(st.none() | _amount(10, 60_000)),
                price_growth=draw(_amount(0, 10, 2)) / 100,
                qty_growth=draw(_amount(0, 20, 2)) / 100,
            )
        )
    ramp = draw(st.lists(_amount(30, 100).map(lambda n: n / 100), max_size=years))
    standard = draw(st.booleans())
    inputs = PlanInputs(
        years=years,
        capex=capex,
        products=products,
        ramp=ramp,
        fixed_costs=[
            FixedCost(f"cost {k}", draw(_amount(0, 100_000)))
            for k in range(draw(st.integers(0, 2)))
        ],
        staff=[Staff("staff", draw(_amount(0, 4)), draw(_amount(2_500, 6_000)))],
        social_charge_rate=D("0.21"),
        financing=Financing(),
        discount_rate=draw(_amount(0, 20)) / 100,
        bfr_ratio=draw(_amount(0, 30)) / 100,
        tax_mode="standard" if standard else "exempt",
        tax_rate=draw(_amount(10, 35)) / 100 if standard else D(0),
        jobs=draw(st.integers(0, 12)),
    )
    need = financing_need(inputs).total
    loans = []
    for k in range(draw(st.integers(0, 2))):
        loan_years = draw(st.integers(1, 10))
        loans.append(
            Loan(
                f"loan {k}",
                need * draw(_amount(1, 30)) / 100,
                draw(_amount(0, 100, 1)) / 1000,
                loan_years,
                draw(st.integers(0, loan_years - 1)),
            )
        )
    financing = Financing(subsidies=need * draw(_amount(0, 30)) / 100, loans=loans)
    return rebalanced(dataclasses.replace(inputs, financing=financing))


@PROPERTY_SETTINGS
@given(plausible_plans())
def test_npv_at_the_irr_is_zero(inputs):
    result = compute(inputs)
    flows, rate = result.cash_flows, result.irr

    if rate is None:
        # no IRR: the NPV keeps one sign across the whole range of rates
        signs = {npv(flows, D(r)) > 0 for r in ("-0.9", "-0.5", "0", "0.1", "0.5", "2", "10")}
        assert len(signs) == 1
    else:
        # zero relative to the size of the flows discounted at that rate …
        scale = npv([abs(cf) for cf in flows], rate)
        assert abs(npv(flows, rate)) <= scale * D("1e-6")
        # … and a genuine root: the NPV changes sign across it
        step = (1 + rate) * D("1e-6")
        below, above = npv(flows, rate - step), npv(flows, rate + step)
        assert (below > 0) != (above > 0) or 0 in (below, above)


@PROPERTY_SETTINGS
@given(plausible_plans())
def test_doubling_every_price_never_lowers_the_npv(inputs):
    doubled = rebalanced(
        dataclasses.replace(
            inputs, products=[dataclasses.replace(p, price=p.price * 2) for p in inputs.products]
        )
    )

    assert compute(doubled).npv >= compute(inputs).npv


@settings(PROPERTY_SETTINGS, max_examples=20)
@given(plausible_plans())
def test_generated_plans_round_trip_through_json(inputs):
    stored = json.loads(json.dumps(inputs_to_dict(inputs)))
    assert inputs_from_dict(stored) == inputs
