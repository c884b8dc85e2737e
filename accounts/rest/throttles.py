"""Login throttles for the API: per client IP, and per account named (the site's allauth
limits, "10/m/ip,5/5m/key", applied to app logins). An unknown account is throttled the same."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from ..security import login_key


class DynamicRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is read at request time from ``DEFAULT_THROTTLE_RATES[scope]``, so
    settings overrides (tests, environment) apply; every API throttle of the academy is one."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class LoginIpThrottle(DynamicRateThrottle):
    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "login-ip", "ident": self.get_ident(request)}


class LoginAccountThrottle(DynamicRateThrottle):
    scope = "login_account"

    def get_cache_key(self, request, view):
        login = request.data.get("login") if hasattr(request.data, "get") else None
        ident = login_key(login) if isinstance(login, str) else ""
        if not ident:
            return None
        return self.cache_format % {"scope": "login-account", "ident": ident}
