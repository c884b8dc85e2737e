from django.urls import path

from . import views

urlpatterns = [
    path("courses/", views.CatalogueView.as_view(), name="courses"),
    path("courses/<id:course_id>/enrolment/", views.EnrolView.as_view(), name="course-enrolment"),
]
