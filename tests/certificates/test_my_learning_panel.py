"""'My learning' lists the learner's valid certificates (the panel certificates registers with
progress; progress imports nothing of certificates)."""

import pytest
from django.urls import reverse
from django.utils import translation

from certificates.models import Certificate
from tests.factories.accounts import UserFactory
from tests.factories.certificates import certified_learner

pytestmark = pytest.mark.django_db


def my_learning(client):
    with translation.override("fr"):
        return client.get(reverse("progress:my_learning")).content.decode()


def test_a_certified_learner_sees_the_certificate_with_its_course(client):
    tree, user = certified_learner()
    client.force_login(user)
    page = my_learning(client)
    assert 'id="certificates-h"' in page
    assert tree.fr_course.title in page
    with translation.override("fr"):
        assert reverse("certificates:mine") in page


def test_no_valid_certificate_no_panel(client):
    _tree, user = certified_learner()
    Certificate.objects.filter(user=user).update(status=Certificate.Status.REVOKED)
    client.force_login(user)
    assert 'id="certificates-h"' not in my_learning(client)
    client.force_login(UserFactory())
    assert 'id="certificates-h"' not in my_learning(client)
