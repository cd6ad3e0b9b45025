"""Search as you type in the partner directory: Dutch word forms, typos, filters, and a fixed
number of queries however many people the directory holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from partners.factories import OrganisationFactory, PersonFactory
from partners.models import Person
from partners.selectors import directory_search
from partners.services import search_text_for
from tests.conftest import login

pytestmark = pytest.mark.django_db


def names(people):
    return {p.name for p in people}


def test_schulden_finds_the_schuldhulp_counsellor(counsellor):
    PersonFactory(name="Sietske Bouma", job_title="Jeugdverpleegkundige", expertise=["opvoeding"])
    assert names(directory_search(text="schulden")) == {"Ronald Mulder"}


@pytest.mark.parametrize("query", ["schuld", "Schulden", "budget", "schuldhlp", "Mulder", "ronald muldr",
                                   "schuldhulpmaatje", "centrum"])
def test_word_forms_prefixes_typos_organisation_and_zone_all_find_the_counsellor(counsellor, query):
    assert "Ronald Mulder" in names(directory_search(text=query))


def test_dutch_stemming_matches_plural_and_singular(debt_org):
    PersonFactory(organisation=debt_org, name="Hylke Dijkstra", expertise=["woningen", "huurachterstanden"])
    assert "Hylke Dijkstra" in names(directory_search(text="woning"))
    assert "Hylke Dijkstra" in names(directory_search(text="huurachterstand"))


def test_an_unrelated_word_finds_nobody(counsellor):
    assert directory_search(text="tandarts") == []


def test_operators_in_the_query_are_harmless(counsellor):
    assert "Ronald Mulder" in names(directory_search(text="schuld & | ! :* ' ("))


def test_zone_and_organisation_filters_narrow_the_results(counsellor, other_zone, welfare_org):
    PersonFactory(organisation=welfare_org, name="Lies Hoekstra", expertise=["schuldhulp"], zones=[other_zone])
    assert names(directory_search(text="schuld", zone_id=other_zone.pk)) == {"Lies Hoekstra"}
    assert names(directory_search(text="schuld", organisation_id=welfare_org.pk)) == {"Lies Hoekstra"}


def test_inactive_people_are_not_found(counsellor):
    Person.objects.filter(pk=counsellor.pk).update(active=False)
    assert directory_search(text="schuld") == []


def test_the_search_page_answers_htmx_with_the_results_fragment_only(worker, counsellor):
    response = login(worker).get(reverse("partners:directory"), {"q": "schulden"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ronald Mulder" in html and 'id="results"' in html and "<html" not in html


def test_the_search_page_works_as_a_plain_get_and_shows_click_to_call(worker, counsellor):
    html = login(worker).get(reverse("partners:directory"), {"q": "schulden"}).content.decode()
    assert "<html" in html and 'href="tel:+31612345678"' in html
    assert 'hx-trigger="input changed delay:300ms' in html


@pytest.mark.parametrize("value", ["\u00b2", "9" * 30])
@pytest.mark.parametrize("param", ["conversation", "plan"])
def test_the_directory_ignores_a_referral_context_that_is_no_ascii_number(worker, counsellor, param, value):
    """"²" is a digit to str.isdigit() but not to int(), and 30 digits no database id: each was a
    server error."""
    response = login(worker).get(reverse("partners:directory"), {"q": "schulden", param: value})
    assert response.status_code == 200
    assert "Ronald Mulder" in response.content.decode()
    assert response.context["conversation_id"] is None and response.context["plan_id"] is None


def test_the_search_is_logged_with_the_people_it_showed(worker, counsellor):
    login(worker).get(reverse("partners:directory"), {"q": "schulden"})
    entry = AccessLogEntry.objects.filter(username="anna", action="search").latest("id")
    assert entry.detail["shown"] == [counsellor.pk] and entry.object_type == "partners.person"


def test_stale_entries_are_flagged_in_the_results(worker, debt_org):
    PersonFactory(organisation=debt_org, name="Oude Vermelding", expertise=["schuldhulp"], stale=True)
    html = login(worker).get(reverse("partners:directory"), {"q": "schuldhulp"}).content.decode()
    assert "Mogelijk verouderd" in html


def test_a_search_over_5000_people_stays_within_a_fixed_number_of_queries(worker, zone, django_assert_max_num_queries):
    organisation = OrganisationFactory(name="Zorggroep De Feart")
    today = timezone.localdate()
    topics = ["schuldhulp", "mantelzorg", "opvoeding", "werk", "wonen", "eenzaamheid", "dementie", "budget"]
    people = []
    for i in range(5000):
        person = Person(organisation=organisation, name=f"Medewerker {i:04d}", job_title="Consulent",
                        expertise=[topics[i % len(topics)], topics[(i * 3) % len(topics)]], confirmed_on=today)
        person.search_text = search_text_for(person, organisation=organisation, zones=[zone])
        people.append(person)
    Person.objects.bulk_create(people, batch_size=1000)
    Person.zones.through.objects.bulk_create(
        Person.zones.through(person_id=p.pk, zone_id=zone.pk) for p in people)
    client = login(worker)
    with CaptureQueriesContext(connection) as warm:
        client.get(reverse("partners:directory"), {"q": "x"})
    with django_assert_max_num_queries(len(warm.captured_queries)):
        response = client.get(reverse("partners:directory"), {"q": "schulden"})
    assert len(response.context["people"]) == 50
    assert all("schuldhulp" in p.expertise for p in response.context["people"])
