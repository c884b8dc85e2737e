"""django-allauth adapter: phone numbers live on our user model, codes go by SMS."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext as _

from .phone import PhoneField
from .sms import send_sms


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs):
        return PhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return phone

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
        if user.pk:  # during sign-up the user is saved by save_user()
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if user.phone:
            return user.phone, user.phone_verified
        return None

    def set_phone_verified(self, user, phone: str) -> None:
        if user.phone == phone:
            user.phone_verified = True
            if user.pk:
                user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone: str):
        from .models import User

        return User.objects.filter(phone=phone, is_active=True).first()

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        send_sms(
            phone=phone,
            text=_("Taawuniya Academy: your code is %(code)s") % {"code": code},
        )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        send_sms(
            phone=phone,
            text=_("Taawuniya Academy: no account uses this number. You can sign up on the site."),
        )

    def get_login_redirect_url(self, request):
        """After login, the learner's own language (their choice on another device counts)."""
        from .language import preferred_url

        return preferred_url(request.user, super().get_login_redirect_url(request))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.region = data.get("region", "")
        user.status = data.get("status", "")
        user.sector = data.get("sector", "")
        user.preferred_language = data.get("preferred_language", "") or ""
        if commit:
            user.save()
        return user
