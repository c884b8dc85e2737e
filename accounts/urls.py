from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data/", views.download_my_data, name="download_my_data"),
    path("password/reset/phone/", views.phone_reset_request, name="phone_reset"),
    path("password/reset/phone/confirm/", views.phone_reset_confirm, name="phone_reset_confirm"),
]
