"""Guessing passwords gets nobody in (django-axes behind every authenticate(request, ...)), with
the same answers whether or not the account exists; sessions rotate at login and end at logout,
deactivation and erasure; guessable passwords are refused."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory

from accounts import security
from accounts.models import UserSession
from accounts.validators import GuessablePasswordValidator
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/fr/accounts/login/"
PASSWORD = "a-Good-passw0rd"


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def attempt(client, login, password):
    return client.post(LOGIN, {"login": login, "password": password})


def test_lockout_after_repeated_failures_even_with_the_right_password(client, limit):
    UserFactory(phone="+212612345678", phone_verified=True)
    answers = [attempt(client, "0612345678", "wrong-guess-1").status_code for _ in range(limit)]
    assert answers == [200] * (limit - 1) + [429]
    blocked = attempt(client, "06 12 34 56 78", PASSWORD)  # same account, typed otherwise
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    UserFactory(email="other@example.ma")
    assert attempt(client, "other@example.ma", PASSWORD).status_code == 302


def _page(response, typed):
    """The page without what changes on every request (CSRF token, CSP nonce) or was typed."""
    text = response.content.decode().replace(typed, "TYPED")
    text = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', text)
    return re.sub(r"csrftoken[^;]*;", "", text)


def test_unknown_accounts_get_exactly_the_same_answers(limit):
    UserFactory(phone="+212612345678", phone_verified=True)
    known = [attempt(Client(), "0612345678", "wrong-guess-1") for _ in range(limit + 1)]
    unknown = [attempt(Client(), "0698765432", "wrong-guess-1") for _ in range(limit + 1)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [_page(r, "0612345678") for r in known] == [_page(r, "0698765432") for r in unknown]


def test_lockout_counts_hashes_not_phone_numbers(client, limit):
    from axes.models import AccessAttempt

    for _ in range(limit):
        attempt(client, "0612345678", "wrong-guess-1")
    rows = list(AccessAttempt.objects.values("username", "post_data"))
    assert rows and all("612345678" not in str(row) for row in rows)
    assert rows[0]["username"] == security.login_key("+212612345678")


def test_api_style_login_is_protected_by_the_same_counter(limit):
    user = UserFactory(email="amina@example.ma")
    factory = RequestFactory()
    for _ in range(limit):
        result = security.authenticate_login(
            request=factory.post("/api/v1/auth/token/"), login="Amina@Example.ma", password="nope"
        )
        assert result.user is None
    assert result.locked_out
    locked = security.authenticate_login(
        request=factory.post("/api/v1/auth/token/"), login="amina@example.ma", password=PASSWORD
    )
    assert locked.user is None and locked.locked_out
    assert security.is_locked_out(request=factory.post("/"), login="AMINA@example.ma")
    response = security.lockout_response(factory.post("/api/v1/auth/token/"))
    assert response.status_code == 429 and b'"locked_out"' in response.content
    fresh = UserFactory(email="fresh@example.ma")
    ok = security.authenticate_login(
        request=factory.post("/api/v1/auth/token/"), login="fresh@example.ma", password=PASSWORD
    )
    assert ok.user == fresh and not ok.locked_out
    assert user.pk != fresh.pk


def test_session_key_rotates_at_login_and_is_recorded(client):
    user = UserFactory(email="amina@example.ma")
    client.get(LOGIN)
    before = client.session.session_key
    client.cookies["sessionid"] = "attacker-fixed-session-key-0000000000"
    assert attempt(client, "amina@example.ma", PASSWORD).status_code == 302
    after = client.session.session_key
    assert after not in {before, "attacker-fixed-session-key-0000000000"}
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [
        after
    ]


def test_logout_ends_the_session(client):
    UserFactory(email="amina@example.ma")
    attempt(client, "amina@example.ma", PASSWORD)
    key = client.session.session_key
    client.post("/fr/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.exists()


def test_deactivation_ends_every_session_of_the_user():
    user = UserFactory(email="amina@example.ma")
    other = UserFactory(email="other@example.ma")
    phone, laptop, bystander = Client(), Client(), Client()
    for client, login in ((phone, "amina@example.ma"), (laptop, "amina@example.ma")):
        assert attempt(client, login, PASSWORD).status_code == 302
    assert attempt(bystander, "other@example.ma", PASSWORD).status_code == 302
    assert UserSession.objects.filter(user=user).count() == 2
    from accounts.models import ApiToken
    from accounts.services import issue_token

    issue_token(user=user, name="phone")
    user.is_active = False
    user.save()
    assert not UserSession.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert Session.objects.count() == 1  # only the bystander's
    assert phone.get("/fr/accounts/profile/").status_code == 302  # back to the login page
    assert bystander.get("/fr/accounts/profile/").status_code == 200
    assert other.is_active


def test_saving_an_active_user_keeps_their_sessions(client):
    user = UserFactory(email="amina@example.ma")
    attempt(client, "amina@example.ma", PASSWORD)
    user.full_name = "Amina B."
    user.save()
    assert client.get("/fr/accounts/profile/").status_code == 200


@pytest.mark.parametrize(
    "password",
    [
        "Taawuniya2026!",
        "taawuniya-2026",
        "Azerty123!",
        "qwertyuiop",
        "P@ssw0rd2024",
        "aaaaaaaa1",
        "AbcAbcAbc",
        "0612345678x",
        "612345678ab",
        "Amina-Benali-1990",
        "تعاونية2026",
        "1q2w3e4r5t",
    ],
)
def test_guessable_passwords_are_refused(password):
    from django.core.exceptions import ValidationError

    user = UserFactory.build(phone="+212612345678", full_name="Amina Benali")
    with pytest.raises(ValidationError) as caught:
        GuessablePasswordValidator().validate(password, user)
    assert caught.value.error_list[0].code == "password_guessable"


@pytest.mark.parametrize(
    "password", ["Argan-2026-coop", "a-Good-passw0rd", "Taawuniya-learner-2026", "tifawin argan"]
)
def test_ordinary_passwords_pass(password):
    user = UserFactory.build(phone="+212612345678", full_name="Amina Benali")
    GuessablePasswordValidator().validate(password, user)


def test_signup_refuses_a_password_made_of_the_phone_number(client):
    from accounts.models import User

    response = client.post(
        "/fr/accounts/signup/",
        {
            "full_name": "Amina",
            "phone": "0612345678",
            "email": "",
            "password1": "0612345678Ma!",
            "password2": "0612345678Ma!",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("password1", code="password_guessable")
    assert not User.objects.exists()


def test_the_apps_token_login_shares_the_lockout(limit):
    """Guesses through the API count against the same account as the site's form, and the
    right password is refused while the account is paused."""
    from rest_framework.test import APIClient

    UserFactory(phone="+212612345678", phone_verified=True)
    api = APIClient()

    def token(password):
        return api.post(
            "/api/v1/auth/token/", {"login": "0612345678", "password": password}, format="json"
        )

    answers = [token("wrong-guess-1").status_code for _ in range(limit)]
    assert answers == [401] * (limit - 1) + [429]
    blocked = token(PASSWORD)
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "locked_out"
    assert attempt(Client(), "0612345678", PASSWORD).status_code == 429  # the site too
