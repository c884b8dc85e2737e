"""``/sw.js``: the service worker (``academy/static/js/sw.js``) served from the site root, so
that its scope covers every page. Static files live under ``/static/`` with hashed names; a
worker there could only control ``/static/``, and its URL would change with every release."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET


@cache
def _source() -> bytes | None:
    path = finders.find("js/sw.js")
    return open(path, "rb").read() if path else None  # noqa: SIM115 — read once per process


@require_GET
def service_worker(request):
    source = _source()
    if source is None:
        raise Http404
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; never let a cache keep an old one.
    response["Cache-Control"] = "no-cache"
    return response
