"""The demo cooperative: managed by the demo manager, varied progress, the trained mark, real
numbers for the demo trainer and staff; loading the demo twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from cooperatives.models import Cooperative, Membership
from progress.models import Completion

pytestmark = pytest.mark.django_db


def test_demo_cooperative(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Completion.objects.count(), Membership.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert (User.objects.count(), Completion.objects.count(), Membership.objects.count()) == counts

    cooperative = Cooperative.objects.get()
    assert cooperative.trained_at is not None  # six of nine finished C1
    assert client.login(username="manager@demo.taawuniya.ma", password="Taawuniya-manager-2026")
    response = client.get(f"/fr/cooperatives/{cooperative.pk}/")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.active == 9 and len(board.columns) == 2
    statuses = {line.cells[0].status for line in board.lines}
    assert statuses == {"completed", "in_progress", "stalled", "not_started"}
    assert any(line.cells[0].certificate for line in board.lines)
    assert any(score for line in board.lines for score in line.cells[0].quiz_scores)
    page = response.content.decode()
    assert "Amina Ouhammou" in page and "+212661000101" not in page

    assert client.login(username="trainer@demo.taawuniya.ma", password="Taawuniya-trainer-2026")
    courses = client.get("/ar/cooperatives/analytics/").context["courses"]
    assert [c.code for c in courses] == ["C1"]
    data = client.get(f"/ar/cooperatives/analytics/{courses[0].translation_key}/").context["data"]
    assert data.enrolled >= 45 and data.funnel[-1].count == 6
    assert any(lesson.median_minutes for lesson in data.lessons)

    assert client.login(username="staff@demo.taawuniya.ma", password="Taawuniya-staff-2026")
    territory = client.get("/ar/cooperatives/territory/").context["data"]
    visible = [row for row in territory.rows if row.cells["learners"] is not None]
    assert visible and any(row.cells["learners"] is None for row in territory.rows)
