"""What every page's frame needs: the language switcher links and the text direction."""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_bidi


def site_chrome(request):
    return {
        "site_languages": language_links(request.get_full_path(), get_language()),
        "text_direction": "rtl" if get_language_bidi() else "ltr",
    }


@lru_cache(maxsize=4096)
def language_links(path: str, current: str | None) -> tuple[dict, ...]:
    """The switcher's links for ``path``: the same for every visitor, so computed once per
    process and path (resolving and reversing a URL four times was 8 % of a lesson page)."""
    current = current or settings.LANGUAGE_CODE
    languages = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            url = f"/{code}/"
        if code != current:
            # Through the chooser, which remembers the choice (cookie, and profile if signed in).
            url = f"{reverse('choose_language', args=[code])}?{urlencode({'next': url})}"
        languages.append({"code": code, "name": name, "url": url, "current": code == current})
    return tuple(languages)
