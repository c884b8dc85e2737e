from django import template

from content.markdown import render_markdown, render_rich_text
from content.shell import do_live, do_shell
from content.text import isolate_numbers

register = template.Library()
register.tag("shell", do_shell)
register.tag("live", do_live)


@register.filter(name="markdown")
def markdown_filter(value):
    return render_markdown(value or "")


@register.filter
def clean_richtext(value):
    """Rich text (a ``RichText`` or its stored source) as sanitised HTML (nh3)."""
    return render_rich_text(getattr(value, "source", value) or "")


@register.filter
def isolate(value):
    """Isolate number runs ("112-12") so they read left to right inside Arabic text."""
    return isolate_numbers(str(value)) if value is not None else ""


@register.filter
def filesize_label(num_bytes):
    """A short size label ("1.4 MB") for download buttons."""
    from django.template.defaultfilters import filesizeformat

    try:
        return filesizeformat(int(num_bytes))
    except (TypeError, ValueError):
        return ""
