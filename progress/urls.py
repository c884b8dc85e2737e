from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.my_learning_view, name="my_learning"),
    path("done/<int:page_id>/", views.mark_done, name="mark_done"),
    path("report/<int:enrolment_id>/", views.progress_report, name="report"),
]
