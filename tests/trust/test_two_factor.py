"""Optional TOTP for the editors' admin: enrol with a QR code, confirm, recovery codes; once
enrolled, /cms/ asks for a code in every new session; learners are never asked."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-Good-passw0rd"


def login(email):
    client = Client()
    response = client.post("/fr/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def unthrottle(user):
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0)


@pytest.fixture
def staff():
    return UserFactory(email="staff@example.ma", is_staff=True, is_superuser=True)


def enrol(client, user):
    assert client.get("/fr/accounts/two-factor/setup/").status_code == 302  # GET creates nothing
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.post("/fr/accounts/two-factor/").status_code == 302
    page = client.get("/fr/accounts/two-factor/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/fr/accounts/two-factor/setup/", {"code": "000000"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    done = client.post("/fr/accounts/two-factor/setup/", {"code": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]+)</code>", done.content.decode())
    assert len(codes) == 10
    return device, codes


def test_enrolled_staff_must_enter_a_code_before_the_cms(staff):
    client = login("staff@example.ma")
    assert client.get("/cms/").status_code == 200  # not enrolled: optional
    device, codes = enrol(client, staff)
    assert client.get("/cms/").status_code == 200  # this session is verified

    other = login("staff@example.ma")  # a new session
    response = other.get("/cms/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/two-factor/verify/?next=%2Fcms%2Fpages%2F"
    assert other.get("/django-admin/").status_code == 302
    bad = other.post("/fr/accounts/two-factor/verify/", {"code": "123456", "next": "/cms/pages/"})
    assert bad.status_code == 200
    unthrottle(staff)
    ok = other.post(
        "/fr/accounts/two-factor/verify/", {"code": codes[0], "next": "https://evil.example/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/cms/"  # no open redirect
    assert other.get("/cms/pages/").status_code == 200
    # Each recovery code works once.
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_learners_and_site_pages_never_ask(staff):
    learner = UserFactory(email="learner@example.ma")
    client = login("learner@example.ma")
    assert client.get("/fr/accounts/two-factor/").status_code == 404
    assert client.get("/fr/accounts/two-factor/setup/").status_code == 404
    # The account page links to the second factor only for whoever can open the admin.
    assert "/accounts/two-factor/" not in client.get("/fr/accounts/profile/").content.decode()
    TOTPDevice.objects.create(user=staff, name="x", confirmed=True)
    staff_client = login("staff@example.ma")
    profile = staff_client.get("/fr/accounts/profile/")
    assert profile.status_code == 200
    assert 'href="/fr/accounts/two-factor/"' in profile.content.decode()
    assert learner.is_active


def test_required_for_every_admin_user_when_the_setting_says_so(staff, settings):
    settings.OTP_REQUIRED_FOR_ADMIN = True
    client = login("staff@example.ma")
    response = client.get("/cms/")
    assert response.status_code == 302 and response["Location"] == "/ar/accounts/two-factor/"


def test_turning_it_off_needs_a_current_code(staff):
    client = login("staff@example.ma")
    device, codes = enrol(client, staff)
    client.post("/fr/accounts/two-factor/disable/", {"code": "999999"})
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    unthrottle(staff)  # the wrong code above slowed every device of the account down
    client.post("/fr/accounts/two-factor/disable/", {"code": codes[1]})
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_get_never_changes_anything(staff):
    client = login("staff@example.ma")
    assert client.get("/fr/accounts/two-factor/disable/").status_code == 405
    assert client.get("/fr/accounts/two-factor/codes/").status_code == 405


def test_after_wrong_codes_the_pages_say_to_wait_and_use_up_nothing(staff):
    """While django-otp slows the account down after wrong codes, a right code is not looked
    at: the verify and turn-off pages say to wait (not that the code is wrong), and the
    recovery code still works once the wait is over."""
    import datetime as dt
    import html

    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice

    client = login("staff@example.ma")
    _device, codes = enrol(client, staff)
    other = login("staff@example.ma")

    def slow_down(when):
        for model in (TOTPDevice, StaticDevice):
            model.objects.filter(user=staff).update(
                throttling_failure_count=5, throttling_failure_timestamp=when
            )

    slow_down(timezone.now())
    page = other.post("/fr/accounts/two-factor/verify/", {"code": codes[0]})
    text = html.unescape(page.content.decode())
    assert page.status_code == 200 and "Trop de codes erronés" in text
    assert other.get("/cms/pages/").status_code == 302  # still not verified
    off = client.post("/fr/accounts/two-factor/disable/", {"code": codes[1]}, follow=True)
    assert "Trop de codes erronés" in html.unescape(off.content.decode())
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert StaticToken.objects.filter(token__in=codes[:2]).count() == 2  # nothing used up

    slow_down(timezone.now() - dt.timedelta(hours=1))
    ok = other.post("/fr/accounts/two-factor/verify/", {"code": codes[0], "next": "/cms/pages/"})
    assert ok.status_code == 302 and ok["Location"] == "/cms/pages/"
