"""Staff revoke (with a reason) and reissue from the Wagtail admin; account erasure keeps a
certificate as withdrawn, without the name."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage

from accounts import privacy
from certificates import services
from certificates.models import Certificate, CertificateFile
from tests.factories.accounts import UserFactory
from tests.factories.certificates import certified_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_certificate"),
    )
    return user


@pytest.fixture
def certificate():
    _tree, user = certified_learner(name="محمد بن علي")
    return Certificate.objects.get(user=user)


def test_staff_find_a_certificate_by_code_or_name(client, staff, certificate):
    client.force_login(staff)
    for query in [certificate.code.lower(), "محمد"]:
        page = client.get("/cms/certificates/", {"q": query}).content.decode()
        assert certificate.grouped_code in page
    detail = client.get(f"/cms/certificates/{certificate.pk}/").content.decode()
    assert "محمد بن علي" in detail and "Revoke" in detail


def test_staff_revoke_with_a_reason_and_the_page_shows_it_at_once(client, staff, certificate):
    client.force_login(staff)
    url = f"/cms/certificates/{certificate.pk}/action/"
    refused = client.post(url, {"action": "revoke", "reason": "  "}, follow=True)
    assert "Give the reason" in refused.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    client.post(url, {"action": "revoke", "reason": "Quiz taken by someone else"})
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_by == staff
    client.logout()
    public = client.get(f"/fr/verify/{certificate.grouped_code}/")
    assert public.status_code == 404
    assert "Quiz taken by someone else" in public.content.decode()


def test_staff_reissue_after_a_name_correction(client, staff, certificate):
    learner = certificate.user
    learner.full_name = "محمد بن علي الإدريسي"
    learner.save()
    client.force_login(staff)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            f"/cms/certificates/{certificate.pk}/action/",
            {"action": "reissue", "reason": "Name corrected"},
        )
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revocation_reason == "Name corrected"
    new = Certificate.objects.get(user=learner, status="valid")
    assert new.reissued_from == certificate
    assert new.code != certificate.code
    assert new.learner_name == "محمد بن علي الإدريسي"
    assert new.completed_at == certificate.completed_at
    assert CertificateFile.objects.filter(certificate=new).count() == 5
    # Reissuing the old one again would make two valid certificates: refused.
    with pytest.raises(services.CertificateError):
        services.reissue_certificate(certificate=certificate, by=staff, reason="again")
    assert Certificate.objects.filter(user=learner, status="valid").count() == 1


def test_people_without_the_permission_cannot_act(client, certificate):
    trainer = UserFactory(is_staff=True)
    trainer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(trainer)
    assert client.get("/cms/certificates/").status_code in (302, 403)
    response = client.post(
        f"/cms/certificates/{certificate.pk}/action/", {"action": "revoke", "reason": "x"}
    )
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    client.force_login(certificate.user)  # the learner
    client.post(f"/cms/certificates/{certificate.pk}/action/", {"action": "revoke", "reason": "x"})
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_withdrawal_keeps_the_certificate_without_the_person(settings, certificate):
    user = certificate.user
    names = list(CertificateFile.objects.values_list("file", flat=True))
    assert names and all(default_storage.exists(n) for n in names)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.withdraw_certificates_for(user) == 1
    certificate.refresh_from_db()
    assert certificate.status == "withdrawn" and certificate.withdrawn_at
    assert certificate.user is None and certificate.learner_name == ""
    assert certificate.credential == {} and certificate.identity_salt == ""
    assert not CertificateFile.objects.exists()
    assert not any(default_storage.exists(n) for n in names)
    # The learner finishing the course again later (a new account) is another person.
    assert services.withdraw_certificates_for(user) == 0


def test_certificates_are_registered_for_erasure_as_kept_withdrawn():
    entry = next(e for e in privacy.registered() if e.model is Certificate)
    assert entry.erasure == privacy.KEEP_WITHDRAWN
    assert "identity_salt" in entry.exclude
    assert entry.on_erase is services.withdraw_certificates_for


def test_erasing_an_account_withdraws_its_certificates(client, certificate):
    from django.test import TestCase

    user = certificate.user
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = privacy.erase_user(user)
    assert done["certificates.Certificate"] == 1
    certificate.refresh_from_db()
    assert certificate.status == "withdrawn" and certificate.learner_name == ""
    page = client.get(f"/fr/verify/{certificate.grouped_code}/").content.decode()
    assert "Withdrawn certificate" in page and "محمد" not in page


def test_export_my_data_includes_the_certificate(certificate):
    data = privacy.export_user_data(certificate.user)
    rows = data["certificates.Certificate"]["rows"]
    assert rows[0]["learner_name"] == "محمد بن علي"
    assert "identity_salt" not in rows[0]
    assert len(data["certificates.CertificateFile"]["rows"]) == 5
