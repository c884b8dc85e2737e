"""`load_demo` builds a real bilingual academy, and running it twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from accounts.models import User
from courses.models import CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_is_idempotent_and_bilingual(demo):
    counts = (Page.objects.count(), User.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Page.objects.count(), User.objects.count()) == counts
    for code in ("C1", "C2"):
        ar = CoursePage.objects.get(code=code, locale__language_code="ar")
        fr = CoursePage.objects.get(code=code, locale__language_code="fr")
        assert ar.translation_key == fr.translation_key and ar.title != fr.title
        ar_lessons = LessonPage.objects.descendant_of(ar).live()
        fr_keys = set(
            LessonPage.objects.descendant_of(fr).live().values_list("translation_key", flat=True)
        )
        assert set(ar_lessons.values_list("translation_key", flat=True)) == fr_keys
        assert ModulePage.objects.child_of(ar).count() >= 3
        for module in ModulePage.objects.child_of(ar):
            assert 2 <= LessonPage.objects.child_of(module).count() <= 4


def test_demo_lessons_are_real_text(demo):
    for lesson in LessonPage.objects.live():
        text = " ".join(str(block.value) for block in lesson.body)
        assert len(text.split()) > 150, lesson.title
        assert "lorem" not in text.lower() and "todo" not in text.lower()
    fr_text = " ".join(
        str(b.value)
        for lesson in LessonPage.objects.filter(locale__language_code="fr")
        for b in lesson.body
    )
    assert fr_text.lower().count("coopérative") > 20


def test_demo_accounts_can_log_in(demo, client):
    from academy.demo import DEMO_ACCOUNTS

    for account in DEMO_ACCOUNTS:
        client.logout()
        response = client.post(
            "/ar/accounts/login/", {"login": account.login, "password": account.password}
        )
        assert response.status_code == 302, account.role
        assert "_auth_user_id" in client.session, account.role


def test_demo_site_serves_both_languages(demo, client):
    for url in (
        "/ar/",
        "/fr/",
        "/ar/courses/",
        "/fr/courses/",
        "/fr/courses/understanding-cooperatives/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Comprendre les coopératives" in client.get("/fr/courses/").content.decode()
    assert "فهم التعاونيات" in client.get("/ar/courses/").content.decode()
