"""Optional second factor (TOTP, RFC 6238) for staff and trainers, with one-time recovery codes.

Decision (issue #10): people who can open the CMS may enrol; once enrolled, the code is asked
before ``/cms/`` and ``/django-admin/`` in every new session (``AdminSecondFactorMiddleware``).
``OTP_REQUIRED_FOR_ADMIN=True`` makes enrolment compulsory for everyone who can open the CMS
(recommended in production once the team has enrolled). Learners' pages never ask for it.

Enrolment: a new unconfirmed TOTP device, shown as a QR code (segno, inline SVG: nothing leaves
the server) and as the base32 secret; the first correct code confirms it and gives ten recovery
codes, shown once and stored by django-otp's static device (each one works once). Wrong codes
are throttled by django-otp (growing delays per device).

App keys (API tokens, ``accounts.services.issue_token``) of an enrolled user are created only
with a current code or a recovery code in the same request (``check_code``, the same check
and throttle as ``verify``); confirming an enrolment revokes the keys made before it. A key
opens the HTTP API only: ``/cms/`` and ``/django-admin/`` know sessions only (see
``accounts.rest.authentication``), so a key never reaches the editors' admin.
"""

import base64
import math
from dataclasses import dataclass

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
_SETUP_NAME = "pending"


def can_use_admin(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def is_enrolled(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def normalise_code(code: str) -> str:
    """A code as typed ("123 456", "ab12-cd34") as the devices compare it."""
    return "".join((code or "").split()).replace("-", "").lower()


def refusal_message(reason: str) -> str:
    """What to tell someone refused a key by ``services.SecondFactorError``."""
    if reason == "required":
        return _(
            "This account has a second factor: give the code from your authenticator app, "
            "or a recovery code."
        )
    if reason == "throttled":
        return _("Too many wrong codes: wait a moment, then try again.")
    return _("This code is not right. Check the time on your phone.")


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of ``check_code``: the device that accepted the code, or None; when every
    device of the user is slowed down by earlier wrong codes, how many seconds to wait."""

    device: object | None
    wait_seconds: int = 0


def check_code(*, user, code: str) -> CodeCheck:
    """Check a TOTP or recovery ``code`` of ``user`` with django-otp's throttle (each wrong code
    doubles the wait before the next one is even looked at; a recovery code works once)."""
    from django.utils import timezone

    devices = list(devices_for_user(user, confirmed=True))
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            break
        until = (details or {}).get("locked_until")
        waits.append(max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1)
    else:
        if devices:
            return CodeCheck(None, min(waits))
    return CodeCheck(match_token(user, normalise_code(code)))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


def _secret_b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def manage(request):
    """Status page; POST starts an enrolment (GET never changes anything)."""
    if not can_use_admin(request.user):
        raise Http404
    enrolled = is_enrolled(request.user)
    if request.method == "POST" and not enrolled:
        TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, name=_SETUP_NAME, defaults={}
        )
        return redirect("accounts:two_factor_setup")
    return render(
        request,
        "accounts/two_factor.html",
        {"enrolled": enrolled, "verified": request.user.is_verified()},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if not can_use_admin(user):
        raise Http404
    if is_enrolled(user):
        return redirect("accounts:two_factor")
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=_SETUP_NAME).first()
    if device is None:  # enrolment starts with a POST on the status page (GET changes nothing)
        return redirect("accounts:two_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes, signed_out = _confirm(user=user, device=device)
            otp_login(request, device)
            if signed_out:
                messages.info(
                    request,
                    _(
                        "Your app keys were signed out. Create new ones on your account page, "
                        "with a code from your authenticator app."
                    ),
                )
            response = render(request, "accounts/two_factor_codes.html", {"codes": codes})
            return _no_store(response)
        form.add_error("code", refusal_message("invalid"))
    context = {"form": form, "qr": _qr_svg(device.config_url), "secret": _secret_b32(device)}
    return _no_store(render(request, "accounts/two_factor_setup.html", context))


def _confirm(*, user, device: TOTPDevice) -> tuple[list[str], int]:
    """Confirm the device: (recovery codes, number of app keys revoked)."""
    from .sessions import revoke_tokens

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.name = "authenticator"
        device.save(update_fields=["confirmed", "name"])
        # Keys made without the second factor would still open the API: they go.
        signed_out = revoke_tokens(user=user)
        return new_recovery_codes(user=user), signed_out


def new_recovery_codes(*, user) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returns them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    default = reverse("wagtailadmin_home")
    if not is_enrolled(user) or user.is_verified():
        return redirect(_safe_next(request, default))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = check_code(user=user, code=form.cleaned_data["code"])
        device = check.device
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(
                    request,
                    _("Recovery code used: %(left)d left. Make new ones on your account page.")
                    % {"left": left},
                )
            return redirect(_safe_next(request, default))
        form.add_error("code", refusal_message("throttled" if check.wait_seconds else "invalid"))
    next_url = _safe_next(request, "")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@never_cache
@require_http_methods(["POST"])
def disable(request):
    """Remove the second factor; needs a current code (a stolen session alone cannot)."""
    user = request.user
    form = CodeForm(request.POST)
    check = check_code(user=user, code=form.cleaned_data["code"]) if form.is_valid() else None
    if check is not None and check.device is not None:
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        messages.success(request, _("The second factor is turned off."))
    elif check is not None and check.wait_seconds:
        messages.error(request, refusal_message("throttled"))
    else:
        messages.error(request, _("This code is not right: the second factor is still on."))
    return redirect("accounts:two_factor")


@login_required
@never_cache
@require_http_methods(["POST"])
def regenerate_codes(request):
    user = request.user
    if not is_enrolled(user) or not user.is_verified():
        raise Http404
    codes = new_recovery_codes(user=user)
    return _no_store(render(request, "accounts/two_factor_codes.html", {"codes": codes}))
