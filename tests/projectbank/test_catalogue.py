"""The public catalogue: filters, search in Arabic and French, region tiles, project pages,
fixed query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from projectbank.models import FinancingProgramme
from projectbank.selectors import CatalogueFilters, catalogue, programmes_for
from tests.factories.projectbank import BankProjectFactory

pytestmark = pytest.mark.django_db


def url(name="projectbank:catalogue", *args, lang="fr"):
    with translation.override(lang):
        return reverse(name, args=args)


def test_filters_by_region_sector_and_target(client, refdata):
    BankProjectFactory(title_fr="Fromagerie", regions=["MA-01"], sector_id="AGF", target_group="W")
    BankProjectFactory(title_fr="Recyclage", regions=["MA-01"], sector_id="GRN", target_group="U")
    BankProjectFactory(title_fr="Dattes", regions=["MA-02"], sector_id="AGF", target_group="E")
    page = client.get(url(), {"region": "MA-01", "sector": "AGF"})
    titles = [p.title_fr for p in page.context["catalogue"].page.object_list]
    assert titles == ["Fromagerie"]
    page = client.get(url(), {"target": "E"})
    assert [p.title_fr for p in page.context["catalogue"].page.object_list] == ["Dattes"]


def test_search_finds_arabic_and_french_words(client, refdata):
    BankProjectFactory(title_fr="Huile d'argan, Essaouira", title_ar="زيت الأركان، الصويرة")
    BankProjectFactory(title_fr="Écotourisme, Dakhla", title_ar="السياحة البيئية، الداخلة")
    fr = client.get(url(), {"q": "ARGAN"})
    assert [p.title_fr for p in fr.context["catalogue"].page.object_list] == [
        "Huile d'argan, Essaouira"
    ]
    ar = client.get(url(lang="ar"), {"q": "الداخلة"})
    assert [p.title_fr for p in ar.context["catalogue"].page.object_list] == ["Écotourisme, Dakhla"]
    assert "Écotourisme" not in fr.content.decode()


def test_region_tiles_count_projects_and_link_to_the_filter(client, refdata):
    BankProjectFactory(regions=["MA-07"], sector_id="ARG")
    BankProjectFactory(regions=["MA-07"], sector_id="AGF")
    page = client.get(url(), {"sector": "ARG"})
    tiles = {t.region.code: t.count for t in page.context["catalogue"].tiles}
    assert len(tiles) == 12 and tiles["MA-07"] == 1 and tiles["MA-01"] == 0
    html = page.content.decode()
    assert "?region=MA-07&amp;sector=ARG" in html
    assert "Marrakech-Safi" in html


def test_bad_filters_are_ignored_not_errors(client, refdata):
    BankProjectFactory()
    page = client.get(url(), {"region": "MA-99", "sector": "<x>", "target": "Z", "page": "abc"})
    assert page.status_code == 200
    assert page.context["catalogue"].total == 1


def test_drafts_are_not_listed_and_answer_404(client, refdata):
    draft = BankProjectFactory(status="draft")
    assert client.get(url()).context["catalogue"].total == 0
    assert client.get(url("projectbank:project", draft.external_id)).status_code == 404


# Tiles, regions, count, page, the page's regions, sectors (the site chrome is cached).
CATALOGUE_QUERIES = 6


def test_catalogue_query_count_is_fixed(client, refdata, django_assert_num_queries):
    BankProjectFactory.create_batch(3)
    client.get(url())  # warm the site-chrome cache
    with django_assert_num_queries(CATALOGUE_QUERIES):
        client.get(url(), {"region": "MA-01", "sector": "AGF"})
    BankProjectFactory.create_batch(30, regions=["MA-01", "MA-02"])
    with django_assert_num_queries(CATALOGUE_QUERIES):
        page = client.get(url(), {"region": "MA-01", "sector": "AGF", "q": "coop"})
    assert page.context["catalogue"].total == 33
    assert len(page.context["catalogue"].page.object_list) == 24


def test_project_page_query_count_is_fixed(client, refdata, django_assert_num_queries):
    from projectbank.models import Partner

    small = BankProjectFactory(regions=["MA-01"])
    big = BankProjectFactory(regions=["MA-01", "MA-02", "MA-03"])
    for n in range(5):
        partner = Partner.objects.create(slug=f"p{n}", name_ar="ش", name_fr=f"P{n}", kind="chamber")
        big.partners.add(partner)
        FinancingProgramme.objects.create(slug=f"f{n}", name_ar="ب", name_fr=f"F{n}")
    counts = []
    client.get(url())  # warm the site-chrome cache
    for project in (small, big):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("projectbank:project", project.external_id)).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(url("projectbank:project", big.external_id))


def test_programmes_match_sector_target_and_amount(refdata):
    any_sector = FinancingProgramme.objects.create(slug="a", name_ar="أ", name_fr="Tous")
    agri = FinancingProgramme.objects.create(slug="b", name_ar="ب", name_fr="Agri")
    agri.sectors.set(["AGR"])
    small = FinancingProgramme.objects.create(
        slug="c", name_ar="ج", name_fr="Petit", max_amount=Decimal("150000")
    )
    young = FinancingProgramme.objects.create(
        slug="d", name_ar="د", name_fr="Jeunes", for_women=False, for_existing=False
    )
    project = BankProjectFactory(sector_id="AGF", target_group="W", investment=Decimal("330000"))
    assert programmes_for(project) == [any_sector]
    project.programmes.add(young)  # linked by staff: shown whatever the criteria
    names = [p.name_fr for p in programmes_for(project)]
    assert names == ["Jeunes", "Tous"]
    cheap = BankProjectFactory(sector_id="AGR", target_group="U", investment=Decimal("99000"))
    assert {p.name_fr for p in programmes_for(cheap)} == {"Tous", "Agri", "Petit", "Jeunes"}
    assert small and agri


def test_catalogue_selector_counts_distinct_projects_in_several_regions(refdata):
    BankProjectFactory(regions=["MA-01", "MA-02"])
    data = catalogue(filters=CatalogueFilters())
    assert data.total == 1
    counts = {t.region.code: t.count for t in data.tiles}
    assert counts["MA-01"] == counts["MA-02"] == 1
