"""Uploads by trainers and staff: size refused before parsing, type checked by content, names
generated, documents served as attachments with nosniff, gated documents only to enrolled
learners."""

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from wagtail.documents import get_document_model

from content.uploads import UploadLimitMiddleware, check_content, upload_limit
from tests.factories.accounts import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content):
    return SimpleUploadedFile(name, content)


def xlsx_bytes():
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestSizeBeforeParsing:
    def call(self, path, length, content_type="multipart/form-data; boundary=x"):
        reached = []
        middleware = UploadLimitMiddleware(lambda request: reached.append(request) or "view")
        request = RequestFactory().generic("POST", path, b"")
        request.META["CONTENT_TYPE"] = content_type
        if length is None:
            request.META.pop("CONTENT_LENGTH", None)
        else:
            request.META["CONTENT_LENGTH"] = str(length)
        return middleware(request), reached

    def test_too_large_is_refused_before_the_view(self):
        response, reached = self.call("/ar/bank/import/", upload_limit("/ar/") + 1)
        assert response.status_code == 413 and reached == []

    def test_the_cms_allows_larger_media(self):
        assert upload_limit("/cms/documents/multiple/add/") > upload_limit("/ar/bank/")
        response, reached = self.call("/cms/documents/multiple/add/", upload_limit("/ar/") + 1)
        assert response == "view"

    def test_missing_or_bad_length(self):
        assert self.call("/cms/", None)[0].status_code == 411
        assert self.call("/cms/", "12abc")[0].status_code == 400

    def test_other_bodies_are_left_to_django(self):
        response, reached = self.call("/api/v1/x", 10**9, content_type="application/json")
        assert response == "view"


@pytest.mark.parametrize(
    "name,content",
    [
        ("notes.pdf", PDF),
        ("table.xlsx", None),
        ("list.csv", "nom;région\nAmina;Souss\n".encode()),
        ("plain.txt", "نص عربي".encode() * 3000),  # a character cut by the sample's end
        ("quiz.gift", b"::Q1:: 2+2? {=4 ~5}"),
    ],
)
def test_files_whose_content_matches_pass(name, content):
    check_content(upload(name, content if content is not None else xlsx_bytes()))


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("notes.pdf", b"<html><script>alert(1)</script></html>", "content"),
        ("table.xlsx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "content"),
        ("table.xlsx", PDF, "content"),
        ("list.csv", b"a,b\x00\x00\x01binary", "content"),
        ("list.csv", b"\xff\xfe\xfa\xfb not utf-8 at all \xc3\x28 more text here", "content"),
        ("page.html", b"<html></html>", "extension"),
        ("image.svg", b"<svg onload=alert(1)>", "extension"),
        ("noextension", PDF, "extension"),
    ],
)
def test_files_whose_content_does_not_match_are_refused(name, content, code):
    with pytest.raises(forms.ValidationError) as caught:
        check_content(upload(name, content))
    assert caught.value.code == code


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_admin_upload_checks_content_and_generates_the_name(media, staff_client):
    from wagtail.models import Collection

    Document = get_document_model()
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    fake = staff_client.post(
        "/cms/documents/add/",
        {"title": "Fake", "file": upload("report.pdf", b"<script>alert(1)</script>")},
    )
    assert fake.status_code == 200 and Document.objects.count() == 0
    real = staff_client.post(
        "/cms/documents/add/",
        {"title": "Guide", "file": upload("Guide de la coopérative.pdf", PDF)},
    )
    assert real.status_code == 302
    document = Document.objects.get()
    assert "Guide" not in document.file.name and document.file.name.endswith(".pdf")
    assert len(document.filename) == 36  # 32 hex digits + ".pdf"


def _document(title="Guide"):
    from django.core.files.base import ContentFile
    from wagtail.models import Collection

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    Document = get_document_model()
    return Document.objects.create(
        title=title, file=ContentFile(PDF, name="guide.pdf"), collection=root
    )


def _link(page, document):
    page.body = list(page.body.raw_data) + [
        {"type": "document", "value": {"document": document.pk, "description": ""}}
    ]
    page.save_revision().publish()


@pytest.mark.django_db
def test_documents_of_a_course_are_for_its_learners_only(media):
    from courses.services import enrol
    from tests.factories.courses import build_course

    tree = build_course(modules=(1,))
    lesson = tree.modules[0].get_children().first().specific
    document = _document()
    _link(lesson, document)
    url = document.url
    assert url.startswith("/documents/")

    assert Client().get(url).status_code == 404
    stranger, learner = UserFactory(), UserFactory()
    enrol(user=learner, course=tree.course)
    as_stranger, as_learner = Client(), Client()
    as_stranger.force_login(stranger)
    as_learner.force_login(learner)
    assert as_stranger.get(url).status_code == 404
    response = as_learner.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Unused documents are nobody's business.
    unused = _document("Draft only")
    assert as_learner.get(unused.url).status_code == 404


@pytest.mark.django_db
def test_documents_of_a_public_page_are_public(media):
    from content.models import StandardPage
    from tests.factories.courses import site_root

    home, index = site_root()
    page = StandardPage(title="À propos", slug="about", body=[])
    home.add_child(instance=page)
    document = _document()
    _link(page, document)
    response = Client().get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
