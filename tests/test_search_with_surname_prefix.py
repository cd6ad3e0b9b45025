"""The duplicate check before registering searched the surname field alone: a worker who typed
the whole Dutch surname as the resident says it ('van der Berg') did not find the resident
registered with prefix 'van der' and surname 'Berg', and went on to register them twice (the
search form has no prefix field to type it in separately)."""

import pytest
from django.urls import reverse

from intake.factories import MembershipFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_search_by_the_whole_surname_with_its_prefix_finds_the_resident(worker, zone):
    resident = MembershipFactory(household__zone=zone, resident__surname_prefix="van der",
                                 resident__surname="Berg").resident
    response = login(worker).get(reverse("intake:register"), {
        "search": "1", "surname": "van der Berg", "date_of_birth": resident.date_of_birth.isoformat()})
    assert response.status_code == 200
    assert resident.pk in [c.pk for c in response.context["candidates"]]


def test_registering_the_whole_surname_in_the_surname_field_is_flagged_as_a_possible_duplicate(worker, zone):
    resident = MembershipFactory(household__zone=zone, resident__surname_prefix="van der",
                                 resident__surname="Berg").resident
    response = login(worker).post(reverse("intake:register"), {
        "first_names": resident.first_names, "surname": "van der Berg",
        "date_of_birth": resident.date_of_birth.isoformat(), "street": "Kerkstraat", "house_number": "3",
        "postcode": "8441 CD", "city": "Meerhoven", "relation": "head"})
    assert response.status_code == 200, "a second record of the same person was registered"
    assert response.context["form"].duplicate == resident


def test_the_bare_surname_still_finds_them_and_another_surname_does_not(worker, zone):
    resident = MembershipFactory(household__zone=zone, resident__surname_prefix="van der",
                                 resident__surname="Berg").resident
    client = login(worker)
    for typed, found in (("Berg", True), ("  VAN  der   berg ", True), ("van den Bergh", False)):
        response = client.get(reverse("intake:register"), {
            "search": "1", "surname": typed, "date_of_birth": resident.date_of_birth.isoformat()})
        assert (resident.pk in [c.pk for c in response.context["candidates"]]) is found, typed
