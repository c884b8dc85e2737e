from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<id:page_id>/start/", views.start, name="start"),
    path("<id:page_id>/offline/", views.offline_practice, name="offline"),
    path("attempt/<id:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempt/<id:attempt_id>/save/", views.save, name="save"),
    path("attempt/<id:attempt_id>/submit/", views.submit, name="submit"),
    path("attempt/<id:attempt_id>/answer/", views.answer, name="answer"),
    path("attempt/<id:attempt_id>/result/", views.result, name="result"),
]
