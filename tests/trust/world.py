"""One academy with a person in each role, and objects each of them owns, for the permission
matrix (tests/trust/matrix.py)."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.test import TestCase

from tests.factories.accounts import UserFactory

ROLES = ("anonymous", "learner", "trainer", "manager", "staff")
PASSWORD = "a-Good-passw0rd"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)


def build_world() -> World:
    from academy.demo import ensure_groups_and_workflow
    from accounts.services import issue_token
    from certificates.models import Certificate
    from courses.models import LessonPage
    from projectbank.services import copy_template_to_plan, unlock_templates_for
    from quizzes.services import start_attempt
    from tests.factories.certificates import certified_learner
    from tests.factories.cooperatives import add_member, make_cooperative
    from tests.factories.projectbank import BankProjectFactory, make_rule, make_template
    from tests.factories.quizzes import add_quiz

    world = World()
    template = make_template("T1")
    with TestCase.captureOnCommitCallbacks(execute=True):
        tree, learner = certified_learner(name="Amina Learner", email="learner@example.ma")
    make_rule(template, [tree.course])
    unlock_templates_for(user=learner, course_key=tree.course.translation_key)
    module = tree.modules[0]
    quiz = add_quiz(module, slug="quiz-m1")
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempt = start_attempt(user=learner, quiz=quiz, course_key=tree.course.translation_key)
    attempt = getattr(attempt, "attempt", attempt)
    plan = copy_template_to_plan(user=learner, template=template)
    project = BankProjectFactory()
    certificate = Certificate.objects.get(user=learner)
    lesson = module.get_children().type(LessonPage).first().specific
    draft = LessonPage(title="Draft lesson", slug="draft-lesson", body=[])
    module.add_child(instance=draft)
    draft.save_revision()
    draft.unpublish()

    cooperative, manager, _ = make_cooperative(members=0)
    add_member(cooperative, user=learner)
    trainers, _reviewers, teams = ensure_groups_and_workflow([tree.course], tree.index)
    trainer = UserFactory(email="trainer@example.ma", full_name="Trainer")
    trainer.groups.add(trainers, teams[tree.course.code])
    staff = UserFactory(email="staff@example.ma", is_staff=True, is_superuser=True)
    _token, key = issue_token(user=learner, name="phone")

    world.users = {
        "anonymous": None,
        "learner": learner,
        "trainer": trainer,
        "manager": manager,
        "staff": staff,
    }
    world.ids = {
        "course": tree.course.pk,
        "course_url": tree.course.url,
        "course_key": tree.course.translation_key,
        "module": module.pk,
        "lesson": lesson.pk,
        "lesson_url": lesson.url,
        "draft_url": f"{module.url}draft-lesson/",
        "quiz": quiz.pk,
        "quiz_url": quiz.url,
        "attempt": attempt.pk,
        "plan": plan.pk,
        "template": template.code,
        "project": project.external_id,
        "certificate": certificate.code,
        "enrolment": learner.enrolments.get().pk,
        "cooperative": cooperative.pk,
        "token": _token.pk,
        "home_url": tree.home.url,
        "course_team": Group.objects.get(name=f"Course team {tree.course.code}").pk,
    }
    world.texts = {"api_key": key}
    return world
