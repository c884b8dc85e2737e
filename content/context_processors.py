"""What every page's frame needs: the language switcher links and the text direction."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_bidi


def site_chrome(request):
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    languages = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            url = f"/{code}/"
        if code != current:
            # Through the chooser, which remembers the choice (cookie, and profile if signed in).
            url = f"{reverse('choose_language', args=[code])}?{urlencode({'next': url})}"
        languages.append({"code": code, "name": name, "url": url, "current": code == current})
    return {
        "site_languages": languages,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
    }
