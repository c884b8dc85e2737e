from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectbankConfig(AppConfig):
    name = "projectbank"
    verbose_name = _("Project bank")

    def ready(self) -> None:
        from accounts import privacy
        from progress import panels as my_learning_panels

        from . import handlers
        from .models import PlanVersion, ProjectIdea, ProjectPlan, Unlock
        from .panels import my_learning_panel

        handlers.connect()
        my_learning_panels.register(
            key="projectbank",
            template="projectbank/includes/my_learning_panel.html",
            context=my_learning_panel,
            order=50,
        )
        privacy.register(Unlock, why=_("The economic models you unlocked by completing courses."))
        privacy.register(
            ProjectPlan, user_field="owner", why=_("Your project plans and their figures.")
        )
        privacy.register(
            PlanVersion,
            user_field="plan__owner",
            why=_("The saved versions of your project plans."),
        )
        privacy.register(
            ProjectIdea, user_field="proposer", why=_("The project ideas you proposed.")
        )
