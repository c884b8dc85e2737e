from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<int:page_id>/start/", views.start, name="start"),
    path("attempt/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempt/<int:attempt_id>/save/", views.save, name="save"),
    path("attempt/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("attempt/<int:attempt_id>/answer/", views.answer, name="answer"),
    path("attempt/<int:attempt_id>/result/", views.result, name="result"),
]
