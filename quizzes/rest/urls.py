from django.urls import path

from . import views

urlpatterns = [
    path("quizzes/<id:quiz_id>/", views.QuizView.as_view(), name="quiz"),
    path("quizzes/<id:quiz_id>/attempts/", views.StartView.as_view(), name="quiz-start"),
    path("attempts/<id:attempt_id>/", views.AttemptView.as_view(), name="attempt"),
    path("attempts/<id:attempt_id>/answers/", views.SaveView.as_view(), name="attempt-save"),
    path("attempts/<id:attempt_id>/submit/", views.SubmitView.as_view(), name="attempt-submit"),
    path(
        "attempts/<id:attempt_id>/practice-answer/",
        views.PracticeAnswerView.as_view(),
        name="attempt-practice-answer",
    ),
    path("attempts/<id:attempt_id>/result/", views.ResultView.as_view(), name="attempt-result"),
]
