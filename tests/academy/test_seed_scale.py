"""``seed_scale`` at a small size: the rows it promises, pointing at the demo's real pages, and
the generated learners can log in and open their learning."""

import io

import pytest
from django.core.management import CommandError, call_command

from academy.scale import PASSWORD

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
    call_command("seed_scale", "--learners", "40", "--projects", "25", stdout=out)
    assert "done in" in out.getvalue()
    learners = User.objects.filter(username__startswith="scale")
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
