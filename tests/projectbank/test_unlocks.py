"""Completing a course unlocks its models, once, for that learner only, for good."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from courses.services import enrol
from progress.models import CourseState
from progress.signals import course_completed
from projectbank import services
from projectbank.models import Unlock
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.projectbank import BankProjectFactory, make_rule, make_template

pytestmark = pytest.mark.django_db


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def setup():
    tree = build_course(modules=(1,), code="C2", translate=True)
    template = make_template("T1")
    make_rule(template, [tree.course])
    project = BankProjectFactory(external_id="PB10", template=template, sector_id="AGF")
    return tree, template, project


def complete(user, course):
    CourseState.objects.update_or_create(
        user=user, course_key=course.translation_key, defaults={"completed_at": timezone.now()}
    )
    course_completed.send(
        sender=CourseState,
        user=user,
        course_key=course.translation_key,
        course=course,
        completed_at=timezone.now(),
    )


def test_locked_model_shows_a_teaser_with_the_course_to_complete(client, setup):
    tree, template, project = setup
    client.force_login(UserFactory())
    page = client.get(url("projectbank:project", "PB10")).content.decode()
    assert "Complete this course to unlock the full model" in page
    assert tree.fr_course.url in page and tree.fr_course.title in page
    assert "Copy into my project plan" not in page
    assert "Revenue" not in page  # no table of the model
    ar = client.get(url("projectbank:project", "PB10", lang="ar")).content.decode()
    assert tree.course.url in ar  # the course in the active language


def test_locked_template_page_and_json_answer_404(client, setup):
    _tree, template, _project = setup
    for c in (client,):
        assert c.get(url("projectbank:template", "T1")).status_code == 404
        assert c.get(url("projectbank:template_json", "T1")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url("projectbank:template", "T1")).status_code == 404
    assert client.get(url("projectbank:template_json", "T1")).status_code == 404
    assert client.post(url("projectbank:copy_template", "T1")).status_code == 404


def test_completing_the_course_unlocks_once_for_that_learner_only(client, setup):
    tree, template, _project = setup
    learner, other = UserFactory(), UserFactory()
    enrol(user=learner, course=tree.course)
    complete(learner, tree.course)
    complete(learner, tree.course)  # the signal delivered twice
    assert Unlock.objects.filter(user=learner).count() == 1
    client.force_login(learner)
    page = client.get(url("projectbank:project", "PB10")).content.decode()
    assert "Copy into my project plan" in page and "Net present value (NPV)" in page
    assert client.get(url("projectbank:template", "T1")).status_code == 200
    assert client.get(url("projectbank:template_json", "T1")).json()["plan"]["years"] == 5
    client.force_login(other)
    assert client.get(url("projectbank:template", "T1")).status_code == 404
    assert "Complete this course" in client.get(url("projectbank:project", "PB10")).content.decode()


def test_editing_or_unpublishing_the_course_later_keeps_the_unlock(setup):
    tree, _template, _project = setup
    learner = UserFactory()
    complete(learner, tree.course)
    tree.course.title = "Renamed"
    tree.course.save_revision().publish()
    tree.lessons[0].unpublish()
    assert Unlock.objects.filter(user=learner).count() == 1


def test_all_mode_needs_every_course():
    first = build_course(slug="one", code="C1")
    second = build_course(slug="two", code="C2")
    template = make_template("T5", sector="AGR")
    make_rule(template, [first.course, second.course], mode="all")
    learner = UserFactory()
    complete(learner, first.course)
    assert not Unlock.objects.filter(user=learner).exists()
    complete(learner, second.course)
    assert Unlock.objects.filter(user=learner, template=template).count() == 1


def test_a_course_without_a_rule_unlocks_nothing(setup):
    other = build_course(slug="other", code="C3")
    learner = UserFactory()
    assert (
        services.unlock_templates_for(user=learner, course_key=other.course.translation_key) == []
    )


def test_the_database_refuses_a_second_unlock(setup):
    _tree, template, _project = setup
    learner = UserFactory()
    Unlock.objects.create(user=learner, template=template)
    with pytest.raises(IntegrityError):
        Unlock.objects.create(user=learner, template=template)


def test_a_new_published_version_stays_unlocked(client, setup):
    from projectbank.models import EconomicModelTemplate

    tree, template, _project = setup
    learner = UserFactory()
    complete(learner, tree.course)
    EconomicModelTemplate.objects.create(
        code="T1", version=2, title_ar="ك2", title_fr="Couscous v2", sector_id="AGF",
        status="published", plan=template.plan,
    )  # fmt: skip
    client.force_login(learner)
    response = client.get(url("projectbank:template", "T1"))
    assert response.status_code == 200 and "Couscous v2" in response.content.decode()
