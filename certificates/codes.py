"""Verification codes: 140 random bits in Crockford's base32, read aloud in groups of four.

A code is stored canonical (28 upper-case symbols, no dashes) and shown as
``XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX``. Input is accepted in any case, with or without dashes
or spaces, and with the letters people confuse mapped the Crockford way (O→0, I/L→1). The
alphabet has no I, L, O or U, so a code never spells a word by accident.

Must never: use a non-cryptographic random source.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28  # 28 × 5 = 140 bits ≥ 128
GROUP = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = str.maketrans("", "", "- \u00a0\u2010\u2011\u2012\u2013\u2014\u2212")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(value: str) -> str | None:
    """The canonical form of a typed or scanned code, or None if it cannot be a code."""
    if not isinstance(value, str) or len(value) > 80:
        return None
    value = value.translate(_IGNORED).upper().translate(_CONFUSABLE)
    if len(value) != LENGTH or any(ch not in ALPHABET for ch in value):
        return None
    return value


def grouped(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
