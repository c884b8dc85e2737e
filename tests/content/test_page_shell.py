"""A lesson page is a shell (content.shell): its shared text is rendered once per process and tree
version, its live parts for every request. Learners must never see each other's state, token or
account; messages, publishing and previews behave as before."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from wagtail.models import Locale

from content import shell
from content.text import isolate_numbers
from courses.models import LessonPage
from courses.services import enrol
from progress.services import mark_item_complete
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture
def recordings(monkeypatch):
    """How many times a shell was rendered in full (recorded) rather than reused."""
    calls = []
    record = shell.ShellNode._record

    def spy(self, context):
        calls.append(context.get("shell_key"))
        return record(self, context)

    monkeypatch.setattr(shell.ShellNode, "_record", spy)
    return calls


@pytest.fixture
def two_learners():
    tree = build_course(modules=(3,))
    amina, youssef = UserFactory(full_name="Amina"), UserFactory(full_name="Youssef")
    clients = []
    for learner in (amina, youssef):
        enrol(user=learner, course=tree.course)
        client = Client(enforce_csrf_checks=True)
        client.force_login(learner)
        clients.append(client)
    return tree, (amina, youssef), clients


def normalised(html: str) -> str:
    return NONCE.sub('nonce=""', CSRF_INPUT.sub('name="csrfmiddlewaretoken" value=""', html))


def test_the_shared_text_is_rendered_once_and_each_learner_gets_their_own_parts(
    two_learners, recordings
):
    tree, (amina, youssef), (amina_client, youssef_client) = two_learners
    lesson = tree.lessons[1]
    mark_item_complete(
        user=amina, item_key=lesson.translation_key, course=tree.course, outline=None
    )

    first = amina_client.get(lesson.url)
    again = amina_client.get(lesson.url)
    other = youssef_client.get(lesson.url)
    assert len(recordings) == 1  # recorded once, reused for the same learner and the next one

    first_html, again_html, other_html = (r.content.decode() for r in (first, again, other))
    # The same page either way, but for the per-request token and nonce.
    assert normalised(first_html) == normalised(again_html)
    # Amina finished the lesson; Youssef has not.
    assert '<span class="mark done"' in again_html and 'name="then"' not in again_html
    assert '<span class="mark done"' not in other_html
    assert 'name="then" value="stay"' in other_html
    assert f'data-u="{amina.pk}"' in again_html and f'data-u="{youssef.pk}"' not in again_html
    assert f'data-u="{youssef.pk}"' in other_html and f'data-u="{amina.pk}"' not in other_html
    # Each response carries the nonce of its own Content-Security-Policy header, and its own
    # CSRF token, valid for its own session.
    for response, html in ((again, again_html), (other, other_html)):
        nonces = set(NONCE.findall(html))
        assert len(nonces) == 1
        assert f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
    youssef_tokens = set(CSRF_INPUT.findall(other_html))
    assert youssef_tokens and youssef_tokens.isdisjoint(CSRF_INPUT.findall(again_html))
    (action,) = re.findall(r'<form method="post" action="([^"]+)" class="actions">', other_html)
    token = youssef_tokens.pop()
    done = youssef_client.post(action, {"csrfmiddlewaretoken": token, "then": "stay"})
    assert done.status_code == 302
    assert '<span class="mark done"' in youssef_client.get(lesson.url).content.decode()


def test_messages_still_show_on_a_reused_shell(two_learners, recordings):
    tree, _learners, (client, _other) = two_learners
    lesson = tree.lessons[0]
    client.get(lesson.url)
    request = RequestFactory().get("/")
    client.cookies["messages"] = CookieStorage(request)._encode(
        [Message(constants.SUCCESS, "Bravo, message du jour")]
    )
    html = client.get(lesson.url).content.decode()
    assert len(recordings) == 1
    assert '<li class="msg success">Bravo, message du jour</li>' in html
    assert "Bravo" not in client.get(lesson.url).content.decode()  # shown once


def test_publishing_starts_a_new_shell(two_learners, recordings):
    tree, _learners, (client, _other) = two_learners
    lesson = tree.lessons[0]
    client.get(lesson.url)
    page = LessonPage.objects.get(pk=lesson.pk)
    page.title = "Titre revu après publication"
    page.save_revision().publish()
    assert "Titre revu après publication" in client.get(lesson.url).content.decode()
    assert len(recordings) == 2


def test_each_page_has_its_own_shell(two_learners, recordings):
    tree, _learners, (client, _other) = two_learners
    for lesson in tree.lessons:
        assert isolate_numbers(lesson.title) in client.get(lesson.url).content.decode()
    assert len(recordings) == len(tree.lessons)
    assert len(set(recordings)) == len(tree.lessons)


def test_each_language_has_its_own_shell(client, recordings):
    tree = build_course(slug="bilingual", modules=(1,), translate=True)
    learner = UserFactory()
    enrol(user=learner, course=tree.course)
    client.force_login(learner)
    arabic = tree.lessons[0]
    french = arabic.get_translation(Locale.objects.get(language_code="fr"))
    for _ in range(2):  # recorded once each, then reused
        ar_html = client.get(arabic.url).content.decode()
        fr_html = client.get(french.url).content.decode()
        assert '<html lang="ar" dir="rtl">' in ar_html and isolate_numbers(arabic.title) in ar_html
        assert '<html lang="fr" dir="ltr">' in fr_html and isolate_numbers(french.title) in fr_html
        assert isolate_numbers(french.title) not in ar_html
    assert len(recordings) == 2 and len(set(recordings)) == 2


def test_a_query_string_is_never_kept_in_a_shell(two_learners, recordings):
    tree, _learners, (amina_client, youssef_client) = two_learners
    lesson = tree.lessons[0]
    with_query = amina_client.get(lesson.url + "?ref=amina-private").content.decode()
    assert "amina-private" in with_query  # the language links keep the query, as before
    assert "amina-private" not in youssef_client.get(lesson.url).content.decode()
    assert recordings == [youssef_client.get(lesson.url).context["shell_key"]]


def test_a_preview_never_becomes_the_shell(two_learners):
    tree, (amina, _youssef), _clients = two_learners
    lesson = LessonPage.objects.get(pk=tree.lessons[0].pk)
    request = RequestFactory().get(lesson.url)
    request.user = amina
    assert "shell_key" in lesson.get_context(request)
    request.is_preview = True
    assert "shell_key" not in lesson.get_context(request)


def test_a_live_part_inside_a_loop_or_with_is_refused():
    for body in (
        "{% for x in xs %}{% live %}{{ x }}{% endlive %}{% endfor %}",
        "{% with x=1 %}{% live %}{{ x }}{% endlive %}{% endwith %}",
    ):
        template = Template("{% load content_tags %}{% shell key %}" + body + "{% endshell %}")
        with pytest.raises(TemplateSyntaxError, match="would render without .*x"):
            template.render(Context({"key": f"test:{body}", "xs": [1, 2]}))


def test_without_a_key_a_shell_renders_as_usual():
    template = Template(
        "{% load content_tags %}{% shell key %}a{% live %}{{ n }}{% endlive %}b{% endshell %}"
    )
    assert template.render(Context({"key": "", "n": 1})) == "a1b"
    assert template.render(Context({"key": "", "n": 2})) == "a2b"
    assert template.render(Context({"key": "test:k", "n": 3})) == "a3b"
    assert template.render(Context({"key": "test:k", "n": 4})) == "a4b"
