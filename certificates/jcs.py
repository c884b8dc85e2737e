"""JSON Canonicalization Scheme (RFC 8785): one byte string per JSON value, so that a signature
over a credential does not depend on key order, spacing or escaping.

Object members sorted by their names' UTF-16 code units; strings escaped as ECMAScript's
``JSON.stringify`` does (only ``"``, ``\\`` and control characters; everything else as UTF-8);
numbers written as ECMAScript writes them (shortest round-trip digits). Pure, no dependency.

Must never: accept what JSON cannot carry (NaN, infinities, non-string keys, lone surrogates):
those raise ``ValueError``.
"""

import json
import math

__all__ = ["canonicalize"]


def canonicalize(value) -> bytes:
    try:
        return _encode(value).encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate
        raise ValueError("not valid Unicode") from exc


def _encode(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return _number(float(value)) if abs(value) > 2**53 else str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise ValueError("object keys must be strings")
        keys = sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(_encode(k) + ":" + _encode(value[k]) for k in keys) + "}"
    raise ValueError(f"{type(value).__name__} is not a JSON value")


def _number(value: float) -> str:
    """ECMAScript Number::toString for a finite double."""
    if not math.isfinite(value):
        raise ValueError("NaN and infinities are not JSON")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    text = repr(abs(value))  # shortest digits that round-trip, like ECMAScript
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    if fraction == "0":
        fraction = ""
    digits = (whole + fraction).lstrip("0")
    # n: position of the decimal point relative to the digits (value = 0.digits × 10^n).
    n = len(whole) + int(exponent or 0) if whole != "0" else int(exponent or 0)
    if whole == "0":
        n -= len(fraction) - len(fraction.lstrip("0"))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-")
        out += str(abs(e))
    return sign + out
