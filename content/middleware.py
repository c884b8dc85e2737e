"""Resolve the Wagtail site (and its home page in the active language) from the tree cache.

Wagtail looks the site up with a query on every request and then loads the localized, specific
home page (two more). Both only change when editors publish, so they are cached per tree version;
Wagtail reads ``request._wagtail_site`` when it is set.
"""

import contextlib
import copy

from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

from .tree_cache import begin_request, end_request, get_or_compute


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = begin_request()
        try:
            if not request.path.startswith(("/cms/", "/django-admin/", "/static/", "/media/")):
                with contextlib.suppress(DisallowedHost):  # CommonMiddleware answers 400
                    self._attach_site(request)
            return self.get_response(request)
        finally:
            end_request(token)

    @staticmethod
    def _attach_site(request):
        from wagtail.models import Site

        host = request.get_host()
        language = get_language()

        def compute():
            site = Site.find_for_request(request)
            if site is None:
                return ()
            site = copy.copy(site)
            # The home page in the active language, as its specific class: what Wagtail's
            # router would load on every request.
            site.root_page = site.root_page.localized.specific
            return site

        site = get_or_compute(f"site:{host}:{language}", compute)
        if site:
            request._wagtail_site = site
