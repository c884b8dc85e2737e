"""PDF rendering with Typst, the one renderer of the project (certificates, plan summaries).

Typst is installed from PyPI as a self-contained wheel: no system library, and it shapes Arabic
(right-to-left, joined letters) and Tifinagh correctly with the fonts shipped in
``content/fonts``. System fonts are ignored so a PDF looks the same on every machine.

User data never goes into Typst source: templates read it from ``sys.inputs`` as JSON
(``json(bytes(sys.inputs.data))``), so a name such as ``#raw("x")`` or ``= title`` prints as
typed instead of being interpreted as markup.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import typst

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

# Font stacks for `#set text(font: ...)`: the first font that has a glyph wins, so each script
# finds its own face whatever the order of the languages in a line.
FONTS_ARABIC_FIRST = ("Noto Naskh Arabic", "Noto Sans", "Noto Sans Tifinagh")
FONTS_LATIN_FIRST = ("Noto Sans", "Noto Naskh Arabic", "Noto Sans Tifinagh")


def fonts_for(rtl: bool) -> list[str]:
    """The font stack for a right-to-left (Arabic first) or left-to-right text."""
    return list(FONTS_ARABIC_FIRST if rtl else FONTS_LATIN_FIRST)


class PdfRenderError(RuntimeError):
    """The Typst template failed to compile (a bug in a template, never user input)."""


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _compile(template: Path | str, data: dict[str, Any], inputs: dict[str, str] | None, **options):
    source = Path(template).read_bytes() if isinstance(template, Path) else template.encode()
    sys_inputs = {"data": json.dumps(data, default=_default, ensure_ascii=False)}
    sys_inputs.update(inputs or {})
    try:
        return typst.compile(
            source,
            font_paths=[str(FONTS_DIR)],
            ignore_system_fonts=True,
            sys_inputs=sys_inputs,
            **options,
        )
    except typst.TypstError as exc:
        raise PdfRenderError(str(exc)) from exc


def render_pdf(
    template: Path | str,
    *,
    data: dict[str, Any],
    inputs: dict[str, str] | None = None,
) -> bytes:
    """Compile the Typst ``template`` (a path, or source text) with ``data`` and return PDF bytes.

    ``data`` is exposed to the template as ``sys.inputs.data`` (JSON); ``inputs`` adds further
    string inputs, e.g. an SVG QR code for ``image(bytes(sys.inputs.qr), format: "svg")``.
    """
    return _compile(template, data, inputs, format="pdf")


def render_png(
    template: Path | str,
    *,
    data: dict[str, Any],
    inputs: dict[str, str] | None = None,
    ppi: int = 72,
) -> bytes:
    """The first page as PNG, for visual checks and previews."""
    pages = _compile(template, data, inputs, format="png", ppi=ppi)
    return pages[0] if isinstance(pages, list) else pages
