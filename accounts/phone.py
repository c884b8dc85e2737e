"""Moroccan phone numbers: parse what people type, store E.164 (+2126…)."""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "MA"


def normalise_phone(raw: str) -> str:
    """Return the E.164 form of ``raw`` or raise ValidationError.

    Accepts local forms (0612345678, 06 12 34 56 78) and international ones (+212 612-345678,
    00212612345678). Only numbers that can receive a text message (mobile) are accepted, because
    a phone is used to send codes.
    """
    raw = (raw or "").strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a phone number such as 0612345678 or +212612345678."), code="invalid_phone"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This is not a valid phone number. Moroccan mobiles look like 06 12 34 56 78."),
            code="invalid_phone",
        )
    kind = phonenumbers.number_type(number)
    if kind not in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }:
        raise ValidationError(
            _("Please use a mobile number: we send codes by text message."), code="not_mobile"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    """A text field that returns the E.164 form of a Moroccan (or other valid) mobile number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("label", _("Mobile phone"))
        kwargs.setdefault("help_text", _("For example 06 12 34 56 78."))
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        return normalise_phone(value)
