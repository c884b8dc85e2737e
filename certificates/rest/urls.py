from django.urls import path, re_path

from . import views

urlpatterns = [
    path("certificates/", views.MyCertificatesView.as_view(), name="certificates"),
    re_path(
        r"^certificates/verify/(?P<code>[^/]{1,80})/$",
        views.VerifyView.as_view(),
        name="certificate-verify",
    ),
    re_path(
        r"^certificates/(?P<code>[^/]{1,80})/pdf/(?P<language>[a-z-]{2,6})/$",
        views.CertificatePdfView.as_view(),
        name="certificate-pdf",
    ),
    re_path(
        r"^certificates/(?P<code>[^/]{1,80})/credential/$",
        views.CertificateCredentialView.as_view(),
        name="certificate-credential",
    ),
]
