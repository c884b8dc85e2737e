"""The certificates' section of "My learning" (registered with progress.panels)."""

from django.utils.translation import get_language

from . import selectors


def my_learning_panel(request) -> dict | None:
    """The learner's valid certificates, newest first; nothing when there is none. One query."""
    found = selectors.valid_certificates_for_users([request.user.pk]).values()
    if not found:
        return None
    language = (get_language() or "ar").split("-")[0]
    certificates = sorted(found, key=lambda c: (c.issued_at, c.pk), reverse=True)
    return {"certificates": [(c, c.title_in(language)) for c in certificates]}
