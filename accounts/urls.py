from django.urls import path

from . import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data/", views.download_my_data, name="download_my_data"),
    path("profile/keys/new/", views.new_app_key, name="new_app_key"),
    path("profile/keys/<id:token_id>/revoke/", views.revoke_app_key, name="revoke_app_key"),
    path("profile/erase/", views.erase_account, name="erase_account"),
    path("two-factor/", two_factor.manage, name="two_factor"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/disable/", two_factor.disable, name="two_factor_disable"),
    path("two-factor/codes/", two_factor.regenerate_codes, name="two_factor_codes"),
    path("password/reset/phone/", views.phone_reset_request, name="phone_reset"),
    path("password/reset/phone/confirm/", views.phone_reset_confirm, name="phone_reset_confirm"),
]
