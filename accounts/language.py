"""The learner's language: chosen on any page, remembered on the profile and in a cookie.

The switcher on every page links to ``/language/<code>/?next=<the same page in that language>``
(plain links: works with JavaScript off). Choosing stores the language in the cookie Django's
``LocaleMiddleware`` reads for ``/`` and, for a signed-in learner, on the profile, so the next
login lands in that language on any device. Progress is keyed on translation keys, so nothing
of the learner's work depends on the language.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def remember_language(request, response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.preferred_language != language:
        from .models import User

        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language


@require_GET
@never_cache
def choose_language(request, language: str):
    if language not in LANGUAGE_CODES:
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith("/"):
        next_url = f"/{language}/"
    response = HttpResponseRedirect(translate_url(next_url, language))
    remember_language(request, response, language)
    return response


def preferred_url(user, url: str) -> str:
    """``url`` in the learner's preferred language, when they have one."""
    language = getattr(user, "preferred_language", "")
    if language in LANGUAGE_CODES:
        return translate_url(url, language)
    return url
