"""Guessing passwords gets nobody in: failed logins are throttled per account and per address,
with the same answer whether or not the account exists."""

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}


def attempt(client, login, password):
    return client.post("/fr/accounts/login/", {"login": login, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, throttled):
    UserFactory(phone="+212612345678", phone_verified=True)
    for _ in range(5):
        assert attempt(client, "0612345678", "wrong-guess-1").status_code == 200
    blocked = attempt(client, "0612345678", "a-Good-passw0rd")
    assert blocked.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


def test_unknown_accounts_get_the_same_answers(client, throttled):
    UserFactory(phone="+212612345678", phone_verified=True)
    known = [attempt(client, "0612345678", "wrong-guess-1") for _ in range(6)]
    unknown = [attempt(client, "0698765432", "wrong-guess-1") for _ in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert known[-1].content.decode().count("errorlist") == unknown[-1].content.decode().count(
        "errorlist"
    )


def test_app_logins_count_every_spelling_of_a_number_as_one_account():
    """The API's per-account throttle keys on the login as the site reads it: 0612345678,
    +212 6 12 34 56 78 and 06-12-34-56-78 are one account, whatever the client's address."""
    from django.test import override_settings
    from rest_framework.settings import api_settings
    from rest_framework.test import APIClient

    rates = {**api_settings.user_settings["DEFAULT_THROTTLE_RATES"], "login_account": "3/min"}
    spellings = ["0612345678", "+212 6 12 34 56 78", "06-12-34-56-78", "+212612345678"]
    api = APIClient()
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        codes = [
            api.post(
                "/api/v1/auth/token/",
                {"login": login, "password": "wrong-guess-1"},
                format="json",
                REMOTE_ADDR=f"10.0.1.{n}",
            ).status_code
            for n, login in enumerate(spellings)
        ]
    assert codes == [401, 401, 401, 429]
