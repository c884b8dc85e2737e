from django import template

from content.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value):
    return render_markdown(value or "")


@register.filter
def filesize_label(num_bytes):
    """A short size label ("1.4 MB") for download buttons."""
    from django.template.defaultfilters import filesizeformat

    try:
        return filesizeformat(int(num_bytes))
    except (TypeError, ValueError):
        return ""
