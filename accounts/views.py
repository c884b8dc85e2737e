"""Account pages that django-allauth does not provide: the profile and password reset by phone."""

import hashlib
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import PhoneResetConfirmForm, PhoneResetRequestForm, ProfileForm
from .models import User
from .sms import CODE_TTL, code_matches, one_time_code, send_sms

RESET_SESSION_KEY = "accounts_phone_reset"
RESET_MAX_ATTEMPTS = 5
RESET_MAX_SENDS_PER_PHONE = 3  # per TTL window


def _profile_page(request, *, form=None, key_form=None, status=200):
    from .forms import AppKeyForm
    from .selectors import active_tokens
    from .two_factor import can_use_admin

    return render(
        request,
        "accounts/profile.html",
        {
            "form": form or ProfileForm(instance=request.user),
            "key_form": key_form or AppKeyForm(user=request.user),
            "tokens": active_tokens(user=request.user),
            "second_factor": can_use_admin(request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    # Bad input: a clear 400, nothing saved.
    return _profile_page(request, form=form, status=400 if form.errors else 200)


@login_required
@require_http_methods(["POST"])
def new_app_key(request):
    """Create an app key from the account page; shown once. With a second factor, only with a
    current code (or a recovery code) sent in the same form: 400 and no key otherwise."""
    from .forms import AppKeyForm
    from .services import SecondFactorError, issue_token
    from .two_factor import refusal_message

    key_form = AppKeyForm(request.POST, user=request.user)
    status = 400
    if key_form.is_valid():
        try:
            token, key = issue_token(
                user=request.user,
                name=key_form.cleaned_data["name"],
                code=key_form.cleaned_data.get("code", ""),
            )
        except SecondFactorError as exc:
            key_form.add_error("code", refusal_message(exc.reason))
            status = 429 if exc.reason == "throttled" else 400
        else:
            response = render(
                request, "accounts/app_key_created.html", {"token": token, "key": key}
            )
            response["Cache-Control"] = "no-store"
            return response
    return _profile_page(request, key_form=key_form, status=status)


@login_required
@require_http_methods(["POST"])
def revoke_app_key(request, token_id: int):
    """Revoke one of the learner's app keys (another learner's key is 404)."""
    from django.http import Http404

    from .services import revoke_token

    if not revoke_token(user=request.user, token_id=token_id):
        raise Http404
    messages.success(request, _("The key is revoked: the app that used it is signed out."))
    return redirect("accounts:profile")


@login_required
@require_http_methods(["POST"])
def download_my_data(request):
    """A ZIP of everything registered about the learner (JSON), for law 09-08's right of access."""
    import io
    import json
    import zipfile

    from django.http import HttpResponse
    from django.utils import timezone

    from .privacy import export_user_data, files_for

    payload = json.dumps(export_user_data(request.user), ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", payload)
        # The files held about the learner (e.g. certificate PDFs), under files/<model>/.
        for label, name, storage in files_for(request.user):
            try:
                with storage.open(name, "rb") as handle:
                    archive.writestr(f"files/{label}/{name.rsplit('/', 1)[-1]}", handle.read())
            except OSError:  # a file listed but missing from storage: the JSON still says so
                continue
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="taawuniya-my-data-{stamp}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def phone_reset_request(request):
    form = PhoneResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        sends_key = f"phone-reset-sends:{hashlib.sha256(phone.encode()).hexdigest()}"
        sends = cache.get(sends_key, 0)
        user = User.objects.filter(phone=phone, is_active=True).first()
        code, state = one_time_code()
        # The same answer and the same session state whether or not the number has an account.
        request.session[RESET_SESSION_KEY] = {
            "user_id": user.pk if user else None,
            **state,
            "attempts": 0,
        }
        if user is not None and sends < RESET_MAX_SENDS_PER_PHONE:
            cache.set(sends_key, sends + 1, CODE_TTL)
            send_sms(
                phone=phone,
                text=_("Taawuniya Academy: your password reset code is %(code)s") % {"code": code},
            )
        return redirect("accounts:phone_reset_confirm")
    return render(request, "accounts/phone_reset_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def phone_reset_confirm(request):
    state = request.session.get(RESET_SESSION_KEY)
    if not state or state["expires"] < time.time():
        request.session.pop(RESET_SESSION_KEY, None)
        messages.error(request, _("That code has expired. Ask for a new one."))
        return redirect("accounts:phone_reset")
    user = User.objects.filter(pk=state["user_id"], is_active=True).first()
    form = PhoneResetConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        good = user is not None and code_matches(state, form.cleaned_data["code"])
        if not good:
            state["attempts"] += 1
            if state["attempts"] >= RESET_MAX_ATTEMPTS:
                request.session.pop(RESET_SESSION_KEY, None)
                messages.error(request, _("Too many wrong codes. Ask for a new one."))
                return redirect("accounts:phone_reset")
            request.session[RESET_SESSION_KEY] = state
            form.add_error("code", _("This code is not right. Check the text message."))
        else:
            user.set_password(form.cleaned_data["password1"])
            user.save(update_fields=["password"])
            request.session.pop(RESET_SESSION_KEY, None)
            messages.success(request, _("Your password has been changed. You can log in now."))
            return redirect("account_login")
    return render(request, "accounts/phone_reset_confirm.html", {"form": form})


ERASE_SESSION_KEY = "accounts_erase_code"
ERASE_MAX_FAILURES = 5


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request):
    """ "Erase my account": confirmed with the password, or with a code sent by text message
    (for whoever logs in by phone and no longer knows the password). Five wrong confirmations
    log the session out."""
    from django.contrib.auth import logout

    from .erasure import erase_account as erase
    from .forms import EraseAccountForm
    from .privacy import registered

    user = request.user
    state = request.session.get(ERASE_SESSION_KEY)
    if request.method == "POST" and request.POST.get("action") == "send_code":
        if user.phone and user.phone_verified:
            code, request.session[ERASE_SESSION_KEY] = one_time_code()  # hash only
            send_sms(
                phone=user.phone,
                text=_("Taawuniya Academy: the code to erase your account is %(code)s")
                % {"code": code},
            )
            messages.info(request, _("We sent a code to your phone."))
        return redirect("accounts:erase_account")
    form = EraseAccountForm(request.POST or None, user=user, sms_state=state)
    if request.method == "POST" and form.is_valid():
        erase(user=user, actor=user)
        logout(request)
        messages.success(request, _("Your account has been erased."))
        return redirect("/")
    if request.method == "POST":
        failures = request.session.get("accounts_erase_failures", 0) + 1
        request.session["accounts_erase_failures"] = failures
        if failures >= ERASE_MAX_FAILURES:
            logout(request)
            return redirect("account_login")
    context = {
        "form": form,
        "kept": registered(),
        "can_sms": bool(user.phone and user.phone_verified),
    }
    return render(request, "accounts/erase_account.html", context)
