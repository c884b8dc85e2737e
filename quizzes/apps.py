from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from accounts import privacy

        from .models import QuizAttempt, QuizRecord

        # "served" holds the answer key of the questions served: never exported.
        privacy.register(
            QuizAttempt,
            why=_("Your quiz attempts: your answers and scores."),
            exclude=("served",),
        )
        privacy.register(QuizRecord, why=_("How many attempts you used and when you passed."))
