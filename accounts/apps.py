from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.models import EmailAddress
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import converters, erasure, handlers, privacy
        from .models import ApiToken, AuditEvent, User, UserSession

        converters.register()
        handlers.connect()

        privacy.register(
            User,
            user_field=None,
            erasure=privacy.PSEUDONYMISE,
            why=_("Your account: name for certificates, contact, region, status, language."),
            on_erase=erasure.pseudonymise_user,
        )
        privacy.register(EmailAddress, why=_("Your email addresses and whether they are verified."))
        privacy.register(
            ApiToken,
            why=_("The keys your apps use to reach your account, and when they were used."),
            exclude=("digest",),
        )
        privacy.register(
            TOTPDevice,
            why=_("Your authenticator app's secret, if you turned the second factor on."),
            exclude=("key",),
        )
        privacy.register(
            StaticDevice,
            why=_("Your second-factor recovery codes (kept secret, never exported)."),
        )
        privacy.register(
            UserSession,
            why=_("The devices you are logged in on, so that you can be logged out everywhere."),
            exclude=("session_key",),
        )
        privacy.register(
            AuditEvent,
            user_field="actor",
            erasure=privacy.PSEUDONYMISE,
            why=_(
                "What you read or exported about other people's data, if you are staff or a "
                "cooperative manager: kept to account for it, under your erased account's number."
            ),
        )
