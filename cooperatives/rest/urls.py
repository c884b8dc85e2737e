from django.urls import path

from . import views

urlpatterns = [
    path("cooperatives/", views.MyCooperativesView.as_view(), name="cooperatives"),
    path(
        "cooperatives/<id:cooperative_id>/dashboard/",
        views.DashboardView.as_view(),
        name="cooperative-dashboard",
    ),
]
