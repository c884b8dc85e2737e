"""Sign-up and profile forms.

Sign-up takes an email **or** a Moroccan mobile number (one of the two is required), the name as
it will be printed on certificates, and the optional profile fields. Every check runs before
anything is written, and the user and its email address are saved in one transaction.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.utils import filter_users_by_email
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .constants import LearnerStatus, Region, Sector
from .models import User
from .phone import PhoneField, normalise_phone
from .validators import NAME_MAX_LENGTH, normalise_name, validate_person_name


def _language_choices():
    return [("", _("Same as the site")), *settings.LANGUAGES]


class PersonNameField(forms.CharField):
    def __init__(self, **kwargs):
        # The limit is checked after normalisation, so that a clear message (not a truncated
        # input) tells people what is wrong.
        kwargs.setdefault("label", _("Full name (as printed on your certificates)"))
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "name", "dir": "auto", "maxlength": str(NAME_MAX_LENGTH * 2)}
        )

    def to_python(self, value):
        return normalise_name(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_person_name(value)


class ProfileFieldsMixin(forms.Form):
    full_name = PersonNameField()
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", "—")] + list(Region.choices), required=False
    )
    status = forms.ChoiceField(
        label=_("I am"), choices=[("", "—")] + list(LearnerStatus.choices), required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector of interest"), choices=[("", "—")] + list(Sector.choices), required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=_language_choices, required=False
    )


class SignupForm(ProfileFieldsMixin, AllauthSignupForm):
    field_order = [
        "full_name",
        "phone",
        "email",
        "password1",
        "password2",
        "region",
        "status",
        "sector",
        "preferred_language",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].label = _("Email (optional if you give a phone number)")
            self.fields["email"].widget.attrs.update({"dir": "ltr"})
        if "phone" in self.fields:
            self.fields["phone"].label = _("Mobile phone (optional if you give an email)")

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        phone = cleaned.get("phone")
        if not email and not phone and not self.has_error("email") and not self.has_error("phone"):
            raise forms.ValidationError(
                _("Give an email address or a mobile phone number: we need one to reach you."),
                code="email_or_phone",
            )
        password = cleaned.get("password1")
        if password and not self.has_error("password1"):
            # allauth's check does not know the phone number or the name yet.
            from .validators import GuessablePasswordValidator

            person = User(
                phone=phone or "", email=email or "", full_name=cleaned.get("full_name") or ""
            )
            try:
                GuessablePasswordValidator().validate(password, person)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def save(self, request):
        with transaction.atomic():
            return super().save(request)


class LoginForm(AllauthLoginForm):
    """Log in with an email address or a phone number typed in any usual Moroccan form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Mobile phone or email")
        self.fields["login"].widget.attrs.update(
            {"placeholder": "06 12 34 56 78", "autocomplete": "username", "dir": "ltr"}
        )

    def clean_login(self):
        login = super().clean_login()
        if "@" not in login:
            try:
                return normalise_phone(login)
            except forms.ValidationError:
                return login  # let authentication fail with the usual message
        return login


class ResetPasswordForm(AllauthResetPasswordForm):
    """Email reset that answers the same whether or not an account uses the address."""

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        self.users = filter_users_by_email(email, is_active=True, prefer_verified=True)
        return self.cleaned_data["email"]


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "region", "status", "sector", "gender", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional: a form sent without it (an older page, an app) keeps "prefer not to say".
        self.fields["gender"].required = False

    def clean_gender(self):
        return self.cleaned_data.get("gender") or User._meta.get_field("gender").default


class PhoneResetRequestForm(forms.Form):
    phone = PhoneField()


class PhoneResetConfirmForm(forms.Form):
    code = forms.RegexField(
        label=_("Code received by text message"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )
    password1 = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("You must type the same password each time."))
        elif p1 and self.user is not None:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class EraseAccountForm(forms.Form):
    """Confirms "erase my account" with the password, or with the code sent by SMS."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.RegexField(
        label=_("Or the code we sent to your phone"),
        regex=r"^\s*\d{6}\s*$",
        required=False,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account, my progress and my plans will be erased for good.")
    )

    def __init__(self, *args, user, sms_state=None, **kwargs):
        self.user = user
        self.sms_state = sms_state
        super().__init__(*args, **kwargs)

    def clean(self):
        from .sms import code_matches

        cleaned = super().clean()
        password = cleaned.get("password") or ""
        if password and self.user.check_password(password):
            return cleaned
        if code_matches(self.sms_state, cleaned.get("code") or ""):
            return cleaned
        if not self.has_error("code"):
            raise forms.ValidationError(
                _("Type your password (or the code we sent you) to confirm."), code="not_confirmed"
            )
        return cleaned


class AppKeyForm(forms.Form):
    """A new app key from the account page; with a second factor, a current code too."""

    name = forms.CharField(
        label=_("Device or app"),
        max_length=60,
        required=False,
        help_text=_("So that you recognise it in the list, e.g. “My phone”."),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=32,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        from .two_factor import is_enrolled

        super().__init__(*args, **kwargs)
        self.enrolled = is_enrolled(user)
        if not self.enrolled:
            del self.fields["code"]
