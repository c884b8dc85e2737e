"""Export a learner's plan as an Excel workbook whose model still works.

Two sheets: *Inputs* holds every figure of the plan as a plain value; *Model* computes the
yearly tables and the indicators (NPV, IRR, payback, break-even) with real Excel formulas that
reference *Inputs*, following the formulas of :mod:`projectbank.finance` (DOMAIN.md). Change a
price in *Inputs* and the model recomputes in Excel or LibreOffice. The number of year columns
is the plan's (3–5); the years cell is informative.

Must never: let text typed by a user (a label, the plan or project name) become a formula.
Every such cell is written as a string cell with Excel's "quote prefix" style, whatever its
first character (``=``, ``+``, ``-``, ``@``, tab); only the model's own cells are formulas.
"""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from content.text import starts_like_formula

from . import finance

BOLD = Font(bold=True)


def put_text(ws, ref: str, text: str):
    """A cell that is text and stays text, whatever it starts with."""
    cell = ws[ref]
    cell.value = str(text)
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if starts_like_formula(text):
        cell.quotePrefix = True  # Excel/LibreOffice keep it text when the cell is edited
    return cell


def _num(value) -> Decimal | int | None:
    if value is None:
        return None
    return value if isinstance(value, int) else Decimal(value)


class _Inputs:
    """Writes the Inputs sheet and remembers where each figure is (absolute references)."""

    def __init__(self, ws, inputs: finance.PlanInputs):
        self.ws = ws
        self.p = inputs
        self.row = 1
        self.refs: dict[str, str] = {}

    def ref(self, col: int, row: int) -> str:
        return f"Inputs!${get_column_letter(col)}${row}"

    def title(self, text: str):
        self.row += 1
        put_text(self.ws, f"A{self.row}", text).font = BOLD
        self.row += 1

    def param(self, key: str, label: str, value):
        put_text(self.ws, f"A{self.row}", label)
        if isinstance(value, str):
            put_text(self.ws, f"B{self.row}", value)
        else:
            self.ws.cell(self.row, 2, _num(value))
        self.refs[key] = self.ref(2, self.row)
        self.row += 1

    def table(self, key: str, title: str, columns: list[tuple[str, str]], items) -> list[dict]:
        self.title(title)
        for c, (_name, header) in enumerate(columns, start=1):
            put_text(self.ws, f"{get_column_letter(c)}{self.row}", header).font = BOLD
        self.row += 1
        rows = []
        for item in items:
            refs = {}
            for c, (name, _header) in enumerate(columns, start=1):
                value = getattr(item, name)
                if name == "label":
                    put_text(self.ws, f"{get_column_letter(c)}{self.row}", value)
                else:
                    self.ws.cell(self.row, c, _num(value))
                refs[name] = self.ref(c, self.row)
            rows.append(refs)
            self.row += 1
        return rows


def _write_inputs(ws, plan, inputs: finance.PlanInputs):
    ws.title = "Inputs"
    ws.column_dimensions["A"].width = 42
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 14
    w = _Inputs(ws, inputs)
    put_text(ws, "A1", _("Plan")).font = BOLD
    put_text(ws, "B1", plan.name)
    put_text(ws, "A2", _("Bank project"))
    if plan.project is not None:
        put_text(ws, "B2", f"{plan.project.external_id} {plan.project.title}")
    put_text(ws, "A3", _("Model"))
    put_text(ws, "B3", f"{plan.template.code} v{plan.template_version}")
    put_text(ws, "A4", _("Amounts in MAD; rates as fractions (0.08 means 8 percent)."))
    w.row = 5
    w.title(_("Parameters"))
    f = inputs.financing
    w.param("years", _("Years projected"), inputs.years)
    w.param("discount_rate", _("Discount rate"), inputs.discount_rate)
    w.param("social_charge_rate", _("Social charges, share of salaries"), inputs.social_charge_rate)
    w.param("bfr_ratio", _("Working capital, share of revenue"), inputs.bfr_ratio)
    w.param("tax_mode", _("Tax mode (exempt or standard)"), inputs.tax_mode)
    w.param("tax_rate", _("Tax rate"), inputs.tax_rate)
    w.param("jobs", _("Jobs"), inputs.jobs)
    w.param("residual_value", _("Residual value at the end"), inputs.residual_value or 0)
    w.param("own_cash", _("Own contribution in cash"), f.own_cash)
    w.param("in_kind", _("Own contribution in kind"), f.in_kind)
    w.param("subsidies", _("Subsidies"), f.subsidies)

    w.title(_("Ramp-up (share of the yearly quantity)"))
    ramp = []
    for t in range(1, inputs.years + 1):
        ws.cell(w.row, t + 1, t)
        ws.cell(w.row + 1, t + 1, _num(inputs.ramp[t - 1]) if t <= len(inputs.ramp) else 1)
        ramp.append(w.ref(t + 1, w.row + 1))
    put_text(ws, f"A{w.row}", _("Year"))
    put_text(ws, f"A{w.row + 1}", _("Ramp-up"))
    w.row += 2

    tables = {
        "capex": w.table(
            "capex",
            _("Investment"),
            [
                ("label", _("Label")),
                ("qty", _("Quantity")),
                ("unit_cost", _("Unit cost")),
                ("life_years", _("Life (years)")),
                ("year", _("Year paid (0 = start)")),
            ],
            inputs.capex,
        ),
        "products": w.table(
            "products",
            _("Products and services"),
            [
                ("label", _("Label")),
                ("price", _("Price")),
                ("qty", _("Quantity per year")),
                ("unit_vc", _("Variable cost per unit")),
                ("capacity", _("Capacity")),
                ("price_growth", _("Price growth")),
                ("qty_growth", _("Quantity growth")),
            ],
            inputs.products,
        ),
        "staff": w.table(
            "staff",
            _("Staff"),
            [
                ("label", _("Label")),
                ("count", _("People")),
                ("monthly_salary", _("Monthly salary")),
            ],
            inputs.staff,
        ),
        "fixed": w.table(
            "fixed",
            _("Other fixed costs"),
            [("label", _("Label")), ("amount_per_year", _("Amount per year"))],
            inputs.fixed_costs,
        ),
        "loans": w.table(
            "loans",
            _("Loans"),
            [
                ("label", _("Label")),
                ("principal", _("Amount")),
                ("rate", _("Interest rate")),
                ("years", _("Years")),
                ("grace_years", _("Grace years")),
            ],
            f.loans,
        ),
    }
    return w.refs, ramp, tables


