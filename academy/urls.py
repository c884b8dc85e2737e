"""Root URLs. Pages and learner views carry the language (/ar/…, /fr/…); the admin does not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from academy import health, service_worker, web_manifest
from accounts.language import choose_language

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sw.js", service_worker.service_worker, name="service_worker"),
    path("api/v1/", include("academy.api")),
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:language>/", choose_language, name="choose_language"),
    path(".well-known/", include("certificates.well_known")),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True),
    ),
]

urlpatterns += i18n_patterns(
    # Per language: a browser fetches the manifest without cookies (academy/web_manifest.py).
    path("manifest.webmanifest", web_manifest.web_manifest, name="web_manifest"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("learn/", include("progress.urls")),
    path("enrolment/", include("courses.urls")),
    path("quiz/", include("quizzes.urls")),
    path("bank/", include("projectbank.urls")),
    path("", include("certificates.urls")),
    path("cooperatives/", include("cooperatives.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
