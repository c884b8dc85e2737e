"""Django's ``LocaleMiddleware``, minus one thing for the API: a 404 under ``/api/`` stays a 404.

Django turns any 404 outside ``i18n_patterns`` into a redirect to ``/<lang>/<path>`` when that
path resolves — and Wagtail's catch-all makes every path resolve, so a missing course in the API
would answer 302 to an HTML page. The API's language still comes from ``Accept-Language``.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

API_PREFIX = "/api/"


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(API_PREFIX):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
