"""Certificates over HTTP: mine (list, PDF, signed credential) and the public verification.

Reads go through ``certificates.selectors``; another learner's certificate is 404; the public
verification says what the verification page says (``certificates.views.public_data``) and is
throttled like it.
"""

import json

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import codes, selectors, services, throttle
from ..models import PDF_LANGUAGES, Certificate
from ..views import public_data
from . import serializers as s


def _language() -> str:
    return (get_language() or "ar").split("-")[0]


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@extend_schema(tags=["certificates"])
class MyCertificatesView(generics.ListAPIView):
    """My certificates, valid and revoked, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.CertificateSerializer

    def get_queryset(self):
        language = _language()
        return [
            {
                "code": codes.grouped(c.code),
                "status": c.status,
                "course_code": c.course_code,
                "course_key": c.course_key,
                "title": c.title_in(language),
                "hours": c.hours,
                "completed_at": c.completed_at,
                "issued_at": c.issued_at,
                "pdf_languages": list(PDF_LANGUAGES)
                if c.status == Certificate.Status.VALID
                else [],
                "verify_url": reverse("api:certificate-verify", args=[codes.grouped(c.code)]),
            }
            for c in selectors.certificates_for(self.request.user)
        ]

    def list(self, request, *args, **kwargs):
        return _private(super().list(request, *args, **kwargs))


def _own_valid(request, code: str) -> Certificate:
    certificate = selectors.certificate_for(user=request.user, code=code)
    if certificate is None or certificate.status != Certificate.Status.VALID:
        raise exceptions.NotFound()
    return certificate


class CertificatePdfView(APIView):
    """The PDF of one of my valid certificates in a language variant (rendered now if the
    background render has not run yet)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, tags=["certificates"])
    def get(self, request, code: str, language: str):
        if language not in PDF_LANGUAGES:
            raise exceptions.NotFound()
        certificate = _own_valid(request, code)
        row = services.certificate_file(certificate=certificate, language=language)
        if row is None:
            raise exceptions.NotFound()
        return _private(
            FileResponse(
                default_storage.open(row.file.name, "rb"),
                as_attachment=True,
                filename=f"certificate-{certificate.code.lower()}-{language}.pdf",
                content_type="application/pdf",
            )
        )


class CertificateCredentialView(APIView):
    """The signed Open Badges 3.0 credential of one of my valid certificates."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["certificates"])
    def get(self, request, code: str):
        certificate = _own_valid(request, code)
        body = json.dumps(certificate.credential, ensure_ascii=False)
        return _private(HttpResponse(body.encode(), content_type="application/json"))


class VerifyView(APIView):
    """Public: what a certificate code says (valid, revoked, withdrawn). Unknown: 404."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses={
            200: s.VerificationSerializer,
            404: OpenApiResponse(description="No certificate has this code"),
        },
        tags=["certificates"],
    )
    def get(self, request, code: str):
        allowed, retry = throttle.allow(request._request)
        if not allowed:
            raise exceptions.Throttled(wait=retry)
        result = selectors.verify(code)
        if result.status == "malformed":
            raise exceptions.ValidationError(
                {"code": [_("This is not a certificate code")]}, code="malformed"
            )
        if result.status == "unknown":
            raise exceptions.NotFound()
        response = Response(s.VerificationSerializer(public_data(result, _language())).data)
        response["Access-Control-Allow-Origin"] = "*"
        return response
