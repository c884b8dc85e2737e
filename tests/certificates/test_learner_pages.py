"""The learner's side: "My certificates", PDF and credential downloads for the owner only
(anybody else: 404), served as attachments with nosniff; a PDF not rendered yet is made on
demand."""

import json

import pytest
from django.core.files.storage import default_storage

from certificates import selectors
from certificates.models import PDF_LANGUAGES, Certificate, CertificateFile
from tests.factories.accounts import UserFactory
from tests.factories.certificates import certified_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned():
    _tree, user = certified_learner(name="محمد بن علي")
    return user, Certificate.objects.get(user=user)


def test_my_certificates_lists_the_certificate_with_its_downloads(client, owned):
    user, certificate = owned
    client.force_login(user)
    response = client.get("/ar/certificates/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Course course" in page and certificate.grouped_code in page
    for language in PDF_LANGUAGES:
        assert f"/ar/certificates/{certificate.grouped_code}/pdf/{language}/" in page
    # Each variant named in its own script, whatever the page's language.
    for label in ("العربية", "Français", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "English", "العربية + Français"):
        assert f"download>{label}</a>" in page
    assert f"/ar/certificates/{certificate.grouped_code}/credential/" in page
    assert 'href="/ar/certificates/"' in page  # in the navigation


def test_my_learning_links_to_my_certificates(client, owned):
    user, _certificate = owned
    client.force_login(user)
    page = client.get("/fr/learn/").content.decode()
    assert "/fr/certificates/" in page


def test_the_owner_downloads_each_pdf_as_an_attachment(client, owned):
    user, certificate = owned
    client.force_login(user)
    for language in PDF_LANGUAGES:
        response = client.get(f"/fr/certificates/{certificate.grouped_code}/pdf/{language}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"-{language}.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_owner_downloads_the_credential(client, owned):
    user, certificate = owned
    client.force_login(user)
    response = client.get(f"/fr/certificates/{certificate.code.lower()}/credential/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert json.loads(response.content) == certificate.credential


def test_another_users_pdf_and_credential_answer_404(client, owned):
    _user, certificate = owned
    client.force_login(UserFactory())
    for language in PDF_LANGUAGES:
        url = f"/fr/certificates/{certificate.grouped_code}/pdf/{language}/"
        assert client.get(url).status_code == 404
    assert client.get(f"/fr/certificates/{certificate.grouped_code}/credential/").status_code == 404
    assert certificate.grouped_code not in client.get("/fr/certificates/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, owned):
    _user, certificate = owned
    response = client.get(f"/fr/certificates/{certificate.grouped_code}/pdf/fr/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get("/fr/certificates/").status_code == 302


def test_unknown_language_code_or_revoked_certificate_answer_404(client, owned):
    user, certificate = owned
    client.force_login(user)
    assert client.get(f"/fr/certificates/{certificate.grouped_code}/pdf/de/").status_code == 404
    assert client.get("/fr/certificates/NOPE/pdf/fr/").status_code == 404
    Certificate.objects.filter(pk=certificate.pk).update(status="revoked")
    assert client.get(f"/fr/certificates/{certificate.grouped_code}/pdf/fr/").status_code == 404
    assert client.get(f"/fr/certificates/{certificate.grouped_code}/credential/").status_code == 404


def test_a_pdf_not_rendered_yet_is_made_on_demand_once(client, owned):
    user, certificate = owned
    for row in CertificateFile.objects.filter(certificate=certificate):
        default_storage.delete(row.file.name)
    CertificateFile.objects.filter(certificate=certificate).delete()
    client.force_login(user)
    response = client.get(f"/fr/certificates/{certificate.grouped_code}/pdf/zgh/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert list(CertificateFile.objects.values_list("language", flat=True)) == ["zgh"]


def test_selectors_for_other_apps_run_one_query(django_assert_num_queries, owned):
    user, certificate = owned
    other_tree, other = certified_learner(slug="other", name="Aït Bahâ")
    with django_assert_num_queries(1):
        found = selectors.valid_certificates_for_users([user.pk, other.pk, 999999])
    assert set(found) == {
        (user.pk, certificate.course_key),
        (other.pk, other_tree.course.translation_key),
    }
    with django_assert_num_queries(1):
        only = selectors.valid_certificates_for_users(
            [user.pk, other.pk], course_keys=[certificate.course_key]
        )
    assert list(only) == [(user.pk, certificate.course_key)]
    with django_assert_num_queries(0):
        assert selectors.valid_certificates_for_users([]) == {}
    with django_assert_num_queries(2):
        mine = selectors.certificates_for(user)
        assert [c.pk for c in mine] == [certificate.pk]
        assert len(mine[0].files.all()) == len(PDF_LANGUAGES)
    with django_assert_num_queries(1):
        assert selectors.certificate_for(user=other, code=certificate.code) is None
    assert selectors.verify(certificate.code.lower()).status == "valid"
