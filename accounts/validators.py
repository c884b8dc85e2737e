"""Validation of what people type about themselves.

A name is printed on certificates that funders read, so it must look exactly as it will be read:
no bidirectional overrides or isolates (which can reverse what a reader sees), no zero-width or
control characters, no markup. Names are NFC-normalised before they are checked or stored.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 100

# U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F/U+061C
# (directional marks), zero-width characters and the BOM.
_FORBIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u061c\u2060\ufeff\u00ad]")
_MARKUP = re.compile(r"[<>{}\[\]\\]|&#?\w+;")


def normalise_name(value: str) -> str:
    """NFC-normalise and collapse runs of white space; does not validate."""
    value = unicodedata.normalize("NFC", value or "")
    return " ".join(value.split())


def validate_person_name(value: str) -> None:
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("Names are at most %(limit)d characters long."),
            code="too_long",
            params={"limit": NAME_MAX_LENGTH},
        )
    if _FORBIDDEN.search(value):
        raise ValidationError(
            _("The name contains invisible direction or spacing characters; please retype it."),
            code="bidi",
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Co", "Cs"} for ch in value):
        raise ValidationError(
            _("The name contains control characters; please retype it."), code="control"
        )
    if _MARKUP.search(value):
        raise ValidationError(_("The name cannot contain markup characters."), code="markup")
    if not any(ch.isalpha() for ch in value):
        raise ValidationError(_("Please enter your name with letters."), code="no_letters")
