"""Projects recommended from the learner's profile region and sector, with the path to unlock
their models."""

import pytest
from django.urls import reverse
from django.utils import translation

from projectbank.models import Unlock
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.projectbank import BankProjectFactory, make_rule, make_template

pytestmark = pytest.mark.django_db


def url():
    with translation.override("fr"):
        return reverse("projectbank:for_me")


def test_projects_in_my_region_and_sector_come_first_with_the_course_to_take(client, refdata):
    tree = build_course(code="C2", translate=True)
    template = make_template("T1")
    make_rule(template, [tree.course])
    both = BankProjectFactory(title_fr="Couscous Settat", regions=["MA-06"], sector_id="AGF",
                              template=template)  # fmt: skip
    region_only = BankProjectFactory(title_fr="Recyclage Settat", regions=["MA-06"],
                                     sector_id="GRN")  # fmt: skip
    sector_only = BankProjectFactory(title_fr="Dattes Figuig", regions=["MA-02"], sector_id="AGF")
    BankProjectFactory(title_fr="Hors profil", regions=["MA-12"], sector_id="SRV")
    learner = UserFactory(region="MA-06", sector="AGF")
    client.force_login(learner)
    page = client.get(url())
    got = [r.project for r in page.context["recommendations"]]
    assert got == [both, region_only, sector_only]
    html = page.content.decode()
    assert "Hors profil" not in html and tree.fr_course.url in html
    Unlock.objects.create(user=learner, template=template)
    assert "unlocked for you" in client.get(url()).content.decode()


def test_query_count_does_not_grow(client, refdata, django_assert_num_queries):
    from wagtail.models import Locale

    from projectbank import selectors

    tree = build_course(code="C2")
    locale = Locale.objects.get(language_code="ar")
    learner = UserFactory(region="MA-01", sector="AGF")
    for code in ("T1", "T2"):
        make_rule(make_template(code), [tree.course])
    t1 = make_template("T1", version=2)
    BankProjectFactory.create_batch(2, regions=["MA-01"], template=t1)
    # projects, their regions, the learner's unlocks, the unlock rules, the courses
    with django_assert_num_queries(5):
        selectors.recommended_projects(user=learner, locale=locale)
    BankProjectFactory.create_batch(30, regions=["MA-01", "MA-02"], template=t1)
    with django_assert_num_queries(5):
        got = selectors.recommended_projects(user=learner, locale=locale)
    assert len(got) == 12 and got[0].courses == [tree.course]


def test_without_a_profile_region_or_sector_says_how_to_get_recommendations(client, refdata):
    client.force_login(UserFactory())
    page = client.get(url())
    assert "Add your region and sector of interest to your profile" in page.content.decode()
