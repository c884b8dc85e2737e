"""App keys: login with an email or phone (the site's normalisation), the same answer for an
unknown account, throttled; keys expire, can be revoked (API and account page), are stored
hashed; session clients need CSRF."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.services import digest, issue_token
from tests.api.conftest import client_for
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-Good-passw0rd"


def rates(**changes):
    return override_settings(
        REST_FRAMEWORK={
            **api_settings.user_settings,
            "DEFAULT_THROTTLE_RATES": {
                **api_settings.user_settings["DEFAULT_THROTTLE_RATES"],
                **changes,
            },
        }
    )


def test_login_with_a_local_phone_number_gives_a_working_key(api):
    user = UserFactory(email="", phone="+212612345678")
    response = api.post(
        "/api/v1/auth/token/",
        {"login": "06 12 34 56 78", "password": PASSWORD, "name": "Galaxy A10"},
        format="json",
    )
    assert response.status_code == 201, response.content
    key = response.json()["token"]
    assert key.startswith("tak_")
    stored = ApiToken.objects.get(user=user)
    assert stored.digest == digest(key) and key not in (stored.prefix, stored.digest)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["phone"] == "+212612345678"


def test_login_with_email_any_case(api):
    UserFactory(email="amina@example.ma")
    response = api.post(
        "/api/v1/auth/token/", {"login": "Amina@Example.ma", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 201


def test_wrong_password_and_unknown_account_answer_the_same(api):
    UserFactory(email="amina@example.ma")
    wrong = api.post(
        "/api/v1/auth/token/", {"login": "amina@example.ma", "password": "nope"}, format="json"
    )
    unknown = api.post(
        "/api/v1/auth/token/", {"login": "nobody@example.ma", "password": "nope"}, format="json"
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_login_is_throttled_per_account_even_for_unknown_accounts(api):
    with rates(login_account="3/min", login="100/min"):
        codes = [
            api.post(
                "/api/v1/auth/token/",
                {"login": "0699999999", "password": "x"},
                format="json",
                REMOTE_ADDR=f"10.0.0.{n}",
            ).status_code
            for n in range(5)
        ]
    assert codes == [401, 401, 401, 429, 429]


def test_login_is_throttled_per_ip(api):
    with rates(login="2/min"):
        codes = [
            api.post(
                "/api/v1/auth/token/", {"login": f"u{n}@x.ma", "password": "x"}, format="json"
            ).status_code
            for n in range(3)
        ]
    assert codes == [401, 401, 429]


def test_expired_and_revoked_keys_are_refused(learner):
    token, key = issue_token(user=learner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"
    token2, key2 = issue_token(user=learner)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key2}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_keys_are_listed_and_revoked_by_their_owner_only(learner):
    mine = client_for(learner)
    other = UserFactory()
    other_token, _key = issue_token(user=other, name="theirs")
    listed = mine.get("/api/v1/auth/tokens/").json()
    assert [t["name"] for t in listed["results"]] == ["tests"]
    assert "digest" not in listed["results"][0]
    assert mine.delete(f"/api/v1/auth/tokens/{other_token.pk}/").status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None


def test_account_page_lists_keys_with_a_revoke_button(client, learner):
    token, _key = issue_token(user=learner, name="Tablette")
    client.force_login(learner)
    page = client.get("/fr/accounts/profile/")
    assert "Tablette" in page.content.decode() and token.prefix in page.content.decode()
    response = client.post(f"/fr/accounts/profile/keys/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.prefix not in client.get("/fr/accounts/profile/").content.decode()
    other_token, _ = issue_token(user=UserFactory())
    assert client.post(f"/fr/accounts/profile/keys/{other_token.pk}/revoke/").status_code == 404


def test_session_clients_need_the_csrf_token(learner):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get("/api/v1/me/").status_code == 200
    refused = client.patch("/api/v1/me/", {"full_name": "Amina"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]


def test_signup_with_a_phone_gives_a_key(api):
    response = api.post(
        "/api/v1/auth/signup/",
        {"full_name": "Fatima Zahra", "phone": "0611223344", "password": "kq8#Vt2!pLm9-zRw"},
        format="json",
    )
    assert response.status_code == 201, response.content
    user = User.objects.get(phone="+212611223344")
    assert user.full_name == "Fatima Zahra"
    again = api.post(
        "/api/v1/auth/signup/",
        {"full_name": "Other", "phone": "+212611223344", "password": "kq8#Vt2!pLm9-zRw"},
        format="json",
    )
    assert again.status_code == 400 and "phone" in again.json()["error"]["fields"]
    neither = api.post(
        "/api/v1/auth/signup/", {"full_name": "X Y", "password": "kq8#Vt2!pLm9-zRw"}, format="json"
    )
    assert neither.status_code == 400 and neither.json()["error"]["fields"]


def test_profile_ignores_fields_the_client_may_not_set(learner_api, learner):
    response = learner_api.patch(
        "/api/v1/me/",
        {"full_name": "Amina Idrissi", "email": "x@evil.ma", "is_staff": True, "id": 999},
        format="json",
    )
    assert response.status_code == 200, response.content
    learner.refresh_from_db()
    assert learner.full_name == "Amina Idrissi"
    assert learner.email != "x@evil.ma" and not learner.is_staff and learner.pk != 999
    bad = learner_api.patch("/api/v1/me/", {"full_name": "<b>x</b>"}, format="json")
    assert bad.status_code == 400 and "full_name" in bad.json()["error"]["fields"]
