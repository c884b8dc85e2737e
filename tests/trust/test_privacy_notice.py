"""The sign-up page says what is kept and why, from the personal-data registry, in the page's
language (ar, fr)."""

import html

import pytest
from django.utils import translation

from accounts import privacy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_signup_shows_every_reason_from_the_registry(client, language):
    page = html.unescape(client.get(f"/{language}/accounts/signup/").content.decode())
    assert 'class="card privacy-notice"' in page
    with translation.override(language):
        reasons = {str(entry.why) for entry in privacy.registered()}
    missing = [reason for reason in reasons if reason not in page]
    assert missing == []
