from django.urls import path

from . import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.my_cooperatives, name="mine"),
    path("<id:cooperative_id>/", views.dashboard, name="dashboard"),
    path("<id:cooperative_id>/members.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<id:cooperative_id>/members.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<id:cooperative_id>/invite/", views.invite, name="invite"),
    path("<id:cooperative_id>/upload/", views.upload, name="upload"),
    path("<id:cooperative_id>/assign/", views.assign, name="assign"),
    path("<id:cooperative_id>/reminders/", views.reminders, name="reminders"),
    path("join/<str:token>/", views.join, name="join"),
    path("analytics/", views.trainer_courses, name="trainer_courses"),
    path("analytics/<uuid:course_key>/", views.course_analytics, name="course_analytics"),
    path("territory/", views.territory, name="territory"),
    path("territory/figures.csv", views.territory_export, name="territory_export"),
]
