"""The one router of the HTTP API: every endpoint under ``/api/v1/`` is listed from here.

Each app keeps its endpoints in ``<app>/rest/urls.py``; this module includes them, and serves
the OpenAPI schema (``/api/v1/schema/``) with Swagger UI and Redoc from drf-spectacular-sidecar
(no CDN). The committed schema is ``academy/openapi.yaml`` (``make openapi`` refreshes it; a
test fails when it is out of date).
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .api_errors import not_found

app_name = "api"

urlpatterns = [
    path("", include("accounts.rest.urls")),
    path("", include("courses.rest.urls")),
    path("", include("progress.rest.urls")),
    path("", include("quizzes.rest.urls")),
    path("", include("projectbank.rest.urls")),
    path("", include("certificates.rest.urls")),
    path("", include("cooperatives.rest.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^.*$", not_found),
]
