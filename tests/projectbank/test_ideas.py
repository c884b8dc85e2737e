"""Learners and cooperatives propose ideas; staff review them and publish them into the bank."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from projectbank.models import BankProject, ProjectIdea
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(name, args=args)


IDEA = {
    "proposer_kind": "cooperative",
    "cooperative_name": "Coopérative Tifawin",
    "title": "Séchage solaire de figues, Taounate",
    "summary": "Un séchoir solaire collectif pour les figues des membres.",
    "region": "MA-03",
    "sector": "AGF",
    "target_group": "W",
    "investment": "150000",
    "jobs": "5",
}


def test_a_cooperative_proposes_an_idea_and_sees_it_waiting(client, refdata):
    learner = UserFactory()
    client.force_login(learner)
    assert client.get(url("projectbank:propose_idea")).status_code == 200
    response = client.post(url("projectbank:propose_idea"), IDEA)
    assert response.status_code == 302
    page = client.get(url("projectbank:my_ideas")).content.decode()
    assert "Séchage solaire de figues" in page and "Waiting for review" in page
    idea = ProjectIdea.objects.get()
    assert idea.proposer == learner and idea.investment == Decimal("150000")
    assert idea.language == "fr"
    client.force_login(UserFactory())
    assert "Séchage" not in client.get(url("projectbank:my_ideas")).content.decode()


def test_bad_ideas_are_form_errors(client, refdata):
    client.force_login(UserFactory())
    bad = {**IDEA, "cooperative_name": "", "region": "MA-99", "investment": "-3"}
    response = client.post(url("projectbank:propose_idea"), bad)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"cooperative_name", "region", "investment"}
    assert not ProjectIdea.objects.exists()
    client.logout()
    assert client.get(url("projectbank:propose_idea")).status_code == 302  # log in first


def test_staff_publish_an_idea_into_the_bank_once(client, refdata):
    proposer = UserFactory()
    client.force_login(proposer)
    client.post(url("projectbank:propose_idea"), IDEA)
    idea = ProjectIdea.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    queue = client.get(reverse("projectbank_idea_queue")).content.decode()
    assert "Séchage solaire de figues" in queue
    review = reverse("projectbank_idea_review", args=[idea.pk])
    client.post(review, {"action": "publish", "note": "Bravo"})
    client.post(review, {"action": "publish"})  # a double click publishes nothing more
    assert BankProject.objects.count() == 1
    project = BankProject.objects.get()
    assert project.regions.get().code == "MA-03" and not project.illustrative
    catalogue = client.get(url("projectbank:catalogue"), {"q": "figues"})
    assert [p.pk for p in catalogue.context["catalogue"].page.object_list] == [project.pk]
    client.force_login(proposer)
    page = client.get(url("projectbank:my_ideas")).content.decode()
    assert "Published in the bank" in page and "Bravo" in page
    assert url("projectbank:project", project.external_id) in page


def test_staff_reject_with_a_note_and_learners_cannot_review(client, refdata):
    proposer = UserFactory()
    client.force_login(proposer)
    client.post(url("projectbank:propose_idea"), IDEA)
    idea = ProjectIdea.objects.get()
    review = reverse("projectbank_idea_review", args=[idea.pk])
    assert client.post(review, {"action": "publish"}).status_code in (302, 403)
    idea.refresh_from_db()
    assert idea.status == "submitted"  # a learner's post changed nothing
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.post(review, {"action": "reject", "note": "Projet déjà financé."})
    idea.refresh_from_db()
    assert idea.status == "rejected" and not BankProject.objects.exists()
