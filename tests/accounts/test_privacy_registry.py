"""Every model of ours that points at a user is declared for export and erasure."""

import pytest
from django.apps import apps
from django.conf import settings

from accounts import privacy
from tests.factories.accounts import UserFactory

OUR_APPS = {
    "accounts",
    "content",
    "courses",
    "progress",
    "quizzes",
    "projectbank",
    "certificates",
    "cooperatives",
}


def user_models():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        # local_fields: a page's owner (inherited from Wagtail's Page) is not personal data
        # of ours; fields the model itself declares are.
        if model is user_model or any(
            getattr(field, "related_model", None) is user_model
            for field in model._meta.local_fields
            if field.is_relation
        ):
            yield model


def test_every_model_holding_a_user_is_registered():
    missing = [m._meta.label for m in user_models() if not privacy.is_registered(m)]
    assert missing == [], f"register these in accounts.privacy: {missing}"


@pytest.mark.django_db
def test_export_contains_the_learners_own_rows_only(client):
    from courses.services import enrol
    from tests.factories.courses import build_course

    tree = build_course()
    me, other = UserFactory(full_name="Amina"), UserFactory(full_name="Other")
    enrol(user=me, course=tree.course)
    enrol(user=other, course=tree.course)
    data = privacy.export_user_data(me)
    assert data["accounts.User"]["rows"][0]["full_name"] == "Amina"
    assert "password" not in data["accounts.User"]["rows"][0]
    assert len(data["courses.Enrolment"]["rows"]) == 1
    assert data["courses.Enrolment"]["rows"][0]["user"] == me.pk
