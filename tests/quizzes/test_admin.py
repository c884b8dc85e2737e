"""Trainers in the Wagtail admin: import a GIFT bank (all or nothing, line-numbered errors),
and read a quiz's item analysis (only those who can edit the quiz)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import GroupPagePermission, Locale

from quizzes.models import BankQuestion
from quizzes.wagtail_hooks import item_analysis_listing_button
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import MULTIPLE, SINGLE, qid, right_answers, wrong_answers

from .helpers import course_with_quiz, learner, start, url

pytestmark = pytest.mark.django_db


def gift_file(n: int, bad_at=()) -> str:
    kinds = [
        "::Q{n}:: Qui élit le conseil (cas {n}) ? {{=L'assemblée générale ~Le gérant ~La banque}}",
        "::Q{n}:: Un membre égale une voix (cas {n}). {{T}}",
        "::Q{n}:: Combien de membres au minimum (cas {n}) ? {{#5:0}}",
        "::Q{n}:: Nommez l'organe souverain (cas {n}). {{=assemblée générale =AG}}",
        "::Q{n}:: Avantages (cas {n}) {{~%50%Prix ~%50%Matériel ~%-100%Rien}}",
    ]
    blocks = ["$CATEGORY: $course$/top/Gouvernance/Assemblée", ""]
    for i in range(n):
        text = kinds[i % len(kinds)].format(n=i)
        if i in bad_at:
            text = f"::Q{i}:: Question cassée {i} {{=Une réponse ~Autre"  # not closed
        blocks.extend([text, ""])
    return "\n".join(blocks)


def line_of(text: str, marker: str) -> int:
    return text.splitlines().index(next(line for line in text.splitlines() if marker in line)) + 1


@pytest.fixture
def trainer(client):
    user = UserFactory(is_staff=False)
    group, _ = Group.objects.get_or_create(name="Trainers")
    for codename in ("access_admin",):
        group.permissions.add(Permission.objects.get(codename=codename))
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="quizzes", codename__endswith="bankquestion"
        )
    )
    user.groups.add(group)
    client.force_login(user)
    return user


def post_gift(client, text, tag="gouvernance", as_file=False):
    ar = Locale.objects.get_or_create(language_code="ar")[0]
    data = {"tag": tag, "locale": ar.pk}
    if as_file:
        data["file"] = SimpleUploadedFile("bank.gift", text.encode(), content_type="text/plain")
    else:
        data["text"] = text
    return client.post(reverse("quizzes_gift_import"), data)


def test_a_gift_file_of_100_questions_imports_100_bank_questions(client, trainer):
    response = post_gift(client, gift_file(100), as_file=True)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert BankQuestion.objects.count() == 100
    tagged = BankQuestion.objects.filter(tags__name="gouvernance").distinct().count()
    assert tagged == 100
    assert BankQuestion.objects.filter(tags__name="Assemblée").distinct().count() == 100
    kinds = {b.question[0].block_type for b in BankQuestion.objects.all()}
    assert kinds == {"single", "true_false", "numeric", "short_text", "multiple"}
    page = client.get(response["Location"]).content.decode()
    with translation.override("ar"):
        expected = gettext("%(count)s questions imported into the bank with the tag “%(tag)s”.")
    assert expected % {"count": 100, "tag": "gouvernance"} in page


def test_a_gift_file_with_three_bad_questions_imports_nothing_and_says_where(client, trainer):
    text = gift_file(20, bad_at=(3, 11, 17))
    response = post_gift(client, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert BankQuestion.objects.count() == 0
    with translation.override("ar"):
        line = gettext("Line %(line)s:")
    for n in (3, 11, 17):
        assert line % {"line": line_of(text, f"cassée {n} ")} in html
    assert html.count("<li>" + line.split("%")[0]) == 3


def test_gift_import_is_for_bank_authors_only(client):
    client.force_login(UserFactory())
    response = client.get(reverse("quizzes_gift_import"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert BankQuestion.objects.count() == 0


def test_item_analysis_shows_real_statistics_to_the_course_team_only(client):
    tree, quiz = course_with_quiz(pass_mark=50)
    for answers in (right_answers(), right_answers(), wrong_answers()):
        learner(client, tree, UserFactory())
        attempt = start(client, quiz)
        client.post(url("submit", attempt), answers)
    # A trainer of this course (can edit the course subtree).
    team = Group.objects.create(name="Course team C9")
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=team, page=tree.course, permission=Permission.objects.get(codename="change_page")
    )
    trainer = UserFactory()
    trainer.groups.add(team)
    outsider = UserFactory()
    outsider.groups.add(Group.objects.create(name="Course team C8"))
    Group.objects.get(name="Course team C8").permissions.add(
        Permission.objects.get(codename="access_admin")
    )

    client.force_login(trainer)
    response = client.get(reverse("quizzes_item_analysis", args=[quiz.pk]))
    assert response.status_code == 200
    analysis = response.context["analysis"]
    assert analysis.attempts == 3
    by_id = {s.question["id"]: s for s in analysis.questions}
    assert by_id[SINGLE].facility == Decimal("0.67")
    wrong_picks = {d["id"]: d["picks"] for d in by_id[SINGLE].distractors}
    assert wrong_picks == {qid("single/b"): 1, qid("single/c"): 0}
    assert {d["id"]: d["picks"] for d in by_id[MULTIPLE].distractors} == {qid("multiple/c"): 1}
    assert [b["count"] for b in analysis.distribution] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    html = response.content.decode()
    assert "<svg" in html and "المسير وحده" in html
    reports = client.get(reverse("quizzes_reports")).content.decode()
    assert reverse("quizzes_item_analysis", args=[quiz.pk]) in reports
    buttons = list(item_analysis_listing_button(quiz.page_ptr, trainer))
    assert buttons and buttons[0].url == reverse("quizzes_item_analysis", args=[quiz.pk])

    client.force_login(outsider)
    response = client.get(reverse("quizzes_item_analysis", args=[quiz.pk]))
    # Wagtail turns "permission denied" into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not list(item_analysis_listing_button(quiz.page_ptr, outsider))
    # A learner has no admin at all.
    client.force_login(UserFactory())
    response = client.get(reverse("quizzes_item_analysis", args=[quiz.pk]))
    assert response.status_code in (302, 403)
