from django.urls import path, re_path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.my_certificates, name="mine"),
    path(
        "certificates/<str:code>/pdf/<str:language>/",
        views.download_pdf,
        name="pdf",
    ),
    path("certificates/<str:code>/credential/", views.download_credential, name="credential"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/credential/", views.verify_credential, name="verify_credential"),
    re_path(r"^verify/(?P<code>[^/]{1,80})\.json$", views.verify_json, name="verify_json"),
    re_path(r"^verify/(?P<code>[^/]{1,80})/$", views.verify_page, name="verify"),
]
