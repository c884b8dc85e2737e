"""purge_inactive: dry run by default; warns first, erases only after the warning period, and a
login after the warning cancels the erasure."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import retention, sms
from accounts.erasure import is_erased
from accounts.models import User
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - dt.timedelta(days=days)


def run(*args):
    out = StringIO()
    call_command("purge_inactive", *args, stdout=out)
    return out.getvalue()


def test_dry_run_changes_nothing_and_names_nobody():
    old = UserFactory(full_name="Amina Benali", last_login=ago(400))
    out = run("--days", "365")
    assert f"would warn 1 account(s): [{old.pk}]" in out
    assert "Amina" not in out and old.email not in out
    assert mail.outbox == []
    assert not is_erased(User.objects.get(pk=old.pk))


def test_warn_then_erase_and_a_login_cancels():
    by_email = UserFactory(last_login=ago(400))
    by_phone = UserFactory(email="", phone="+212612345678", last_login=ago(400))
    comes_back = UserFactory(last_login=ago(400))
    recent = UserFactory(last_login=ago(10))
    staff = UserFactory(last_login=ago(4000), is_staff=True)
    run("--days", "365", "--warn-days", "30", "--apply")
    assert [m.to for m in mail.outbox] == [[by_email.email], [comes_back.email]]
    assert [m.phone for m in sms.outbox] == ["+212612345678"]
    # Nobody is erased on the day of the warning.
    assert not any(is_erased(User.objects.get(pk=u.pk)) for u in (by_email, by_phone))
    # A second run the same day warns nobody again.
    assert "warned 0" in run("--days", "365", "--warn-days", "30", "--apply")
    # 31 days later; one learner logged in meanwhile.
    User.objects.filter(pk=comes_back.pk).update(last_login=timezone.now())
    later = timezone.now() + dt.timedelta(days=31)
    done = retention.apply(days=365, warn_days=30, now=later)
    assert sorted(done.erase) == sorted([by_email.pk, by_phone.pk])
    assert is_erased(User.objects.get(pk=by_email.pk))
    assert is_erased(User.objects.get(pk=by_phone.pk))
    for user in (comes_back, recent, staff):
        assert User.objects.get(pk=user.pk).is_active


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        run("--days", "5")
    with pytest.raises(CommandError):
        run("--days", "365", "--warn-days", "400")
