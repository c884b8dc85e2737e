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
