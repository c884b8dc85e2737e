"""Every help text and every error under a form field is tied to its input by
``aria-describedby`` (one field template, templates/includes/field.html, for every form), so a
screen reader says them with the field: the sign-up, profile and plan forms, empty and with
errors, and a quiz question refused by the server. And no ``aria-describedby`` points to an id
that is not on the page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from projectbank.models import ProjectPlan, Unlock
from tests.factories.accounts import UserFactory
from tests.factories.projectbank import BankProjectFactory, make_template
from tests.factories.quizzes import TRUE_FALSE
from tests.projectbank.test_plans import form_data
from tests.quizzes.helpers import course_with_quiz, learner, start

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CONTROLS = {"input", "select", "textarea", "fieldset"}
CONTAINERS = {"field", "quiz-q"}  # a form field's box, a quiz question's box


class FormOutline(HTMLParser):
    """Ids on the page; help texts and error lists, controls with ``aria-describedby``, each
    with the field box it sits in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, field box number or None)
        self.boxes = 0
        self.ids = set()
        self.notes = []  # (kind, id, box)
        self.described = []  # (tag, name, {ids}, box)

    def box(self):
        return next((b for _, b in reversed(self.stack) if b is not None), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        own_box = None
        if classes & CONTAINERS:
            self.boxes += 1
            own_box = self.boxes
        box = own_box or self.box()
        if box is not None and classes & {"helptext", "errorlist"}:
            self.notes.append(("help" if "helptext" in classes else "error", attrs.get("id"), box))
        if tag in CONTROLS and attrs.get("type") != "hidden":
            described = set((attrs.get("aria-describedby") or "").split())
            self.described.append((tag, attrs.get("name"), described, box))
        if tag not in VOID:
            self.stack.append((tag, own_box))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return


def assert_described(response, *, helps=0, errors=0):
    page = FormOutline()
    page.feed(response.content.decode())
    dangling = [
        (name, ref) for _, name, refs, _ in page.described for ref in refs if ref not in page.ids
    ]
    assert dangling == [], "aria-describedby points nowhere"
    for kind, note_id, box in page.notes:
        assert note_id, f"a {kind} text without an id"
        owners = [name for _, name, refs, b in page.described if b == box and note_id in refs]
        assert owners, f"{note_id} is described by no control of its field"
    found = [kind for kind, _, _ in page.notes]
    # Not vacuous: the texts the form is known to show are there.
    assert found.count("help") >= helps and found.count("error") >= errors, found
    return page


def fr(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def test_sign_up_form(client):
    page = assert_described(client.get(fr("account_signup")), helps=2)
    phone = next(refs for _, name, refs, _ in page.described if name == "phone")
    assert phone == {"id_phone_helptext"}
    wrong = client.post(
        fr("account_signup"),
        {"full_name": "", "phone": "12", "password1": "123", "password2": "456"},
    )
    page = assert_described(wrong, helps=2, errors=3)
    phone = next(refs for _, name, refs, _ in page.described if name == "phone")
    assert phone == {"id_phone_helptext", "id_phone_error"}


def test_profile_form(client):
    client.force_login(UserFactory())
    assert_described(client.get(reverse("accounts:profile")))
    wrong = client.post(reverse("accounts:profile"), {"full_name": "", "region": "MA-99"})
    page = assert_described(wrong, errors=2)
    name = next(refs for _, n, refs, _ in page.described if n == "full_name")
    assert name == {"id_full_name_error"}


def test_plan_form(client):
    template = make_template("T1")
    BankProjectFactory(external_id="PB10", template=template, regions=["MA-06"])
    owner = UserFactory()
    Unlock.objects.create(user=owner, template=template)
    client.force_login(owner)
    client.post(fr("projectbank:copy_template", "T1"), {"project": "PB10"})
    plan = ProjectPlan.objects.get(owner=owner)
    assert_described(client.get(fr("projectbank:plan", plan.pk)))
    data = form_data(client, plan)
    data.update({"products-0-qty": "-5", "staff-0-monthly_salary": "abc", "jobs": ""})
    wrong = client.post(fr("projectbank:plan", plan.pk), data)
    assert wrong.status_code == 400
    page = assert_described(wrong, errors=3)
    qty = next(refs for _, n, refs, _ in page.described if n == "products-0-qty")
    assert qty == {"id_products-0-qty_error"}


def test_a_refused_quiz_answer(client):
    tree, quiz = course_with_quiz()
    learner(client, tree)
    attempt = start(client, quiz)
    refused = client.post(
        reverse("quizzes:save", kwargs={"attempt_id": attempt.pk}), {f"q-{TRUE_FALSE}": "maybe"}
    )
    assert refused.status_code == 400
    page = assert_described(refused, errors=1)
    group = [refs for tag, _, refs, _ in page.described if tag == "fieldset" and refs]
    assert len(group) == 1 and next(iter(group[0])).endswith("-error")
