from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        from accounts import privacy

        from . import handlers
        from .models import Completion, CourseState, LearningEvent

        handlers.connect()
        privacy.register(Completion, why=_("The lessons and quizzes you completed."))
        privacy.register(CourseState, why=_("Where you are in each course."))
        privacy.register(LearningEvent, why=_("The log of your learning activity."))
