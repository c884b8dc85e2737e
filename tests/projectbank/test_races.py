"""Concurrent deliveries of `course_completed` and double-clicked saves, on PostgreSQL."""

import pytest

from projectbank import services
from projectbank.models import PlanVersion, Unlock
from tests.concurrency import run_all_without_errors
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.projectbank import make_rule, make_template

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_eight_concurrent_deliveries_write_one_unlock():
    tree = build_course(modules=(1,), code="C2")
    template = make_template("T1")
    make_rule(template, [tree.course])
    learner = UserFactory()

    def deliver():
        services.unlock_templates_for(user=learner, course_key=tree.course.translation_key)

    run_all_without_errors([deliver] * 8)
    assert Unlock.objects.filter(user=learner, template=template).count() == 1


def test_two_concurrent_saves_get_distinct_version_numbers():
    template = make_template("T1")
    learner = UserFactory()
    Unlock.objects.create(user=learner, template=template)
    plan = services.copy_template_to_plan(user=learner, template=template)

    def save():
        services.save_plan(plan=plan, inputs=plan.inputs, name="x", project=None, region=None)

    run_all_without_errors([save] * 4)
    numbers = sorted(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5]