def _sum(terms: list[str]) -> str:
    return "+".join(terms) if terms else "0"


class _Model:
    """The Model sheet: column A labels, column B is t = 0, columns C… are years 1…T."""

    def __init__(self, ws, years: int):
        self.ws = ws
        self.T = years
        self.row = 1
        ws.title = "Model"
        ws.column_dimensions["A"].width = 44
        for t in range(0, years + 1):
            ws.column_dimensions[get_column_letter(t + 2)].width = 15
        put_text(ws, "A1", _("Year")).font = BOLD
        for t in range(0, years + 1):
            ws.cell(1, t + 2, t).font = BOLD
        self.row = 2
        self.rows: dict[str, int] = {}

    @staticmethod
    def col(t: int) -> str:
        return get_column_letter(t + 2)

    def at(self, key: str, t: int) -> str:
        return f"{self.col(t)}{self.rows[key]}"

    def line(self, key: str, label: str, formula_for, *, t0=None, bold=False):
        """One yearly row; ``formula_for(t)`` gives the formula (without "=") of year t."""
        self.rows[key] = self.row
        cell = put_text(self.ws, f"A{self.row}", label)
        if bold:
            cell.font = BOLD
        if t0 is not None:
            self.ws[f"B{self.row}"] = "=" + t0
        for t in range(1, self.T + 1):
            self.ws[f"{self.col(t)}{self.row}"] = "=" + formula_for(t)
        self.row += 1

    def single(self, key: str, label: str, formula: str, *, bold=True):
        self.rows[key] = self.row
        put_text(self.ws, f"A{self.row}", label).font = BOLD if bold else Font()
        self.ws[f"B{self.row}"] = "=" + formula
        self.row += 1

    def gap(self, title: str | None = None):
        self.row += 1
        if title:
            put_text(self.ws, f"A{self.row}", title).font = BOLD
            self.row += 1


