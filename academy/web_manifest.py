"""``/<lang>/manifest.webmanifest``: the web app manifest, so a learner can put the academy on
their phone's home screen and open it like an app.

One manifest per language, with the language in the URL: browsers fetch a manifest without
cookies, so the language has to come from the address that ``templates/base.html`` links to.
The name, ``lang`` and ``dir`` follow the request language; ``start_url`` opens the home page in
that language; ``id`` and ``scope`` are the same in every language, so switching language never
makes it a second app. The colours are the site's own (``--brand`` and ``--paper`` in
``templates/includes/styles.css``), read once. It never reads the session or the user.
"""

import json
import re
from functools import cache

from django.http import HttpResponse
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi, gettext, pgettext
from django.views.decorators.http import require_GET

CONTENT_TYPE = "application/manifest+json"
#: The PNG icons under ``academy/static/img/`` (drawn once from ``templates/includes/logo.svg``
#: with Pillow): one for any shape at each size, and a maskable one whose logo sits inside the
#: safe circle, on the brand colour to the edges.
ICONS = (
    ("img/icon-192.png", 192, "any"),
    ("img/icon-512.png", 512, "any"),
    ("img/icon-maskable-512.png", 512, "maskable"),
)


@cache
def site_colours() -> dict[str, str]:
    """The CSS custom properties of the site's stylesheet (``--brand``: ``#0b5d4b``, ...)."""
    source = get_template("includes/styles.css").template.source
    root = re.search(r":root\{([^}]*)\}", source)
    pairs = re.findall(r"--([\w-]+):(#[0-9a-fA-F]{3,8})", root.group(1) if root else "")
    return {name: value.lower() for name, value in pairs}


def manifest_for_language() -> dict:
    """The manifest in the active language."""
    language = get_language()
    colours = site_colours()
    return {
        "id": "/",
        "name": gettext("Taawuniya Academy"),
        "short_name": pgettext("app name under its home-screen icon", "Taawuniya"),
        "description": gettext(
            "Taawuniya Academy — free training in cooperative management, by the cooperative "
            "development office."
        ),
        "lang": language,
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "theme_color": colours["brand"],
        "background_color": colours["paper"],
        "categories": ["education"],
        "icons": [
            {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": use}
            for path, size, use in ICONS
        ],
    }


@require_GET
def web_manifest(request):
    body = json.dumps(manifest_for_language(), ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body.encode(), content_type=CONTENT_TYPE)
    # Browsers look for a new manifest now and then; an hour keeps a release's icons current.
    response["Cache-Control"] = "public, max-age=3600"
    return response
