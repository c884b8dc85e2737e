"""Per-IP throttle of the public certificate endpoints, through the shared cache (Redis in
production, so every app server counts together). Fixed one-minute windows.

The address is the one the site's login lockout uses (``accounts.security.client_ip``): behind a
proxy declared in ``AXES_TRUSTED_PROXY_COUNT`` it is the client's, not the proxy's, so one busy
visitor does not throttle everybody."""

import time

from django.conf import settings
from django.core.cache import cache

from accounts.security import client_ip


def allow(request, scope: str = "verify") -> tuple[bool, int]:
    """(allowed, seconds until the window ends) for this request's IP address."""
    limit = getattr(settings, "CERTIFICATE_VERIFY_RATE", 60)
    now = int(time.time())
    window = now // 60
    key = f"certificates:throttle:{scope}:{client_ip(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    return count <= limit, 60 - now % 60
