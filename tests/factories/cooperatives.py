"""Cooperatives for tests: a cooperative with a manager and members."""

import itertools

from cooperatives.models import Cooperative, Membership
from tests.factories.accounts import UserFactory

_numbers = itertools.count(1)


def make_cooperative(*, name="Tawada", members=0, region="MA-07", sector="AGF", **extra):
    n = next(_numbers)
    cooperative = Cooperative.objects.create(
        name_ar=f"تعاونية {name} {n}",
        name_fr=f"Coopérative {name} {n}",
        register_number=f"RC-{n:05d}-{name}",
        region=region,
        sector=sector,
        **extra,
    )
    manager = UserFactory(full_name=f"Manager {name} {n}")
    Membership.objects.create(
        cooperative=cooperative,
        user=manager,
        role=Membership.Role.MANAGER,
        state=Membership.State.ACTIVE,
    )
    people = [add_member(cooperative) for _ in range(members)]
    return cooperative, manager, people


def add_member(cooperative, user=None, **user_fields):
    user = user or UserFactory(**user_fields)
    Membership.objects.create(cooperative=cooperative, user=user, state=Membership.State.ACTIVE)
    return user
