from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from accounts import privacy

        from .models import Enrolment

        # Kept pseudonymised at erasure: enrolment counts still add up.
        privacy.register(Enrolment, erasure=privacy.PSEUDONYMISE, why=_("The courses you follow."))
