"""Security headers: a strict Content-Security-Policy with nonces on the public site, a looser one
scoped to the editors' admin, a Permissions-Policy, and no template that needs inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from courses.services import enrol
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_public_lesson_page_has_a_strict_policy_and_its_style_carries_the_nonce(client):
    tree = build_course()
    learner = UserFactory()
    enrol(user=learner, course=tree.course)
    client.force_login(learner)
    response = client.get(tree.lessons[0].url)
    assert response.status_code == 200
    policy = directives(response)
    nonce = re.search(r"'nonce-([^']+)'", " ".join(policy["style-src"])).group(1)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"] + policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    html = response.content.decode()
    # Every inline <style>/<script> block of the page carries this response's nonce.
    blocks = re.findall(r"<(style|script)\b([^>]*)>", html)
    assert blocks, "the lesson page inlines its critical CSS"
    for _tag, attributes in blocks:
        assert f'nonce="{nonce}"' in attributes
    assert not re.search(r"\sstyle=|\son[a-z]+=", html)
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    # A fresh nonce per response.
    again = directives(client.get(tree.lessons[0].url))
    assert f"'nonce-{nonce}'" not in again["style-src"]


@pytest.mark.django_db
def test_the_wagtail_admin_works_under_its_own_policy(client):
    tree = build_course()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    for url in ("/cms/", f"/cms/pages/{tree.lessons[0].pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert "'unsafe-inline'" in policy["script-src"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert not any(value.startswith("'nonce-") for value in policy["script-src"]), url


def test_no_public_template_needs_inline_code_without_a_nonce():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "admin" in path.relative_to(TEMPLATES).parts:
            continue  # served under /cms/ with the admin policy
        text = path.read_text()
        for pattern in (
            r"<(?:script|style)\b(?![^>]*\bnonce=)[^>]*>",
            r"\sstyle=",
            r"\son[a-z]+=",
            r"javascript:",
        ):
            offenders += [f"{path.relative_to(TEMPLATES)}: {m}" for m in re.findall(pattern, text)]
    assert offenders == []
