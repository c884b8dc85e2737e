"""``/.well-known/`` documents of the certificate issuer (outside the language prefix)."""

from django.urls import path

from . import views

urlpatterns = [
    path("certificates-key.json", views.issuer_key, name="certificates_key"),
    path("certificates-issuer.json", views.issuer_profile, name="certificates_issuer"),
]
