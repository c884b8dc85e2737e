from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from accounts import privacy

        from .models import QuizAttempt, QuizRecord

        # "served" holds the answer key of the questions served: never exported. Attempts and
        # records are kept pseudonymised at erasure: pass rates and item analysis still add up.
        privacy.register(
            QuizAttempt,
            erasure=privacy.PSEUDONYMISE,
            why=_("Your quiz attempts: your answers and scores."),
            exclude=("served",),
        )
        privacy.register(
            QuizRecord,
            erasure=privacy.PSEUDONYMISE,
            why=_("How many attempts you used and when you passed."),
        )
