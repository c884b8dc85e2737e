"""``seed_scale`` at a small size: the rows it promises, pointing at the demo's real pages, the
generated learners can log in and open their learning, and the generated cooperative managers
open, sort, filter and export their dashboards."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from academy.scale import LARGE_COOPERATIVE, MANAGER_PREFIX, PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_scale_generates_learners_progress_attempts_and_projects(client):
    from accounts.models import User
    from courses.models import Enrolment
    from progress.models import Completion, CourseState
    from projectbank.models import BankProject
    from quizzes.models import QuizAttempt, QuizPage

    call_command("load_demo", stdout=io.StringIO())
    projects_before = BankProject.objects.count()
    out = io.StringIO()
    no_cooperatives = ("--cooperatives", "0", "--large-cooperative", "0")
    call_command("seed_scale", "--learners", "40", "--projects", "25", *no_cooperatives, stdout=out)
    assert "done in" in out.getvalue()
    learners = User.objects.filter(username__startswith="scale").exclude(
        username__startswith=MANAGER_PREFIX
    )
    assert learners.count() == 40
    completions = Completion.objects.filter(user__in=learners)
    assert 40 * 10 <= completions.count() <= 40 * 30
    assert (
        Enrolment.objects.filter(user__in=learners).count()
        == CourseState.objects.filter(user__in=learners).count()
    )
    attempts = QuizAttempt.objects.filter(user__in=learners)
    assert attempts.count() == 40
    assert set(attempts.values_list("quiz_key", flat=True)) <= set(
        QuizPage.objects.values_list("translation_key", flat=True)
    )
    assert BankProject.objects.count() == projects_before + 25
    assert BankProject.objects.filter(external_id__startswith="SCALE").first().regions.exists()

    learner = learners.exclude(email="").first()
    assert client.login(username=learner.email, password=PASSWORD) or client.login(
        login=learner.email, password=PASSWORD
    )
    assert client.get("/ar/learn/").status_code == 200

    with pytest.raises(CommandError, match="already exist"):
        call_command("seed_scale", "--learners", "5", stdout=io.StringIO())


def seed_cooperatives(*args):
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_scale", "--projects", "0", *args, stdout=out)
    return out.getvalue()


def test_seed_scale_generates_cooperatives_with_managers_members_and_courses(client):
    from cooperatives.models import Cooperative, CourseAssignment, Membership
    from courses.models import CoursePage, Enrolment

    out = seed_cooperatives(
        "--learners", "40", "--cooperatives", "3", "--members", "5", "--large-cooperative", "12"
    )
    assert "cooperatives 4" in out
    courses = set(
        CoursePage.objects.live()
        .filter(locale__language_code="ar")
        .values_list("translation_key", flat=True)
    )
    generated = Cooperative.objects.filter(register_number__startswith="SCALE")
    assert generated.count() == 4  # beside the demo's own
    large = Cooperative.objects.get(register_number=LARGE_COOPERATIVE)
    for cooperative in generated:
        members = Membership.objects.filter(cooperative=cooperative, role="member")
        assert members.count() == (12 if cooperative == large else 5)
        managers = Membership.objects.filter(cooperative=cooperative, role="manager")
        assert [m.user.username[: len(MANAGER_PREFIX)] for m in managers] == [MANAGER_PREFIX]
        assert (
            set(
                CourseAssignment.objects.filter(cooperative=cooperative).values_list(
                    "course_key", flat=True
                )
            )
            == courses
        )
        # Every member is enrolled in every assigned course (from their own learning or added).
        for key in courses:
            assert (
                Enrolment.objects.filter(user__in=members.values("user"), course_key=key).count()
                == members.count()
            )
    # 27 places, 40 learners: nobody is in two cooperatives.
    member_ids = list(
        Membership.objects.filter(cooperative__in=generated, role="member").values_list(
            "user_id", flat=True
        )
    )
    assert len(member_ids) == len(set(member_ids)) == 27

    manager = Membership.objects.get(cooperative=large, role="manager").user
    assert client.login(username=manager.email, password=PASSWORD) or client.login(
        login=manager.email, password=PASSWORD
    )
    response = client.get("/ar/cooperatives/")
    assert response.status_code == 302 and response.url.endswith(f"/cooperatives/{large.pk}/")
    for query in ("", "?sort=progress", "?sort=activity", "?status=not_started", "?q=Learner"):
        assert client.get(f"/ar/cooperatives/{large.pk}/{query}").status_code == 200
    export = client.get(f"/ar/cooperatives/{large.pk}/members.csv")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    names = {row[0] for row in rows[1:]}
    assert {f"Learner {n}" for n in range(40)} >= names - {manager.full_name}
    assert len(names - {manager.full_name}) == 12


def test_seed_scale_cooperatives_larger_than_the_learners_reuse_them_once_per_cooperative():
    from cooperatives.models import Membership

    seed_cooperatives(
        "--learners", "10", "--cooperatives", "2", "--members", "8", "--large-cooperative", "30"
    )
    counts = [
        Membership.objects.filter(cooperative__register_number=number, role="member").count()
        for number in (LARGE_COOPERATIVE, "SCALE-00001", "SCALE-00002")
    ]
    assert counts == [10, 8, 8]  # the big one holds every learner, once


@pytest.mark.parametrize(
    "args", [("--members", "0"), ("--cooperatives", "-1"), ("--large-cooperative", "-5")]
)
def test_seed_scale_refuses_impossible_cooperative_sizes(args):
    from accounts.models import User

    with pytest.raises(CommandError, match="cooperatives"):
        call_command("seed_scale", "--learners", "5", *args, stdout=io.StringIO())
    assert not User.objects.filter(username__startswith="scale").exists()
