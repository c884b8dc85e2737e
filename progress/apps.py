from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        from accounts import privacy

        from . import handlers
        from .models import Completion, CourseState, LearningEvent, XapiStatement

        handlers.connect()
        # Kept pseudonymised at erasure: completion counts and rates still add up.
        privacy.register(
            Completion,
            erasure=privacy.PSEUDONYMISE,
            why=_("The lessons and quizzes you completed."),
        )
        privacy.register(
            CourseState, erasure=privacy.PSEUDONYMISE, why=_("Where you are in each course.")
        )
        privacy.register(LearningEvent, why=_("The log of your learning activity."))
        privacy.register(
            XapiStatement,
            user_field="event__user",
            why=_("Your learning activity as sent to the office's learning record store."),
        )
