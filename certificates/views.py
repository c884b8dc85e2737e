"""Certificate pages: the learner's list and downloads (owner only: anybody else's answers
404), the public verification page and its JSON, the credential check, the issuer's key.

Verification reads the database on every request (``never_cache``): a revocation shows at once.
A code that is unknown, revoked or withdrawn answers 404 after one query; the page says which it
is, so nothing is hidden there: what stops anyone from finding certificates by guessing is the
code's 140 random bits (``codes``) and the per-address throttle, not equal timing.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import codes, credentials, selectors, services, throttle
from .models import PDF_LANGUAGES, Certificate

# How each PDF variant is offered to the learner: the language switcher's names (each in its
# own script), "العربية + Français" for the side-by-side variant.
_NAMES = dict(settings.LANGUAGES)
PDF_CHOICES = [
    (code, " + ".join(_NAMES[part] for part in code.split("-"))) for code in PDF_LANGUAGES
]
MAX_CREDENTIAL_BYTES = 64 * 1024


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Learner ---------------------------------------------------------------------------------


@login_required
@require_GET
def my_certificates(request):
    services.take_announcements(user=request.user)
    certificates = selectors.certificates_for(request.user)
    language = (get_language() or "ar").split("-")[0]
    rows = []
    for certificate in certificates:
        ready = {f.language for f in certificate.files.all()}
        rows.append(
            {
                "certificate": certificate,
                "title": certificate.title_in(language),
                "pdfs": [
                    {"code": code, "label": label, "ready": code in ready}
                    for code, label in PDF_CHOICES
                ],
            }
        )
    return _private(render(request, "certificates/my_certificates.html", {"rows": rows}))


def _own_valid(request, code: str) -> Certificate:
    certificate = selectors.certificate_for(user=request.user, code=code)
    if certificate is None or certificate.status != Certificate.Status.VALID:
        raise Http404
    return certificate


@login_required
@require_GET
def download_pdf(request, code: str, language: str):
    """The PDF in ``language``; rendered now if the background render has not run yet."""
    if language not in PDF_LANGUAGES:
        raise Http404
    certificate = _own_valid(request, code)
    row = services.certificate_file(certificate=certificate, language=language)
    if row is None:
        raise Http404
    response = FileResponse(
        default_storage.open(row.file.name, "rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code.lower()}-{language}.pdf",
        content_type="application/pdf",
    )
    return _private(response)


@login_required
@require_GET
def download_credential(request, code: str):
    """The signed Open Badges 3.0 credential, for a wallet."""
    certificate = _own_valid(request, code)
    body = json.dumps(certificate.credential, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode(), content_type="application/json; charset=utf-8")
    name = f"certificate-{certificate.code.lower()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


# --- Public ----------------------------------------------------------------------------------


def _throttled(request, *, as_json: bool):
    allowed, retry = throttle.allow(request)
    if allowed:
        return None
    if as_json:
        response = JsonResponse(
            {"error": "throttled", "message": _("Too many requests; try again in a minute.")},
            status=429,
        )
    else:
        response = render(request, "certificates/throttled.html", {"retry": retry}, status=429)
    response["Retry-After"] = str(retry)
    return response


def public_data(result: selectors.Verification, language: str) -> dict:
    """What anyone may learn about a code (the JSON variant of the verification page)."""
    data: dict = {
        "code": codes.grouped(result.code) if result.code else "",
        "status": result.status,
    }
    certificate = result.certificate
    if certificate is None:
        return data
    data.update(
        {
            "course": {
                "code": certificate.course_code,
                "title": certificate.title_in(language),
                "titles": certificate.course_titles,
            },
            "hours": certificate.hours_text,
            "completed_on": timezone.localtime(certificate.completed_at).date().isoformat(),
            "issued_on": timezone.localtime(certificate.issued_at).date().isoformat(),
            "issuer": certificate.issuer_in(language),
            "credential_id": f"urn:uuid:{certificate.uuid}",
        }
    )
    if result.show_name:
        data["name"] = certificate.learner_name
    if certificate.status == Certificate.Status.REVOKED:
        data["revoked_on"] = timezone.localtime(certificate.revoked_at).date().isoformat()
        data["revocation_reason"] = certificate.revocation_reason
    if certificate.status == Certificate.Status.WITHDRAWN:
        data["withdrawn_on"] = timezone.localtime(certificate.withdrawn_at).date().isoformat()
    return data


def _status_code(result: selectors.Verification) -> int:
    if result.status == "malformed":
        return 400
    return 200 if result.found else 404


def _verify(request, code: str, *, as_json: bool):
    limited = _throttled(request, as_json=as_json)
    if limited:
        return limited
    result = selectors.verify(code)
    language = (get_language() or "ar").split("-")[0]
    if as_json:
        response = JsonResponse(
            public_data(result, language),
            status=_status_code(result),
            json_dumps_params={"ensure_ascii": False},
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    certificate = result.certificate
    context = {
        "result": result,
        "certificate": certificate,
        "title": certificate.title_in(language) if certificate else "",
        "issuer": certificate.issuer_in(language) if certificate else "",
        "grouped": codes.grouped(result.code) if result.code else "",
        "typed": code[:80],
        "json_url": request.path + "?format=json",
    }
    return render(request, "certificates/verify.html", context, status=_status_code(result))


@never_cache
@require_GET
def verify_page(request, code: str):
    """``/verify/<code>/`` (HTML), or its JSON with ``?format=json``."""
    return _verify(request, code, as_json=request.GET.get("format") == "json")


@never_cache
@require_GET
def verify_json(request, code: str):
    """``/verify/<code>.json``: the same as ``/verify/<code>/?format=json``."""
    return _verify(request, code, as_json=True)


@never_cache
@require_GET
def verify_form(request):
    """Type a code read from the paper: ``/verify/?code=…`` → the verification page."""
    typed = request.GET.get("code", "")
    if typed:
        canonical = codes.normalise(typed)
        if canonical is not None:
            return redirect(
                reverse("certificates:verify", kwargs={"code": codes.grouped(canonical)})
            )
        return render(
            request,
            "certificates/verify_form.html",
            {"typed": typed[:80], "error": True},
            status=400,
        )
    return render(request, "certificates/verify_form.html", {"typed": "", "error": False})


def check_credential(document) -> dict:
    """Is ``document`` a credential we signed, unaltered, and is its certificate still valid?"""
    reason = credentials.check(document)
    if reason:
        return {"valid": False, "signature": "invalid", "reason": reason, "status": None}
    uuid = credentials.certificate_uuid(document)
    certificate = (
        Certificate.objects.filter(uuid=uuid).only("status", "code").first() if uuid else None
    )
    status = certificate.status if certificate else "unknown"
    return {
        "valid": status == Certificate.Status.VALID,
        "signature": "valid",
        "status": status,
        "code": certificate.grouped_code if certificate else "",
    }


@csrf_exempt  # a public check that changes nothing and reads no cookie
@never_cache
@require_http_methods(["GET", "POST"])
def verify_credential(request):
    """POST a credential (JSON body, or the ``credential`` field of a form) → valid or not."""
    wants_json = request.content_type == "application/json" or request.GET.get("format") == "json"
    if request.method == "GET":
        return render(request, "certificates/verify_credential.html", {})
    limited = _throttled(request, as_json=wants_json)
    if limited:
        return limited
    raw = request.body if request.content_type == "application/json" else None
    if raw is None:
        raw = request.POST.get("credential", "").encode()
    error = None
    document = None
    if len(raw) > MAX_CREDENTIAL_BYTES:
        error = _("The credential is too large.")
    else:
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            error = _("This is not a JSON credential.")
        if document is not None and not isinstance(document, dict):
            error, document = _("This is not a JSON credential."), None
    if error:
        if wants_json:
            return JsonResponse({"error": "bad_request", "message": error}, status=400)
        return render(request, "certificates/verify_credential.html", {"error": error}, status=400)
    outcome = check_credential(document)
    if wants_json:
        response = JsonResponse(outcome)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    status = outcome["status"]
    status_label = (
        Certificate.Status(status).label
        if status in Certificate.Status.values
        else _("No certificate has this code")
    )
    return render(
        request,
        "certificates/verify_credential.html",
        {"outcome": outcome, "status_label": status_label},
    )


@require_GET
def issuer_key(request):
    """The issuer's public key (Multikey + JWK): what a wallet needs to check the proof."""
    response = JsonResponse(credentials.key_document())
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def issuer_profile(request):
    response = JsonResponse(credentials.issuer_profile(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response