def _write_model(ws, inputs: finance.PlanInputs, refs, ramp, tables):
    m = _Model(ws, inputs.years)
    T = inputs.years
    year = m.col  # noqa: F841  (kept for readability in formulas below)

    # Revenue and variable costs, product by product.
    m.gap(_("Revenue"))
    qty_keys, rev_keys = [], []
    for i, (product, r) in enumerate(zip(inputs.products, tables["products"], strict=True)):
        qk, rk = f"qty{i}", f"rev{i}"

        def qty(t, r=r, product=product):
            grown = f"{r['qty']}*(1+{r['qty_growth']})^({t}-1)"
            capped = f"MIN({r['capacity']},{grown})" if product.capacity is not None else grown
            return f"{capped}*{ramp[t - 1]}"

        put = f"{_('Quantity')}: "
        m.line(qk, put, qty)
        put_text(ws, f"A{m.rows[qk]}", put + product.label)
        m.line(
            rk,
            "",
            lambda t, r=r, qk=qk: f"{r['price']}*(1+{r['price_growth']})^({t}-1)*{m.at(qk, t)}",
        )
        put_text(ws, f"A{m.rows[rk]}", f"{_('Revenue')}: {product.label}")
        qty_keys.append(qk)
        rev_keys.append(rk)
    m.line("revenue", _("Revenue"), lambda t: _sum([m.at(k, t) for k in rev_keys]), bold=True)
    m.line(
        "vc",
        _("Variable costs"),
        lambda t: _sum(
            [
                f"{r['unit_vc']}*{m.at(k, t)}"
                for r, k in zip(tables["products"], qty_keys, strict=True)
            ]
        ),
    )
    m.line("gm", _("Gross margin"), lambda t: f"{m.at('revenue', t)}-{m.at('vc', t)}")
    m.line(
        "margin_rate",
        _("Margin rate"),
        lambda t: f"IF({m.at('revenue', t)}=0,0,{m.at('gm', t)}/{m.at('revenue', t)})",
    )

    # Fixed costs.
    staff = _sum([f"{r['count']}*{r['monthly_salary']}" for r in tables["staff"]])
    m.line("staff", _("Staff costs"), lambda t: f"({staff})*12*(1+{refs['social_charge_rate']})")
    fixed = _sum([r["amount_per_year"] for r in tables["fixed"]])
    m.line("other_fixed", _("Other fixed costs"), lambda t: fixed)
    m.line("fc", _("Fixed costs"), lambda t: f"{m.at('staff', t)}+{m.at('other_fixed', t)}")
    m.line(
        "ebe",
        _("Gross operating surplus (EBE)"),
        lambda t: f"{m.at('gm', t)}-{m.at('fc', t)}",
        bold=True,
    )

    # Investment, depreciation, replacements.
    m.gap(_("Investment and depreciation"))

    def cost(r):
        return f"{r['qty']}*{r['unit_cost']}"

    m.single(
        "i0",
        _("Initial investment (I0)"),
        _sum([f"IF({r['year']}=0,{cost(r)},0)" for r in tables["capex"]]),
    )
    m.line(
        "dep",
        _("Depreciation"),
        lambda t: _sum(
            [
                f"IF(AND({t}>={r['year']}+1,{t}<={r['year']}+{r['life_years']}),"
                f"{cost(r)}/{r['life_years']},0)"
                for r in tables["capex"]
            ]
        ),
    )
    m.line(
        "capex",
        _("Replacement investment"),
        lambda t: _sum([f"IF({r['year']}={t},{cost(r)},0)" for r in tables["capex"]]),
    )

    # Loans: opening balance, interest and principal year by year.
    m.gap(_("Loans"))
    int_keys, prin_keys = [], []
    for i, r in enumerate(tables["loans"]):
        ak, ok, ik, pk = f"ann{i}", f"open{i}", f"int{i}", f"prin{i}"
        n = f"({r['years']}-{r['grace_years']})"
        m.single(
            ak,
            f"{_('Annuity')} {i + 1}",
            f"IF({r['rate']}=0,{r['principal']}/{n},"
            f"{r['principal']}*{r['rate']}/(1-(1+{r['rate']})^(-{n})))",
            bold=False,
        )
        m.rows[pk] = m.row + 2  # the principal row comes two rows below the opening balance
        m.line(
            ok,
            f"{_('Outstanding at the start of the year')} {i + 1}",
            lambda t, r=r, pk=pk, ok=ok: (
                r["principal"] if t == 1 else f"{m.at(ok, t - 1)}-{m.at(pk, t - 1)}"
            ),
        )
        m.line(ik, f"{_('Interest')} {i + 1}", lambda t, r=r, ok=ok: f"{r['rate']}*{m.at(ok, t)}")
        m.line(
            pk,
            f"{_('Principal repaid')} {i + 1}",
            lambda t, r=r, ok=ok, ik=ik, ak=ak: (
                f"IF({t}<={r['grace_years']},0,IF({t}={r['years']},{m.at(ok, t)},"
                f"IF({t}>{r['years']},0,$B${m.rows[ak]}-{m.at(ik, t)})))"
            ),
        )
        int_keys.append(ik)
        prin_keys.append(pk)
    m.line("interest", _("Interest"), lambda t: _sum([m.at(k, t) for k in int_keys]))
    m.line("principal", _("Loan repayments"), lambda t: _sum([m.at(k, t) for k in prin_keys]))

    # Income statement.
    m.gap(_("Income statement"))
    m.line("ebit", _("Operating result (EBIT)"), lambda t: f"{m.at('ebe', t)}-{m.at('dep', t)}")
    m.line("ebt", _("Result before tax"), lambda t: f"{m.at('ebit', t)}-{m.at('interest', t)}")
    m.line(
        "tax",
        _("Tax"),
        lambda t: f'IF({refs["tax_mode"]}="exempt",0,{refs["tax_rate"]}*MAX(0,{m.at("ebt", t)}))',
    )
    m.line("net", _("Net income"), lambda t: f"{m.at('ebt', t)}-{m.at('tax', t)}", bold=True)
    m.line("caf", _("Cash from operations (CAF)"), lambda t: f"{m.at('net', t)}+{m.at('dep', t)}")

    # Working capital and cash flows.
    m.gap(_("Cash flows"))
    m.line("bfr", _("Working capital (BFR)"), lambda t: f"{refs['bfr_ratio']}*{m.at('revenue', t)}")
    m.line(
        "dbfr",
        _("Change in working capital"),
        lambda t: m.at("bfr", t) if t == 1 else f"{m.at('bfr', t)}-{m.at('bfr', t - 1)}",
    )

    def cash_flow(t):
        base = f"{m.at('ebe', t)}-{m.at('tax', t)}-{m.at('dbfr', t)}-{m.at('capex', t)}"
        if t == T:
            base += f"+{m.at('bfr', t)}+{refs['residual_value']}"
        return base

    m.line("cf", _("Project cash flow"), cash_flow, t0=f"-$B${m.rows['i0']}", bold=True)
    m.line(
        "cum",
        _("Cumulative cash flow"),
        lambda t: f"{m.at('cum', t - 1)}+{m.at('cf', t)}",
        t0=f"B{m.rows['cf']}",
    )
    big = "1E+99"
    m.line(
        "payback_year",
        _("Payback reached this year (years)"),
        lambda t: (
            f"IF(AND({m.at('cum', t - 1)}<0,{m.at('cum', t)}>=0),"
            f"({t}-1)+(-{m.at('cum', t - 1)})/{m.at('cf', t)},{big})"
        ),
    )
    m.line(
        "break_even",
        _("Break-even revenue"),
        lambda t: (
            f"IF({m.at('margin_rate', t)}<=0,0,"
            f"({m.at('fc', t)}+{m.at('dep', t)}+{m.at('interest', t)})/{m.at('margin_rate', t)})"
        ),
    )

    # Financing plan and indicators.
    last = m.col(T)
    m.gap(_("Financing plan"))
    m.single(
        "need",
        _("Needs: investment + start-up working capital"),
        f"B{m.rows['i0']}+C{m.rows['bfr']}",
    )
    loans = _sum([r["principal"] for r in tables["loans"]])
    m.single(
        "resources",
        _("Resources: own contribution + subsidies + loans"),
        f"{refs['own_cash']}+{refs['in_kind']}+{refs['subsidies']}+{loans}",
    )
    m.single(
        "balance",
        _("Resources minus needs (must be 0)"),
        f"B{m.rows['resources']}-B{m.rows['need']}",
    )
    m.gap(_("Indicators"))
    cf = f"B{m.rows['cf']}:{last}{m.rows['cf']}"
    m.single(
        "npv",
        _("Net present value (NPV)"),
        f"B{m.rows['cf']}+NPV({refs['discount_rate']},C{m.rows['cf']}:{last}{m.rows['cf']})",
    )
    m.single("irr", _("Internal rate of return (IRR)"), f'IFERROR(IRR({cf}),"n/a")')
    pb = f"C{m.rows['payback_year']}:{last}{m.rows['payback_year']}"
    m.single(
        "payback",
        _("Payback (years)"),
        f'IF(B{m.rows["cum"]}>=0,0,IF(MIN({pb})>=1E+98,"n/a",MIN({pb})))',
    )
    m.single("break_even_last", _("Break-even revenue, last year"), f"{last}{m.rows['break_even']}")
    m.single(
        "cost_per_job",
        _("Investment per job"),
        f'IF({refs["jobs"]}=0,"n/a",B{m.rows["i0"]}/{refs["jobs"]})',
    )
    return m


def build_workbook(plan) -> tuple[Workbook, dict[str, str]]:
    """The workbook and where its headline indicators are (``{"npv": "Model!B60", …}``)."""
    inputs = finance.inputs_from_dict(plan.inputs)
    wb = Workbook()
    refs, ramp, tables = _write_inputs(wb.active, plan, inputs)
    model = _write_model(wb.create_sheet(), inputs, refs, ramp, tables)
    where = {
        key: f"Model!B{model.rows[key]}"
        for key in ("npv", "irr", "payback", "break_even_last", "need", "balance", "i0")
    }
    return wb, where


def plan_workbook(plan) -> bytes:
    wb, _where = build_workbook(plan)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
