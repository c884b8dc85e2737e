from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.my_learning_view, name="my_learning"),
    path("done/<id:page_id>/", views.mark_done, name="mark_done"),
    path("report/<id:enrolment_id>/", views.progress_report, name="report"),
    path("offline/<id:module_id>/", views.offline_manifest, name="offline_manifest"),
]
