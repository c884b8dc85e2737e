"""Author markdown never becomes live HTML, whatever the casing or encoding."""

from html.parser import HTMLParser

import pytest

from content.markdown import render_markdown


class LiveMarkup(HTMLParser):
    """Collects what a browser would treat as live: tags, attributes and link targets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((name.lower(), (value or "").strip().lower()) for name, value in attrs)


DANGEROUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<img src=x onerror="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"></svg>',
    '<p style="position:fixed;top:0">cover</p>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
]


@pytest.mark.parametrize("source", DANGEROUS)
def test_dangerous_markdown_is_inert(source):
    html = str(render_markdown(source))
    parser = LiveMarkup()
    parser.feed(html)
    assert not {"script", "svg", "iframe", "img", "style", "object", "embed"} & set(parser.tags)
    for name, value in parser.attrs:
        assert not name.startswith("on"), html
        assert name != "style", html
        if name in {"href", "src"}:
            compact = "".join(value.split())
            assert compact.startswith(("http://", "https://", "mailto:", "tel:", "#", "/")), html


def test_ordinary_markdown_renders():
    html = str(
        render_markdown(
            "## Titre\n\n**gras** et *italique*\n\n- un\n- deux\n\n[site](https://odco.gov.ma)"
        )
    )
    assert "<h2>Titre</h2>" in html
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert "<li>un</li>" in html
    assert 'href="https://odco.gov.ma"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_raw_html_shows_as_text_not_markup():
    html = str(render_markdown("Avant <b>gras</b> après"))
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_law_numbers_and_dates_read_left_to_right_in_arabic():
    from content.text import LRI, PDI, isolate_numbers

    assert isolate_numbers("القانون 112-12 بتاريخ 21/11/2014") == (
        f"القانون {LRI}112-12{PDI} بتاريخ {LRI}21/11/2014{PDI}"
    )
    assert isolate_numbers(isolate_numbers("112-12")) == f"{LRI}112-12{PDI}"
    assert isolate_numbers("1000 درهم") == "1000 درهم"
    html = str(render_markdown("حسب القانون 112-12"))
    assert f"{LRI}112-12{PDI}" in html


def test_course_titles_isolate_law_numbers(client, db):
    from content.text import LRI
    from tests.factories.courses import build_course

    tree = build_course()
    tree.course.title = "إحداث تعاونية وفق القانون 112-12"
    tree.course.save_revision().publish()
    html = client.get("/ar/courses/").content.decode()
    assert f"{LRI}112-12" in html
