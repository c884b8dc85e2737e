"""The "My cooperative" navigation link, for managers only (no query on most pages: the flag
is cached per user, see ``selectors.manages_any``)."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def cooperative_nav(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"manages_cooperative": SimpleLazyObject(lambda: selectors.manages_any(user=user))}
