"""Every signed-in request loads its user through accounts.backends.user_by_pk: one prepared
query that must give exactly what the ORM gives, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.backends import AccountBackend, ModelBackend, user_by_pk
from accounts.models import User
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_user_is_the_one_the_orm_loads():
    user = UserFactory(phone="+212612345678", phone_verified=True, region="MA-09")
    user.last_login = timezone.now() - datetime.timedelta(days=3)
    user.save()
    expected = User.objects.get(pk=user.pk)
    loaded = user_by_pk(user.pk)
    assert type(loaded) is User and loaded._state.adding is False
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.last_login.tzinfo is not None
    assert user_by_pk(str(user.pk)) == expected  # as the session holds it


@pytest.mark.parametrize("user_id", [987654, "nope", "", None, "1; DROP TABLE accounts_user"])
def test_no_such_user_is_none(user_id):
    assert user_by_pk(user_id) is None


@pytest.mark.parametrize("backend", [ModelBackend, AccountBackend])
def test_an_inactive_user_is_not_signed_in(backend):
    user = UserFactory()
    assert backend().get_user(user.pk) == user
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend().get_user(user.pk) is None


def test_a_signed_in_request_loads_its_user_in_one_query(client):
    user = UserFactory()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session.keys()  # the session is read before, by SessionMiddleware
    with CaptureQueriesContext(connection) as queries:
        assert get_user(request) == user
    (query,) = queries.captured_queries
    assert '"accounts_user"' in query["sql"]
