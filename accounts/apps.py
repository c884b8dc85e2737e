from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.models import EmailAddress

        from . import privacy
        from .models import User

        privacy.register(
            User,
            user_field=None,
            erasure=privacy.PSEUDONYMISE,
            why=_("Your account: name for certificates, contact, region, status, language."),
        )
        privacy.register(EmailAddress, why=_("Your email addresses and whether they are verified."))
