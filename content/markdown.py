"""Author-written markdown and rich text to safe HTML.

Python-Markdown runs with raw HTML switched off (its HTML block and inline processors are
removed, so ``<script>`` is text, not markup), then nh3 keeps only an allow-list of tags,
attributes and URL schemes. Rich text (Wagtail's editor) is cleaned by the editor on the way
in, but not when it reaches the database another way (an import, a translation file, a script):
it goes through the same nh3 allow-list on the way out. This module must never return HTML that
was not passed through nh3.
"""

from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

from .text import isolate_numbers

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "bdi",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _markdown() -> md.Markdown:
    converter = md.Markdown(extensions=["sane_lists"], output_format="html")
    # No raw HTML from authors: drop the block and inline HTML handlers.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=2048)
def _render(text: str) -> str:
    return sanitise_html(_markdown().convert(isolate_numbers(text)))


def render_markdown(text: str) -> SafeString:
    """Render ``text`` (markdown) to sanitised HTML, safe to put in a page."""
    return mark_safe(_render(text or ""))  # noqa: S308 — output of nh3


def render_rich_text(source: str) -> SafeString:
    """Wagtail rich text as stored (``<a linktype="page" id="…">`` and all) to sanitised HTML:
    internal links expanded to their URLs, then nh3, whatever way the text was stored."""
    from wagtail.rich_text import expand_db_html

    return mark_safe(sanitise_html(expand_db_html(source or "")))  # noqa: S308 — output of nh3
