"""Bar charts drawn on the server as SVG geometry (no chart library sent to phones). Pure.

Every chart is also shown as a table by the templates; the SVG carries a title and is
``aria-hidden`` beside that table. Right-to-left pages get bars that grow from the right: the
geometry is mirrored here, and the SVG takes the page's direction so that Arabic labels (with a
Latin word, a number or the ellipsis of a cut label) read right to left. Text anchors are
therefore logical ("start" is the right edge in a right-to-left chart): labels end against the
bars and values start after them, in both directions.
"""

from dataclasses import dataclass

WIDTH = 320
BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 120


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: hidden (small cell)
    x: int
    y: int
    width: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    rtl: bool
    label_x: int
    bar_height: int = BAR_HEIGHT


def bar_chart(title: str, items: list[tuple[str, int | None]], *, rtl: bool = False) -> BarChart:
    """Horizontal bars, one per (label, value); hidden values draw no bar."""
    top = max([v for _l, v in items if v is not None] + [1])
    area = WIDTH - LABEL_WIDTH - 40
    bars = []
    for i, (label, value) in enumerate(items):
        length = round(area * (value or 0) / top)
        y = i * (BAR_HEIGHT + GAP)
        if rtl:
            x = WIDTH - LABEL_WIDTH - length
            text_x = x - 4
        else:
            x = LABEL_WIDTH
            text_x = x + length + 4
        bars.append(
            Bar(
                label=label,
                value=value,
                x=x,
                y=y,
                width=length,
                text_x=text_x,
                text_y=y + BAR_HEIGHT - 5,
            )
        )
    return BarChart(
        title=title,
        bars=bars,
        width=WIDTH,
        height=max(1, len(items)) * (BAR_HEIGHT + GAP),
        rtl=rtl,
        label_x=WIDTH - LABEL_WIDTH + 6 if rtl else LABEL_WIDTH - 6,
    )
