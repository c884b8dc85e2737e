"""The learner's plan form: the figures a village changes (prices, quantities, staff, fixed
costs, loans, own contribution and subsidies), server-rendered, usable with JS off.

Rates are typed as percentages and stored as fractions. Figures the form does not show (a
product's capacity or growth, a replacement year, the ramp-up) are carried over from the
plan's current inputs by each row's ``ref``.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import finance
from .models import BankProject, ProjectIdea, Region

HUNDRED = Decimal(100)


def _amount(label, places=2, **kwargs):
    return forms.DecimalField(
        label=label, max_digits=16, decimal_places=places, min_value=0, **kwargs
    )


def _pct(label):
    return forms.DecimalField(
        label=label, max_digits=7, decimal_places=3, min_value=0, max_value=100
    )


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Plan name"), max_length=120)
    project = forms.ModelChoiceField(
        label=_("Bank project"),
        queryset=BankProject.objects.filter(status=BankProject.Status.PUBLISHED).order_by(
            "external_id"
        ),
        required=False,
        to_field_name="external_id",
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    years = forms.TypedChoiceField(
        label=_("Years projected"),
        choices=[(n, n) for n in range(finance.MIN_YEARS, finance.MAX_YEARS + 1)],
        coerce=int,
    )
    jobs = forms.IntegerField(label=_("Jobs"), min_value=0, max_value=100000)
    own_cash = _amount(_("Own contribution in cash (MAD)"))
    in_kind = _amount(_("Own contribution in kind (MAD)"))
    subsidies = _amount(_("Subsidies (MAD)"))
    bfr_pct = _pct(_("Working capital (percent of revenue)"))
    social_charge_pct = _pct(_("Social charges (percent of salaries)"))
    discount_pct = _pct(_("Discount rate (percent)"))
    tax_mode = forms.ChoiceField(
        label=_("Tax"),
        choices=[(finance.TAX_EXEMPT, _("Exempt")), (finance.TAX_STANDARD, _("Standard rate"))],
    )
    tax_pct = _pct(_("Tax rate, %"))


class RowForm(forms.Form):
    ref = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    label = forms.CharField(label=_("Label"), max_length=120)


class CapexForm(RowForm):
    qty = _amount(_("Quantity"), places=4)
    unit_cost = _amount(_("Unit cost (MAD)"))
    life_years = forms.IntegerField(
        label=_("Life (years)"), min_value=1, max_value=finance.MAX_LIFE_YEARS
    )


class ProductForm(RowForm):
    price = _amount(_("Price (MAD)"), places=4)
    qty = _amount(_("Quantity per year"), places=4)
    unit_vc = _amount(_("Variable cost per unit (MAD)"), places=4)


class FixedCostForm(RowForm):
    amount_per_year = _amount(_("Amount per year (MAD)"))


class StaffForm(RowForm):
    count = _amount(_("People"), places=2)
    monthly_salary = _amount(_("Monthly salary (MAD)"))


class LoanForm(RowForm):
    principal = _amount(_("Amount (MAD)"))
    rate_pct = _pct(_("Interest rate, %"))
    years = forms.IntegerField(label=_("Years"), min_value=1, max_value=finance.MAX_LOAN_YEARS)
    grace_years = forms.IntegerField(label=_("Grace years"), min_value=0, max_value=29)


def _formset(form):
    return forms.formset_factory(form, extra=1, can_delete=True, max_num=50, validate_max=True)


SECTIONS = [
    # (prefix, form set, key in the plan dict, title)
    ("capex", _formset(CapexForm), "capex", _("Investment")),
    ("products", _formset(ProductForm), "products", _("Products and services")),
    ("staff", _formset(StaffForm), "staff", _("Staff")),
    ("fixed", _formset(FixedCostForm), "fixed_costs", _("Other fixed costs")),
    ("loans", _formset(LoanForm), "loans", _("Loans")),
]


def _pct_of(value) -> Decimal:
    # "10", not "1E+1": what a person typed, without trailing zeros or exponent.
    return Decimal(format((Decimal(str(value)) * HUNDRED).normalize(), "f"))


def initial_from_inputs(inputs: dict, plan) -> tuple[dict, dict]:
    financing = inputs.get("financing", {})
    initial = {
        "name": plan.name,
        "project": plan.project.external_id if plan.project else None,
        "region": plan.region_id,
        "years": inputs.get("years"),
        "jobs": inputs.get("jobs", 0),
        "own_cash": financing.get("own_cash", "0"),
        "in_kind": financing.get("in_kind", "0"),
        "subsidies": financing.get("subsidies", "0"),
        "bfr_pct": _pct_of(inputs.get("bfr_ratio", "0")),
        "social_charge_pct": _pct_of(inputs.get("social_charge_rate", "0")),
        "discount_pct": _pct_of(inputs.get("discount_rate", "0.08")),
        "tax_mode": inputs.get("tax_mode", finance.TAX_EXEMPT),
        "tax_pct": _pct_of(inputs.get("tax_rate", "0")),
    }
    rows = {}
    for prefix, _fs, key, _title in SECTIONS:
        source = financing.get("loans", []) if key == "loans" else inputs.get(key, [])
        rows[prefix] = []
        for index, item in enumerate(source):
            row = {k: v for k, v in item.items() if k in _fields(prefix)}
            row["ref"] = index
            if key == "loans":
                row["rate_pct"] = _pct_of(item.get("rate", "0"))
            rows[prefix].append(row)
    return initial, rows


def _fields(prefix: str) -> set[str]:
    formset = dict((p, fs) for p, fs, _k, _t in SECTIONS)[prefix]
    return set(formset.form.base_fields)


def build_forms(data, inputs: dict, plan):
    initial, rows = initial_from_inputs(inputs, plan)
    form = PlanForm(data, initial=initial)
    # The projects this plan may be linked to: those using the same model (a short list, even
    # with thousands of projects in the bank), and the one it is linked to now.
    same_model = form.fields["project"].queryset.filter(template__code=plan.template.code)
    if plan.project_id:
        same_model = same_model | form.fields["project"].queryset.filter(pk=plan.project_id)
    form.fields["project"].queryset = same_model.distinct()
    formsets = [
        (prefix, title, formset(data, initial=rows[prefix], prefix=prefix))
        for prefix, formset, _key, title in SECTIONS
    ]
    return form, formsets


def inputs_from_forms(original: dict, form: PlanForm, formsets) -> dict:
    """The plan dict the engine reads, from valid forms, keeping the figures not shown."""
    data = dict(original)
    cd = form.cleaned_data
    data["years"] = cd["years"]
    data["jobs"] = cd["jobs"]
    data["bfr_ratio"] = str(cd["bfr_pct"] / HUNDRED)
    data["social_charge_rate"] = str(cd["social_charge_pct"] / HUNDRED)
    data["discount_rate"] = str(cd["discount_pct"] / HUNDRED)
    data["tax_mode"] = cd["tax_mode"]
    data["tax_rate"] = str(cd["tax_pct"] / HUNDRED)
    ramp = list(original.get("ramp", []))[: cd["years"]]
    data["ramp"] = ramp
    financing = dict(original.get("financing", {}))
    financing["own_cash"] = str(cd["own_cash"])
    financing["in_kind"] = str(cd["in_kind"])
    financing["subsidies"] = str(cd["subsidies"])
    for prefix, _title, formset in formsets:
        key = dict((p, k) for p, _f, k, _t in SECTIONS)[prefix]
        before = financing.get("loans", []) if key == "loans" else original.get(key, [])
        items = []
        for row in formset.cleaned_data:
            if not row or row.get("DELETE"):
                continue
            ref = row.get("ref")
            item = dict(before[ref]) if ref is not None and ref < len(before) else {}
            for name, value in row.items():
                if name in ("ref", "DELETE"):
                    continue
                if name == "rate_pct":
                    item["rate"] = str(value / HUNDRED)
                elif isinstance(value, Decimal):
                    item[name] = str(value)
                else:
                    item[name] = value
            if key == "capex":
                item.setdefault("year", 0)
                if item["year"] > cd["years"]:
                    item["year"] = 0
            items.append(item)
        if key == "loans":
            financing["loans"] = items
        else:
            data[key] = items
    data["financing"] = financing
    return data


class IdeaForm(forms.ModelForm):
    class Meta:
        model = ProjectIdea
        fields = [
            "proposer_kind", "cooperative_name", "title", "summary", "region", "sector",
            "target_group", "investment", "jobs",
        ]  # fmt: skip
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        data = super().clean()
        if data.get("proposer_kind") == ProjectIdea.ProposerKind.COOPERATIVE and not data.get(
            "cooperative_name"
        ):
            self.add_error("cooperative_name", _("Give the cooperative's name."))
        return data
