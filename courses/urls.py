from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("enrol/<id:page_id>/", views.enrol, name="enrol"),
    path("leave/<id:page_id>/", views.unenrol, name="unenrol"),
]
