"""URL converters shared by every app (registered in ``AccountsConfig.ready``, the lowest app).

``<id:...>`` is Django's ``<id:...>`` bounded to what a database key can hold: a path such as
``/plans/4383791241854282363813561892864/`` is simply not found (404) instead of overflowing the
database driver into a 500.
"""

from django.urls.converters import IntConverter

MAX_ID = 10**18 - 1  # below PostgreSQL's and SQLite's signed 64-bit limit


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


def register() -> None:
    from django.urls import register_converter
    from django.urls.converters import get_converters

    if "id" not in get_converters():
        register_converter(IdConverter, "id")
