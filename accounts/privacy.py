"""The registry of personal data (Morocco's law 09-08): every model of ours that holds data about
a person says so here, with how it is exported and what erasure does to it.

Apps register their models in ``AppConfig.ready``. A test fails when a model of ours has a foreign
key to the user and is not registered. "Download my data" and "erase my account" walk this
registry; they must never need to know another app's models.

Erasure (``erase_user``) per mode:

* ``DELETE``: the rows are deleted (and the files in their file fields, after commit);
* ``PSEUDONYMISE``: the rows stay, so counts and averages do not move, still pointing at the
  user's row, which is itself pseudonymised (no name, contact or login left); the fields listed
  in ``scrub`` are blanked and files deleted. ``on_erase`` replaces that default;
* ``KEEP_WITHDRAWN``: the owning app's ``on_erase(user=user)`` hook marks the rows withdrawn and
  cuts the link (certificates: ``on_erase=services.withdraw_certificates_for``). A hook is
  required: erasure refuses to run without one, so accounts never imports a higher app.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

DELETE = "delete"  # erasure deletes the rows
PSEUDONYMISE = "pseudonymise"  # erasure keeps the rows (aggregates) but cuts the link to the person
KEEP_WITHDRAWN = "keep_withdrawn"  # e.g. certificates: kept, marked withdrawn, name removed


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    user_field: str | None  # None: the row *is* the user
    erasure: str
    why: str  # what the data is for, shown in the consent notice and the export
    exclude: tuple[str, ...] = ()  # fields never exported (secrets such as a quiz's answer key)
    on_erase: Callable | None = None  # called as on_erase(user=user) at erasure
    scrub: tuple[str, ...] = ()  # PSEUDONYMISE: fields blanked at erasure

    @property
    def label(self) -> str:
        return self.model._meta.label


_registry: dict[str, PersonalData] = {}


def register(
    model,
    *,
    user_field: str | None = "user",
    erasure: str = DELETE,
    why: str,
    exclude: tuple[str, ...] = (),
    on_erase: Callable | None = None,
    scrub: tuple[str, ...] = (),
) -> None:
    if erasure not in {DELETE, PSEUDONYMISE, KEEP_WITHDRAWN}:
        raise ValueError(f"unknown erasure mode {erasure!r}")
    _registry[model._meta.label] = PersonalData(
        model, user_field, erasure, why, tuple(exclude), on_erase, tuple(scrub)
    )


def registered() -> list[PersonalData]:
    return list(_registry.values())


def is_registered(model) -> bool:
    return model._meta.label in _registry


def rows_for(user, entry: PersonalData):
    if entry.user_field is None:
        return entry.model.objects.filter(pk=user.pk)
    return entry.model.objects.filter(**{entry.user_field: user})


def export_user_data(user) -> dict:
    """Everything registered about ``user``, as JSON-able data: {model label: [rows]}."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    data = {}
    for entry in registered():
        rows = []
        for obj in rows_for(user, entry):
            row = {}
            for field in obj._meta.concrete_fields:
                if field.name == "password" or field.name in entry.exclude:
                    continue
                value = field.value_from_object(obj)
                if isinstance(field, models.FileField):
                    value = value.name or ""  # the file itself is in the ZIP, under files/
                row[field.name] = value
            rows.append(row)
        data[entry.label] = {"why": str(entry.why), "rows": rows}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _file_names(rows) -> list[tuple[object, str]]:
    """(storage, name) of the files in ``rows``; no query for a model without file fields."""
    fields = [f for f in rows.model._meta.concrete_fields if isinstance(f, models.FileField)]
    if not fields:
        return []
    found = []
    for names in rows.values_list(*(f.attname for f in fields)):
        found += [(f.storage, name) for f, name in zip(fields, names, strict=True) if name]
    return found


def _delete_files_on_commit(files) -> None:
    def delete():
        for storage, name in files:
            with contextlib.suppress(OSError):  # already gone
                storage.delete(name)

    transaction.on_commit(delete)


def files_for(user) -> list[tuple[str, str, object]]:
    """The files held in registered rows about ``user``: (label, name, storage), for the export."""
    return [
        (entry.label, name, storage)
        for entry in registered()
        for storage, name in _file_names(rows_for(user, entry))
    ]


def erase_user(user) -> dict[str, int]:
    """Erase everything registered about ``user`` (see the module docstring), in one
    transaction. Returns {model label: rows affected}. Sessions are the caller's business
    (``accounts.erasure.erase_account`` ends them and writes the audit trail)."""
    entries = registered()
    missing = [e.label for e in entries if e.erasure == KEEP_WITHDRAWN and e.on_erase is None]
    if missing:
        raise ImproperlyConfigured(f"KEEP_WITHDRAWN without an on_erase hook: {missing}")
    done: dict[str, int] = {}
    files = []
    with transaction.atomic():
        # 1. Withdrawn-but-kept rows first: their hooks handle their own dependants and files.
        for entry in entries:
            if entry.erasure == KEEP_WITHDRAWN:
                done[entry.label] = entry.on_erase(user=user) or 0
        # 2. Deleted rows, the deepest relations (plan__owner) before their parents.
        deletable = [e for e in entries if e.erasure == DELETE and e.user_field is not None]
        for entry in sorted(deletable, key=lambda e: -e.user_field.count("__")):
            if entry.on_erase is not None:
                done[entry.label] = entry.on_erase(user=user) or 0
                continue
            rows = rows_for(user, entry)
            files += _file_names(rows)
            done[entry.label] = rows.count()
            rows.delete()
        # 3. Pseudonymised rows, the user's own row last.
        pseudo = [e for e in entries if e.erasure == PSEUDONYMISE]
        for entry in sorted(pseudo, key=lambda e: e.user_field is None):
            if entry.on_erase is not None:
                done[entry.label] = entry.on_erase(user=user) or 0
                continue
            if entry.user_field is None:
                raise ImproperlyConfigured(f"{entry.label}: pseudonymising the user needs on_erase")
            rows = rows_for(user, entry)
            files += _file_names(rows)
            blank = {}
            for name in entry.scrub:
                field = entry.model._meta.get_field(name)
                blank[name] = None if field.null else ("" if field.empty_strings_allowed else None)
            for field in entry.model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    blank[field.name] = ""
            done[entry.label] = rows.update(**blank) if blank else rows.count()
        _delete_files_on_commit(files)
    return done
