"""Forms of the manager's pages. Bad input → a clear message, nothing changed."""

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts.phone import normalise_phone
from accounts.validators import NAME_MAX_LENGTH, normalise_name, validate_person_name

from . import csvfile


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        validators=[validate_person_name],
    )
    contact = forms.CharField(
        label=_("Mobile phone or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )

    def clean_full_name(self):
        return normalise_name(self.cleaned_data["full_name"])

    def clean_contact(self):
        raw = self.cleaned_data["contact"].strip()
        if "@" in raw:
            email = raw.lower()
            validate_email(email)
            self.channel = "email"
            return email
        self.channel = "phone"
        return normalise_phone(raw)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Members file (CSV)"),
        help_text=_("Columns: name, phone, email. Save from Excel as “CSV UTF-8”. At most 256 KB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > csvfile.MAX_BYTES:  # before reading a single byte
            raise forms.ValidationError(_("The file is too large (at most 256 KB)."))
        return upload


class AssignForm(forms.Form):
    course = forms.TypedChoiceField(label=_("Course"), coerce=int)
    target_date = forms.DateField(
        label=_("Target date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {c.pk: c for c in courses}
        self.fields["course"].choices = [(c.pk, c.title) for c in courses]

    def clean_course(self):
        return self.courses[self.cleaned_data["course"]]


class AcceptForm(forms.Form):
    accepts_reminders = forms.BooleanField(
        label=_("Send me a gentle reminder if I stop learning for a while"), required=False
    )
