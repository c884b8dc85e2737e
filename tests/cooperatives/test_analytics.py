"""Trainer analytics (the course's team only) and staff territorial figures (small cells
hidden, charts as SVG with the same figures in a table, CSV export audited)."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from accounts.models import AuditEvent
from cooperatives import selectors
from courses.services import enrol
from progress.models import LearningEvent
from progress.services import mark_item_complete, record_view
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course


@pytest.fixture
def trainer(tree):
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    team = Group.objects.create(name="Course team C1")
    team.permissions.add(admin)
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.create(group=team, page=tree.course, permission=change)
    user = UserFactory()
    user.groups.add(team)
    return user


def test_funnel_drop_off_and_lesson_times(client, tree, trainer):
    learners = [UserFactory() for _ in range(4)]
    for learner in learners:
        enrol(user=learner, course=tree.course)
    start = timezone.now() - dt.timedelta(hours=1)
    for i, learner in enumerate(learners[:3]):
        for n, lesson in enumerate(tree.lessons[: 2 + (i == 0) * 2]):
            LearningEvent.objects.create(
                user=learner,
                verb="viewed",
                course_key=tree.course.translation_key,
                item_key=lesson.translation_key,
                occurred_at=start + dt.timedelta(minutes=20 * n),
                idempotency_key=f"v{learner.pk}{n}",
            )
            mark_item_complete(
                user=learner,
                item_key=lesson.translation_key,
                course=tree.course,
                occurred_at=start + dt.timedelta(minutes=20 * n + 10 + i),
            )
    data = selectors.course_analytics(course=tree.course)
    # enrolled, started, module 1, module 2, completed the course
    assert [step.count for step in data.funnel] == [4, 3, 3, 1, 1]
    assert [step.label for step in data.funnel][2:4] == ["Module 1", "Module 2"]
    assert data.biggest_drop.label == "Module 2" and data.biggest_drop.drop == 2
    first = data.lessons[0]
    assert first.samples == 3 and first.median_minutes == 11  # 10, 11 and 12 minutes

    client.force_login(trainer)
    page = client.get(
        reverse("cooperatives:course_analytics", args=[tree.course.translation_key])
    ).content.decode()
    assert "<svg" in page and "<table" in page and "Module 2" in page
    assert reverse("cooperatives:course_analytics", args=[tree.course.translation_key]) in (
        client.get(reverse("cooperatives:trainer_courses")).content.decode()
    )


def test_a_trainer_cannot_read_another_teams_course(client, tree, trainer):
    other = build_course(slug="other", modules=(1,), code="C5")
    client.force_login(trainer)
    url = reverse("cooperatives:course_analytics", args=[other.course.translation_key])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("cooperatives:trainer_courses")).status_code == 404


@pytest.fixture
def population(tree):
    def people(n, **fields):
        users = [UserFactory(**fields) for _ in range(n)]
        for user in users:
            enrol(user=user, course=tree.course)
        return users

    women_souss = people(7, region="MA-09", gender="female", sector="ARG")
    people(6, region="MA-09", gender="male", sector="ARG")
    people(3, region="MA-01", gender="female", sector="ART")  # a small cell
    people(8, region="MA-07", gender="undisclosed", sector="AGF")
    for user in women_souss[:5]:
        for lesson in tree.lessons:
            mark_item_complete(user=user, item_key=lesson.translation_key, course=tree.course)
    return women_souss


def test_small_cells_are_hidden_and_cannot_be_recomputed(population):
    data = selectors.territory(params={"by": "region"})
    cells = {row.values: row.cells for row in data.rows}
    assert cells[("MA-09",)]["learners"] == 13
    assert cells[("MA-01",)]["learners"] is None  # 3 people
    # Exactly one hidden learners cell: the next smallest is hidden too (8 in MA-07).
    assert cells[("MA-07",)]["learners"] is None
    assert data.total["learners"] == 24
    assert cells[("MA-09",)]["completed"] == 5
    by_gender = selectors.territory(params={"by": "region", "then": "gender", "gender": "female"})
    assert data.dimensions == ["region"] and by_gender.dimensions == ["region", "gender"]
    assert {row.values: row.cells["learners"] for row in by_gender.rows} == {
        ("MA-01", "female"): None,
        ("MA-09", "female"): None,  # complementary suppression of the only other cell
    }


def test_territory_is_staff_only_and_exports_are_audited(client, population):
    url = reverse("cooperatives:territory")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("cooperatives:territory_export")).status_code == 404
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    page = client.get(url, {"by": "gender", "metric": "completed"}).content.decode()
    assert "<svg" in page and "<table" in page
    response = client.get(reverse("cooperatives:territory_export"), {"by": "region"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 1 + len(selectors.METRICS)
    assert len(rows) == 1 + 3 + 1  # header, three regions, total
    for row in rows[1:]:
        for cell in row[1:]:
            assert not cell.isdigit() or int(cell) >= selectors.SMALL_CELL
    assert AuditEvent.objects.filter(actor=staff, action="territory.export").count() == 1


def test_record_view_feeds_lesson_times(tree):
    learner = UserFactory()
    enrol(user=learner, course=tree.course)
    record_view(
        user=learner,
        item_key=tree.lessons[0].translation_key,
        course_key=tree.course.translation_key,
    )
    mark_item_complete(user=learner, item_key=tree.lessons[0].translation_key, course=tree.course)
    data = selectors.course_analytics(course=tree.course)
    assert data.lessons[0].samples == 1


def test_each_quiz_links_to_its_item_analysis_in_the_admin(client, tree, trainer):
    from tests.factories.quizzes import add_quiz

    quiz = add_quiz(tree.modules[0])
    client.force_login(trainer)
    page = client.get(
        reverse("cooperatives:course_analytics", args=[tree.course.translation_key])
    ).content.decode()
    assert f'href="{reverse("quizzes_item_analysis", args=[quiz.pk])}"' in page
    assert client.get(reverse("quizzes_item_analysis", args=[quiz.pk])).status_code == 200


def test_territory_table_keeps_metric_columns_and_filters_in_place(client, population):
    client.force_login(UserFactory(is_staff=True))
    url = reverse("cooperatives:territory")
    page = client.get(url, {"by": "region"}).content.decode()
    # Souss-Massa: 13 learners, 5 completed; certified, unlocked and plans hidden (0 people).
    hidden = '<td><span class="hidden-cell">&lt;5</span></td>'
    assert f"<td>13</td><td>5</td>{hidden}{hidden}{hidden}</tr>" in page
    assert page.count('<th scope="col">') == 1 + len(selectors.METRICS)
    filtered = client.get(url, {"by": "sector", "gender": "female"}).content.decode()
    assert '<option value="female" selected>' in filtered
    assert '<option value="male" selected>' not in filtered
    empty = client.get(url, {"by": "region", "region": "MA-12"}).content.decode()
    assert f'<td colspan="{1 + len(selectors.METRICS)}">' in empty
