"""The registry of personal data (Morocco's law 09-08): every model of ours that holds data about
a person says so here, with how it is exported and what erasure does to it.

Apps register their models in ``AppConfig.ready``. A test fails when a model of ours has a foreign
key to the user and is not registered. "Download my data" and "erase my account" walk this
registry; they must never need to know another app's models.
"""

from dataclasses import dataclass

from django.db import models

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
) -> None:
    if erasure not in {DELETE, PSEUDONYMISE, KEEP_WITHDRAWN}:
        raise ValueError(f"unknown erasure mode {erasure!r}")
    _registry[model._meta.label] = PersonalData(model, user_field, erasure, why, tuple(exclude))


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
                row[field.name] = field.value_from_object(obj)
            rows.append(row)
        data[entry.label] = {"why": str(entry.why), "rows": rows}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
