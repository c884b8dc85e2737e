"""API throttles, counted in the cache (Redis in production, so every app server shares them):
per signed-in user, and per client IP for everyone. Rates are read at request time from
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``user``, ``ip``).

Behind a proxy, set ``NUM_PROXIES`` in ``REST_FRAMEWORK`` so that the IP is the client's."""

from accounts.rest.throttles import DynamicRateThrottle


class PerUserThrottle(DynamicRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class PerIpThrottle(DynamicRateThrottle):
    scope = "ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
