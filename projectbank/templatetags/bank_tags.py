from django import template

from ..plans import money as _money

register = template.Library()


@register.filter
def money(value, places=0):
    """A Decimal amount rounded with ``finance.display`` and grouped for the locale."""
    return _money(value, int(places))
