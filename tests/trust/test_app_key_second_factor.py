"""Issue #10: staff and trainers who turned the second factor on cannot get round it with an app
key. A key for such an account is made only with a current code (or a recovery code) in the
same request — the API's login and the account page alike — with a clear 400 and no key
otherwise, and django-otp's throttle after wrong codes; turning the factor on signs out the
keys made before; and a key opens the HTTP API only, never the CMS or the Django admin."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient, APIRequestFactory

from accounts import two_factor
from accounts.models import ApiToken
from accounts.rest.authentication import ApiTokenAuthentication
from accounts.services import SecondFactorError, issue_token
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-Good-passw0rd"
TOKEN_URL = "/api/v1/auth/token/"


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wait_out_the_throttle(user):
    """As if the delay after the last wrong code had passed (the counter stays)."""
    past = timezone.now() - dt.timedelta(hours=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=past)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff():
    user = UserFactory(email="staff@example.ma", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = two_factor.new_recovery_codes(user=user)
    return user, device, codes


def login(api, **extra):
    return api.post(
        TOKEN_URL, {"login": "staff@example.ma", "password": PASSWORD, **extra}, format="json"
    )


def assert_refused(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["message"], body
    assert not ApiToken.objects.exists()


def test_the_api_login_asks_for_the_code_and_makes_no_key_without_it(staff, api):
    user, device, _codes = staff
    assert_refused(login(api), 400, "otp_required")
    assert_refused(login(api, code=""), 400, "otp_required")
    wrong = login(api, code="000000")
    assert_refused(wrong, 400, "otp_invalid")
    # Throttled like the admin's code page: right after a wrong code, even the right one waits.
    throttled = login(api, code=code_for(device))
    assert_refused(throttled, 429, "otp_throttled")
    assert int(throttled["Retry-After"]) >= 1
    wait_out_the_throttle(user)
    issued = login(api, code=code_for(device), name="Tablette")
    assert issued.status_code == 201, issued.content
    key = issued.json()["token"]
    assert ApiToken.objects.get(user=user).name == "Tablette"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").json()["email"] == "staff@example.ma"


def test_the_throttle_grows_with_each_wrong_code(staff, api):
    user, device, _codes = staff
    for expected in ("otp_invalid", "otp_throttled"):
        assert_refused(
            login(api, code="111111"), 400 if expected == "otp_invalid" else 429, expected
        )
    wait_out_the_throttle(user)
    assert_refused(login(api, code="222222"), 400, "otp_invalid")
    second = login(api, code=code_for(device))
    assert_refused(second, 429, "otp_throttled")
    assert int(second["Retry-After"]) >= 2  # 1 s after the first wrong code, 2 s after two


def test_a_recovery_code_makes_one_key_and_is_used_up(staff, api):
    user, _device, codes = staff
    first = login(api, code=codes[0].upper())  # typed in capitals, as printed
    assert first.status_code == 201, first.content
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    again = login(api, code=codes[0])
    assert again.status_code == 400 and again.json()["error"]["code"] == "otp_invalid"
    assert ApiToken.objects.filter(user=user).count() == 1


def test_a_wrong_password_says_nothing_about_a_second_factor(staff, api):
    with_factor = api.post(
        TOKEN_URL, {"login": "staff@example.ma", "password": "nope", "code": "1"}, format="json"
    )
    nobody = api.post(TOKEN_URL, {"login": "x@example.ma", "password": "nope"}, format="json")
    assert with_factor.status_code == nobody.status_code == 401
    assert with_factor.json() == nobody.json()
    assert not ApiToken.objects.exists()


def test_learners_without_a_second_factor_log_in_as_before(api):
    UserFactory(email="amina@example.ma")
    response = api.post(
        TOKEN_URL, {"login": "amina@example.ma", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 201


def test_the_service_makes_no_key_for_such_a_user_without_a_code(staff):
    user, device, _codes = staff
    for code, reason in ((None, "required"), (" ", "required"), ("12345", "invalid")):
        with pytest.raises(SecondFactorError) as refused:
            issue_token(user=user, code=code)
        assert refused.value.reason == reason
        wait_out_the_throttle(user)
    _token, key = issue_token(user=user, code=code_for(device))
    assert key.startswith("tak_") and ApiToken.objects.filter(user=user).count() == 1


# --- the account page -------------------------------------------------------------------------


def test_the_account_page_makes_a_key_with_a_code_only(staff, client):
    user, device, _codes = staff
    client.force_login(user)
    page = client.get("/fr/accounts/profile/").content.decode()
    assert 'action="/fr/accounts/profile/keys/new/"' in page and 'name="code"' in page
    assert client.get("/fr/accounts/profile/keys/new/").status_code == 405
    missing = client.post("/fr/accounts/profile/keys/new/", {"name": "Poste"})
    assert missing.status_code == 400
    assert "second facteur" in missing.content.decode()
    wrong = client.post("/fr/accounts/profile/keys/new/", {"name": "Poste", "code": "000000"})
    assert wrong.status_code == 400 and "Ce code n’est pas le bon" in wrong.content.decode()
    throttled = client.post(
        "/fr/accounts/profile/keys/new/", {"name": "Poste", "code": code_for(device)}
    )
    assert throttled.status_code == 429
    assert not ApiToken.objects.exists()
    wait_out_the_throttle(user)
    made = client.post(
        "/fr/accounts/profile/keys/new/", {"name": "Poste", "code": code_for(device)}
    )
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=user)
    assert token.name == "Poste"
    html = made.content.decode()
    key = html.split('<code dir="ltr">', 1)[1].split("</code>", 1)[0]
    assert key.startswith(token.prefix)
    # Shown once: the account page lists the prefix, never the key.
    listed = client.get("/fr/accounts/profile/").content.decode()
    assert token.prefix in listed and key not in listed


def test_a_learner_makes_a_key_on_the_account_page_without_a_code(client):
    learner = UserFactory()
    client.force_login(learner)
    page = client.get("/fr/accounts/profile/").content.decode()
    assert 'action="/fr/accounts/profile/keys/new/"' in page and 'name="code"' not in page
    made = client.post("/fr/accounts/profile/keys/new/", {"name": "Mon téléphone"})
    assert made.status_code == 200
    key = made.content.decode().split('<code dir="ltr">', 1)[1].split("</code>", 1)[0]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").json()["id"] == learner.pk
    too_long = client.post("/fr/accounts/profile/keys/new/", {"name": "x" * 61})
    assert too_long.status_code == 400 and ApiToken.objects.count() == 1


def test_turning_the_factor_on_signs_out_the_keys_made_before(client):
    user = UserFactory(email="trainer@example.ma", is_staff=True)
    old, _key = issue_token(user=user, name="avant")
    client.force_login(user)
    client.post("/fr/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post("/fr/accounts/two-factor/setup/", {"code": code_for(device)})
    assert done.status_code == 200
    assert "Vos clés d’application ont été déconnectées" in done.content.decode()
    old.refresh_from_db()
    assert old.revoked_at is not None


# --- a key never opens the editors' admin -----------------------------------------------------


def test_a_key_opens_the_api_and_never_the_cms_or_the_django_admin(staff):
    user, device, _codes = staff
    _token, key = issue_token(user=user, code=code_for(device))
    browser = Client(HTTP_AUTHORIZATION=f"Token {key}")
    for path in ("/cms/", "/cms/pages/", "/cms/api/main/pages/", "/cms/users/", "/django-admin/"):
        response = browser.get(path)
        assert response.status_code == 302, (path, response.status_code)
        assert "/login/" in response["Location"], (path, response["Location"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 200
    # The authentication class itself ignores the header outside /api/.
    factory = APIRequestFactory()
    outside = factory.get("/cms/api/main/pages/", HTTP_AUTHORIZATION=f"Token {key}")
    inside = factory.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert ApiTokenAuthentication().authenticate(outside) is None
    assert ApiTokenAuthentication().authenticate(inside)[0] == user


def test_the_account_page_and_the_api_list_the_same_live_keys(client):
    """Revoked and expired keys are gone from both lists; the newest comes first."""
    learner = UserFactory()
    old, _ = issue_token(user=learner, name="Ancien")
    new, key = issue_token(user=learner, name="Récent")
    revoked, _ = issue_token(user=learner, name="Révoquée")
    expired, _ = issue_token(user=learner, name="Périmée")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    client.force_login(learner)
    page = client.get("/fr/accounts/profile/").content.decode()
    assert page.index(new.prefix) < page.index(old.prefix)
    assert revoked.prefix not in page and expired.prefix not in page
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listed = api.get("/api/v1/auth/tokens/").json()["results"]
    assert [t["prefix"] for t in listed] == [new.prefix, old.prefix]
