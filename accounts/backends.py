"""Authentication backends of the academy."""

import functools

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from .models import User


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' lockout check (first in ``AUTHENTICATION_BACKENDS``, see accounts.security).

    Without a request there is no client to count (the shell, ``Client.login`` in tests): the
    check is skipped and the next backend decides, instead of axes raising an error.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def user_by_pk(user_id) -> User | None:
    """The user with primary key ``user_id``, or None: what ``User.objects.get(pk=...)`` loads,
    in one query prepared once. Every signed-in request loads its user (Django's
    ``auth.get_user``); the ORM takes longer to build that query than the database to answer it.
    """
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(User)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(_user_sql(alias), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    fields = User._meta.concrete_fields
    values = list(row)
    for i, field in enumerate(fields):  # what the ORM applies (e.g. SQLite's datetimes)
        column = field.cached_col
        converters = connection.ops.get_db_converters(column)
        for converter in converters + column.get_db_converters(connection):
            values[i] = converter(values[i], column, connection)
    return User.from_db(alias, [field.attname for field in fields], values)


@functools.cache
def _user_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    meta = User._meta
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"


class UserByPkMixin:
    """``get_user`` (every signed-in request) through ``user_by_pk``."""

    def get_user(self, user_id):
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserByPkMixin, DjangoModelBackend):
    """Django's backend (usernames, the editors' login), with the one-query ``get_user``."""


class AccountBackend(UserByPkMixin, AllauthBackend):
    """allauth's backend (email or phone and password), with the one-query ``get_user``."""
