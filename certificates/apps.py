from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from accounts import privacy
        from progress import panels as my_learning_panels

        from . import handlers, services
        from .models import Certificate, CertificateFile
        from .panels import my_learning_panel

        handlers.connect()
        my_learning_panels.register(
            key="certificates",
            template="certificates/includes/my_learning_panel.html",
            context=my_learning_panel,
            order=40,
        )
        privacy.register(
            Certificate,
            erasure=privacy.KEEP_WITHDRAWN,
            why=_(
                "Your certificates: the name printed on them, the course, the date. On erasure "
                "they are kept as withdrawn, without your name."
            ),
            exclude=("identity_salt",),
            on_erase=services.withdraw_certificates_for,
        )
        privacy.register(
            CertificateFile,
            user_field="certificate__user",
            why=_("The PDF files of your certificates."),
        )
