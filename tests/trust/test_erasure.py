"""Erase my account: confirmed, personal data gone or pseudonymised per the registry, files
deleted, sessions and app keys ended, certificates verify as withdrawn, counts unchanged."""

import io
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test import Client, TestCase

from accounts import privacy, sms
from accounts.erasure import erase_account, is_erased
from accounts.models import AuditEvent, User, UserSession
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-Good-passw0rd"
ERASE = "/fr/accounts/profile/erase/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def logged_in(user):
    client = Client()
    assert client.post(
        "/fr/accounts/login/", {"login": user.email or user.phone, "password": PASSWORD}
    ).status_code in {302, 200}
    return client


def personal_strings(user) -> list[str]:
    return [v for v in (user.email, user.phone, user.full_name, "Benali") if v]


def rows_mentioning(strings) -> list[str]:
    """Every row of every table of ours (and allauth's, axes', otp's) holding one of
    ``strings`` in a text or JSON field."""
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields or model._meta.app_label in {"wagtailcore", "sessions"}:
            continue
        for row in model.objects.values(*text_fields):
            blob = str(row)
            found += [f"{model._meta.label}: {s}" for s in strings if s in blob]
    return found


def test_erased_learner_leaves_no_personal_data_and_their_certificate_is_withdrawn(media):
    from certificates.models import Certificate, CertificateFile
    from certificates.selectors import verify
    from progress.models import Completion
    from tests.factories.certificates import certified_learner

    tree, user = certified_learner(
        name="Amina Benali",
        email="amina.benali@example.ma",
        phone="+212612345678",
        phone_verified=True,
        gender="female",
    )
    other_tree_user = UserFactory(full_name="Someone Else")
    certificate = Certificate.objects.get(user=user)
    files = [f.file.path for f in CertificateFile.objects.filter(certificate=certificate)]
    assert files and all((media / f).exists() for f in files)
    completions_before = Completion.objects.count()
    strings = personal_strings(user)
    assert rows_mentioning(strings)  # the check below can see them
    phone, laptop = logged_in(user), logged_in(user)
    assert UserSession.objects.filter(user=user).count() == 2

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = phone.post(ERASE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    user.refresh_from_db()
    assert is_erased(user)
    assert not user.has_usable_password()
    assert user.gender == "undisclosed"  # the self-declared gender goes too
    assert rows_mentioning(strings) == []
    assert not any((media / f).exists() for f in files)
    # Sessions: both devices are logged out; the other learner is untouched.
    assert not UserSession.objects.filter(user=user).exists()
    assert laptop.get("/fr/accounts/profile/").status_code == 302
    assert User.objects.get(pk=other_tree_user.pk).full_name == "Someone Else"
    # The certificate still verifies, as withdrawn, without a name.
    result = verify(certificate.code)
    assert result.status == "withdrawn" and not result.show_name
    page = Client().get(f"/fr/certificates/verify/{certificate.code}/")
    assert "Amina" not in page.content.decode()
    # Counts per the registry: pseudonymised rows are still counted, deleted ones are not.
    assert Completion.objects.count() == completions_before
    # One audit event, naming nobody.
    event = AuditEvent.objects.get(action="account.erase")
    assert event.target_id == str(user.pk) and "Amina" not in str(event.detail)
    # Logging in with the old contact and password fails like an unknown account.
    stranger = Client()
    stranger.post("/fr/accounts/login/", {"login": "0612345678", "password": PASSWORD})
    assert "_auth_user_id" not in stranger.session


def test_erasure_needs_the_password_or_the_sms_code():
    user = UserFactory(phone="+212612345678", phone_verified=True, email="")
    client = Client()
    client.force_login(user)
    page = client.get(ERASE)
    assert page.status_code == 200
    # The page says what happens to each kind of data, from the registry.
    assert str(privacy.registered()[0].why) in page.content.decode()
    wrong = client.post(ERASE, {"password": "not-it", "confirm": "on"})
    assert wrong.status_code == 200
    assert wrong.context["form"].has_error("__all__", code="not_confirmed")
    no_confirm = client.post(ERASE, {"password": PASSWORD})
    assert no_confirm.status_code == 200
    assert not is_erased(User.objects.get(pk=user.pk))
    # Phone-only learner who forgot the password: a code by SMS.
    client.post(ERASE, {"action": "send_code"})
    assert len(sms.outbox) == 1
    import re

    code = re.search(r"(\d{6})", sms.outbox[0].text).group(1)
    other = "000000" if code != "000000" else "111111"
    assert client.post(ERASE, {"code": other, "confirm": "on"}).status_code == 200
    assert not is_erased(User.objects.get(pk=user.pk))
    assert client.post(ERASE, {"code": f" {code} ", "confirm": "on"}).status_code == 302
    assert is_erased(User.objects.get(pk=user.pk))


def test_five_wrong_confirmations_log_the_session_out():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    for _ in range(5):
        response = client.post(ERASE, {"password": "guess", "confirm": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not is_erased(User.objects.get(pk=user.pk))


def test_erasure_is_post_only_and_needs_a_csrf_token():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(ERASE, {"password": PASSWORD, "confirm": "on"}).status_code == 403
    assert not is_erased(User.objects.get(pk=user.pk))


def test_erasure_deletes_app_keys_and_second_factor():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import ApiToken
    from accounts.services import issue_token

    user = UserFactory()
    issue_token(user=user, name="phone")  # before the factor: afterwards a code is needed
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert ApiToken.objects.filter(user=user).exists()
    erase_account(user=user, actor=user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user).exists()
    # Erasing twice changes nothing more.
    assert erase_account(user=user, actor=user) == {}


def test_keep_withdrawn_without_a_hook_refuses_to_erase():
    class Fake:
        class _meta:
            label = "tests.FakeCertificate"

    privacy._registry["tests.FakeCertificate"] = privacy.PersonalData(
        Fake, "user", privacy.KEEP_WITHDRAWN, "x"
    )
    try:
        user = UserFactory()
        with pytest.raises(ImproperlyConfigured):
            privacy.erase_user(user)
        assert not is_erased(User.objects.get(pk=user.pk))
    finally:
        del privacy._registry["tests.FakeCertificate"]


def test_pseudonymised_rows_stay_counted_and_scrubbed():
    """A PSEUDONYMISE entry keeps its rows (aggregates hold) and blanks its scrub fields."""
    from courses.models import Enrolment
    from courses.services import enrol
    from tests.factories.courses import build_course

    tree = build_course()
    user, other = UserFactory(), UserFactory()
    enrol(user=user, course=tree.course)
    enrol(user=other, course=tree.course)
    original = next(e for e in privacy.registered() if e.model is Enrolment)
    privacy.register(Enrolment, erasure=privacy.PSEUDONYMISE, why=original.why)
    try:
        erase_account(user=user)
        assert Enrolment.objects.filter(course_key=tree.course.translation_key).count() == 2
        assert Enrolment.objects.filter(user=user).count() == 1
    finally:
        privacy._registry[original.label] = original


def test_download_my_data_includes_files(media):
    from certificates.models import CertificateFile
    from tests.factories.certificates import certified_learner

    tree, user = certified_learner(name="Amina Benali")
    assert CertificateFile.objects.filter(certificate__user=user).exists()
    client = Client()
    client.force_login(user)
    response = client.post("/fr/accounts/profile/my-data/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "my-data.json" in names
    pdfs = [n for n in names if n.startswith("files/certificates.CertificateFile/")]
    assert pdfs and archive.read(pdfs[0]).startswith(b"%PDF")
