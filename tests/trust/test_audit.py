"""The audit trail of reads and exports of member data: ids and counts, never personal data."""

import pytest

from accounts import audit, privacy
from accounts.models import AuditEvent
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_record_names_the_target_by_label_and_id():
    manager, member = UserFactory(), UserFactory()
    event = audit.record(
        actor=manager, action=audit.READ_MEMBER, target=member, detail={"fields": 3}
    )
    assert (event.target_type, event.target_id) == ("accounts.User", str(member.pk))
    assert list(audit.events_for_target(member)) == [event]
    assert list(audit.events_by_actor(manager)) == [event]
    assert list(audit.events_by_actor(member)) == []


def test_personal_data_never_enters_the_trail():
    with pytest.raises(ValueError):
        audit.record(actor=None, action="members.export", detail={"email": "a@b.ma"})
    assert AuditEvent.objects.count() == 0


def test_anonymous_or_system_actor_is_stored_as_nobody():
    from django.contrib.auth.models import AnonymousUser

    event = audit.record(actor=AnonymousUser(), action="x", target=("cooperatives.Cooperative", 7))
    assert event.actor is None and event.target_id == "7"


def test_the_trail_is_registered_for_export_and_kept_at_erasure():
    assert privacy.is_registered(AuditEvent)
    entry = next(e for e in privacy.registered() if e.model is AuditEvent)
    assert entry.erasure == privacy.PSEUDONYMISE
