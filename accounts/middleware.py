"""The second factor in front of the editors' admin (see accounts.two_factor)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

ADMIN_PREFIXES = ("/cms/", "/django-admin/")
#: Reachable without the second factor: logging in and out.
EXEMPT = ("/cms/login/", "/cms/logout/", "/django-admin/login/", "/django-admin/logout/")


class AdminSecondFactorMiddleware:
    """Before /cms/ and /django-admin/: a user with a confirmed authenticator must have entered
    a code in this session; with ``OTP_REQUIRED_FOR_ADMIN`` every admin user must enrol first.
    Needs django_otp's OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(ADMIN_PREFIXES) and not path.startswith(EXEMPT):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not user.is_verified():
                from . import two_factor

                query = urlencode({"next": request.get_full_path()})
                if two_factor.is_enrolled(user):
                    return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
                if getattr(settings, "OTP_REQUIRED_FOR_ADMIN", False) and (
                    two_factor.can_use_admin(user)
                ):
                    return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)
