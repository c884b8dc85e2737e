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
_TAG = re.compile(r"<[^<>]*>")
_CONTROL = {"Cc", "Cf", "Co", "Cs"}


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
    if any(unicodedata.category(ch) in _CONTROL for ch in value):
        raise ValidationError(
            _("The name contains control characters; please retype it."), code="control"
        )
    if _MARKUP.search(value):
        raise ValidationError(_("The name cannot contain markup characters."), code="markup")
    if not any(ch.isalpha() for ch in value):
        raise ValidationError(_("Please enter your name with letters."), code="no_letters")


def strip_invisible(value: str) -> str:
    """``value`` without the direction and zero-width characters a name may not contain (for
    text printed beside a name, such as a course title on a certificate)."""
    return _FORBIDDEN.sub("", value)


def printable_name(value: str) -> str:
    """The name to print from what was stored or typed: NFC, spaces collapsed, at most
    ``NAME_MAX_LENGTH`` characters, without what ``validate_person_name`` refuses (direction,
    zero-width and control characters removed; tags and markup become spaces). "" if what is
    left is still refused (no letters)."""
    value = strip_invisible(normalise_name(value))
    value = "".join(ch for ch in value if unicodedata.category(ch) not in _CONTROL)
    value = normalise_name(_MARKUP.sub(" ", _TAG.sub(" ", value)))[:NAME_MAX_LENGTH].strip()
    try:
        validate_person_name(value)
    except ValidationError:
        return ""
    return value


# --- Passwords -----------------------------------------------------------------------------

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
#: Words anyone would try first against this site (after Django's 20,000 common passwords).
SITE_WORDS = (
    "taawuniya",
    "taawunia",
    "taawouniya",
    "tawuniya",
    "taawun",
    "تعاونية",
    "تعاون",
    "academy",
    "academie",
    "akademi",
    "cooperative",
    "cooperatif",
    "password",
    "motdepasse",
    "passe",
    "admin",
    "maroc",
    "morocco",
    "المغرب",
)
#: Keyboard rows (QWERTY, AZERTY, digits) and alphabets, walked either way.
_ROWS = (
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "1234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "1a2z3e4r5t6y7u8i9o0p",
)


def _walks(text: str, minimum: int = 3) -> list[tuple[int, int]]:
    """Spans of ``text`` that are keyboard walks, alphabet/digit runs (either way) or one
    character repeated, at least ``minimum`` long."""
    spans = []
    i = 0
    while i < len(text):
        best = 0
        for j in range(len(text), i + minimum - 1, -1):
            piece = text[i:j]
            if len(set(piece)) == 1 or any(piece in row or piece in row[::-1] for row in _ROWS):
                best = j - i
                break
        if best:
            spans.append((i, i + best))
            i += best
        else:
            i += 1
    return spans


def _without_walks(text: str) -> str:
    keep = list(text)
    for start, end in _walks(text):
        keep[start:end] = [" "] * (end - start)
    return "".join(keep)


def _strip(text: str, pieces) -> str:
    for piece in sorted({p for p in pieces if p and len(p) >= 3}, key=len, reverse=True):
        text = text.replace(piece, " ")
    return text


class GuessablePasswordValidator:
    """Refuses passwords made mostly of what an attacker tries first: the site's name, the
    person's phone number, email or name, keyboard walks (azerty, qwerty, 123456), runs and
    repeated characters, years — whatever the capitals, digits-for-letters (p@ssw0rd) and
    punctuation around them. What is left once those are removed must be ``min_rest``
    characters or more. Complements Django's ``CommonPasswordValidator``."""

    def __init__(self, min_rest: int = 4):
        self.min_rest = min_rest

    def _personal_pieces(self, user) -> list[str]:
        if user is None:
            return []
        pieces = []
        phone = re.sub(r"\D", "", getattr(user, "phone", "") or "")
        if phone:
            national = phone[3:] if phone.startswith("212") else phone
            pieces += [phone, national, "0" + national, national[-8:], national[-6:]]
        email = (getattr(user, "email", "") or "").lower()
        if email:
            pieces += [email, email.split("@")[0]]
        for attr in ("full_name", "first_name", "last_name", "username"):
            value = (getattr(user, attr, "") or "").lower()
            pieces += value.split()
        return pieces

    def rest(self, password: str, user=None) -> str:
        """What remains of ``password`` once every guessable piece is removed."""
        personal = self._personal_pieces(user)
        text = unicodedata.normalize("NFKC", password).lower()
        text = _strip(text, personal)  # before de-leeting: phone digits stay digits
        text = re.sub(r"(?:19|20)\d\d", " ", text)  # years
        text = _without_walks(text)
        text = _strip(
            text.translate(_LEET), SITE_WORDS + tuple(p.translate(_LEET) for p in personal)
        )
        text = _without_walks(text)
        return "".join(ch for ch in text if ch.isalnum())

    def validate(self, password: str, user=None) -> None:
        if len(self.rest(password, user)) < self.min_rest:
            raise ValidationError(
                _(
                    "This password is too easy to guess: it is mostly the site's name, your "
                    "phone number, email or name, a keyboard row, a sequence, a year or repeated "
                    "characters. Add a few words of your own."
                ),
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password cannot be mostly the site's name, your phone number, a keyboard row, "
            "a sequence or repeated characters."
        )
