"""SVG bar charts: a right-to-left chart is the mirror of the left-to-right one, and takes the
page's direction so that an Arabic label with a Latin word or a cut end reads right to left."""

from django.template.loader import render_to_string

from cooperatives import charts

ITEMS = [("C1 فهم التعاونيات والجمعيات والشركات", 42), ("مسجلون", 84), ("Hidden", None)]


def test_right_to_left_bars_are_the_mirror_of_left_to_right():
    ltr = charts.bar_chart("Funnel", ITEMS)
    rtl = charts.bar_chart("Funnel", ITEMS, rtl=True)
    assert rtl.label_x == charts.WIDTH - ltr.label_x
    for left, right in zip(ltr.bars, rtl.bars, strict=True):
        assert right.width == left.width
        assert right.x == charts.WIDTH - (left.x + left.width)  # the bar grows from the right
        assert right.text_x == charts.WIDTH - left.text_x
        assert right.y == left.y
    assert [bar.width for bar in ltr.bars] == [80, 160, 0]  # 84 fills the 160 px of bar area


def test_the_svg_takes_the_charts_direction_and_logical_anchors():
    for rtl, direction in ((False, "ltr"), (True, "rtl")):
        svg = render_to_string(
            "cooperatives/includes/bar_chart.html",
            {"chart": charts.bar_chart("Funnel", ITEMS, rtl=rtl)},
        )
        assert f'direction="{direction}"' in svg
        # Labels end against the bars, values start after them, whatever the direction.
        assert svg.count('text-anchor="end"') == len(ITEMS)
        assert svg.count('text-anchor="start"') == len(ITEMS)
        assert f">{ITEMS[0][0][:21]}…</text>" in svg  # cut at 22 characters
