from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Cooperatives")

    def ready(self) -> None:
        from accounts import privacy

        from . import handlers
        from .models import Membership

        handlers.connect()
        privacy.register(
            Membership,
            why=_("The cooperatives you belong to, your role and whether you accept reminders."),
        )
