"""One shape for every API error: ``{"error": {"code", "message", "fields"}}``.

``code`` is stable and machine-readable (``not_found``, ``invalid``, ``not_authenticated``,
``throttled``...), ``message`` is in the request's language, ``fields`` maps a field (dotted for
nested ones, ``non_field_errors`` for the whole body) to its messages and is empty otherwise.
Django's ``Http404`` and ``PermissionDenied`` are turned into 404 and 403 by DRF first.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for k, v in _flatten(value, name).items():
                fields.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for k, v in _flatten(item, name).items():
                    fields.setdefault(k, []).extend(v)
    else:
        fields[prefix or "non_field_errors"] = [str(detail)]
    return fields


def _first_code(codes) -> str:
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list):
        for value in codes:
            return _first_code(value)
        return "invalid"
    return str(codes or "error")


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling (logged, mailed)
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if list(fields) == ["non_field_errors"]:
            # A refusal of the whole request: keep its own code (e.g. "missing_answer").
            code, message = _first_code(exc.get_codes()), fields["non_field_errors"][0]
        else:
            code, message = "invalid", _("Some fields are not valid.")
        body = error_body(code, message, fields)
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else _first_code(codes)
        detail = exc.detail
        message = str(detail) if not isinstance(detail, dict | list) else str(exc.default_detail)
        body = error_body(code, message)
    response.data = body
    return response


def not_found(request, *args, **kwargs):
    """JSON 404 for any path under /api/v1/ that names no endpoint."""
    from django.http import JsonResponse

    return JsonResponse(error_body("not_found", _("There is nothing at this address.")), status=404)
