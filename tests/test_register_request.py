import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from intake.factories import MembershipFactory
from intake.models import HelpRequest, HouseholdMembership, IntakeSettings, Resident
from tests.conftest import login

pytestmark = pytest.mark.django_db

NEW_RESIDENT = {
    "bsn": "999990019", "first_names": "Grietje", "surname_prefix": "", "surname": "Hoekstra",
    "date_of_birth": "1948-03-02", "phone": "0612345678", "email": "",
    "street": "Dorpsstraat", "house_number": "12", "postcode": "8441 ab", "city": "Meerhoven",
    "relation": "head",
}


def test_it_finds_an_existing_resident_by_bsn_and_logs_the_search(worker, resident):
    response = login(worker).get(reverse("intake:register"), {"search": "1", "bsn": resident.bsn})
    assert [c.pk for c in response.context["candidates"]] == [resident.pk]
    entry = AccessLogEntry.objects.get(action="search", username=worker.username)
    assert entry.detail["found"] == [resident.pk]


def test_it_finds_a_resident_by_surname_and_date_of_birth_whatever_the_case(worker, resident):
    response = login(worker).get(reverse("intake:register"), {
        "search": "1", "surname": resident.surname.upper(), "date_of_birth": resident.date_of_birth.isoformat()})
    assert [c.pk for c in response.context["candidates"]] == [resident.pk]


def test_it_finds_a_resident_by_address(worker, resident, household):
    response = login(worker).get(reverse("intake:register"), {
        "search": "1", "postcode": household.postcode_display.lower(), "house_number": household.house_number})
    assert resident.pk in [c.pk for c in response.context["candidates"]]


def test_it_finds_residents_of_other_zones_so_nobody_is_registered_twice(stranger, resident):
    response = login(stranger).get(reverse("intake:register"), {"search": "1", "bsn": resident.bsn})
    assert [c.pk for c in response.context["candidates"]] == [resident.pk]
    candidates_html = response.content.decode().split('id="candidates"')[1].split("</section>")[0]
    assert resident.bsn not in candidates_html
    assert f"•••••{resident.bsn[-4:]}" in candidates_html


def test_an_incomplete_search_asks_for_a_complete_criterion(worker):
    response = login(worker).get(reverse("intake:register"), {"search": "1", "surname": "Hoekstra"})
    assert response.context["candidates"] is None
    assert "achternaam en geboortedatum" in response.content.decode()


def test_it_registers_a_new_resident_in_the_household_at_that_address(worker, zone):
    response = login(worker).post(reverse("intake:register"), NEW_RESIDENT)
    resident = Resident.objects.get(bsn="999990019")
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:request_new", args=[resident.pk])
    membership = HouseholdMembership.objects.get(resident=resident, end_date=None)
    assert membership.household.postcode == "8441AB"
    assert membership.household.zone == zone
    assert AccessLogEntry.objects.filter(action="create", resident_id=resident.pk).exists()


def test_a_second_resident_at_the_same_address_joins_that_household(worker, zone):
    client = login(worker)
    client.post(reverse("intake:register"), NEW_RESIDENT)
    partner = {**NEW_RESIDENT, "bsn": "999990032", "first_names": "Durk", "date_of_birth": "1946-01-01",
               "relation": "partner"}
    client.post(reverse("intake:register"), partner)
    households = {m.household_id for m in HouseholdMembership.objects.all()}
    assert len(households) == 1


def test_it_refuses_a_second_resident_with_the_same_bsn_and_keeps_the_input(worker, resident):
    data = {**NEW_RESIDENT, "bsn": resident.bsn, "surname": "Anders"}
    response = login(worker).post(reverse("intake:register"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Er is al een inwoner met dit BSN" in form.errors["bsn"][0]
    assert form["surname"].value() == "Anders"
    assert form["street"].value() == "Dorpsstraat"
    assert Resident.objects.count() == 1


def test_an_invalid_bsn_gets_a_dutch_error_next_to_the_field(worker):
    response = login(worker).post(reverse("intake:register"), {**NEW_RESIDENT, "bsn": "999990018"})
    html = response.content.decode()
    assert "elfproef" in response.context["form"].errors["bsn"][0]
    assert 'id="id_bsn_error"' in html
    assert 'aria-describedby="id_bsn_helptext id_bsn_error"' in html
    assert 'value="Grietje"' in html


def test_an_invalid_postcode_gets_a_dutch_error(worker):
    response = login(worker).post(reverse("intake:register"), {**NEW_RESIDENT, "postcode": "8441 SS"})
    assert "Vul een Nederlandse postcode in" in response.context["form"].errors["postcode"][0]


def test_same_surname_and_birth_date_is_flagged_as_a_possible_duplicate(worker, resident):
    data = {**NEW_RESIDENT, "bsn": "", "surname": resident.surname, "first_names": "Iemand",
            "date_of_birth": resident.date_of_birth.isoformat()}
    client = login(worker)
    response = client.post(reverse("intake:register"), data)
    assert response.context["form"].duplicate == resident
    assert Resident.objects.count() == 1
    response = client.post(reverse("intake:register"), {**data, "not_a_duplicate": "on"})
    assert response.status_code == 302
    assert Resident.objects.count() == 2


def test_a_request_takes_the_zone_of_the_household_and_promises_a_visit_in_seven_days(worker, resident, zone):
    today = timezone.localdate()
    response = login(worker).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": today.isoformat(), "urgency": "normal",
        "question": "Moeite met het huishouden sinds de heupoperatie.",
    })
    request = HelpRequest.objects.get()
    assert response["Location"] == reverse("intake:request_detail", args=[request.pk])
    assert request.zone == zone
    assert request.status == "new"
    assert request.visit_due_on == today + datetime.timedelta(days=7)


def test_the_home_visit_promise_is_configurable(worker, resident):
    settings = IntakeSettings.current()
    settings.home_visit_promise_days = 5
    settings.save()
    first = datetime.date(2026, 11, 20)
    login(worker).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "walk_in", "first_contact_on": first.isoformat(), "urgency": "normal", "question": "Vraag",
    })
    assert HelpRequest.objects.get().visit_due_on == datetime.date(2026, 11, 25)


def test_a_first_contact_in_the_future_is_refused(worker, resident):
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = login(worker).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": future.isoformat(), "urgency": "normal", "question": "Vraag",
    })
    assert "toekomst" in response.context["form"].errors["first_contact_on"][0]
    assert HelpRequest.objects.count() == 0


def test_a_resident_who_moves_keeps_the_history_of_the_old_household(worker, resident, household, help_request):
    on = timezone.localdate()
    response = login(worker).post(reverse("intake:resident_move", args=[resident.pk]), {
        "street": "Kerkstraat", "house_number": "3", "postcode": "8441 CD", "city": "Meerhoven",
        "relation": "head", "on": on.isoformat(),
    })
    assert response.status_code == 302
    memberships = list(HouseholdMembership.objects.filter(resident=resident).order_by("start_date"))
    assert len(memberships) == 2
    assert memberships[0].household == household and memberships[0].end_date == on - datetime.timedelta(days=1)
    assert memberships[1].end_date is None and memberships[1].household != household
    # The old request still belongs to the old household and shows on the resident's timeline.
    page = login(worker).get(reverse("intake:resident", args=[resident.pk]))
    assert reverse("intake:request_detail", args=[help_request.pk]) in page.content.decode()


def test_a_move_in_the_future_or_before_the_current_address_is_refused_next_to_the_field(worker, resident,
                                                                                          household):
    url = reverse("intake:resident_move", args=[resident.pk])
    address = {"street": "Kerkstraat", "house_number": "3", "postcode": "8441 CD", "city": "Meerhoven",
               "relation": "head"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(worker).post(url, {**address, "on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "de datum ligt in de toekomst" in response.context["move_form"].errors["on"][0]
    since = resident.memberships.get().start_date
    response = login(worker).post(url, {**address, "on": since.isoformat()})
    assert response.status_code == 200
    assert "De inwoner woont sinds" in response.context["move_form"].errors["on"][0]
    assert 'value="Kerkstraat"' in response.content.decode()  # what was typed is kept
    assert list(HouseholdMembership.objects.filter(resident=resident).values_list("household", "end_date")) == [
        (household.pk, None)]


def test_a_resident_with_another_household_member_is_found_by_address(worker, household):
    other = MembershipFactory(household=household, relation="partner").resident
    response = login(worker).get(reverse("intake:register"), {
        "search": "1", "postcode": household.postcode, "house_number": household.house_number})
    assert other.pk in [c.pk for c in response.context["candidates"]]


def test_the_intaker_keeps_sight_of_a_request_registered_for_a_resident_of_another_zone(stranger, resident):
    today = timezone.localdate()
    response = login(stranger).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": today.isoformat(), "urgency": "normal", "question": "Vraag"})
    request = HelpRequest.objects.get()
    assert request.zone != stranger.zones.get()
    assert login(stranger).get(response["Location"]).status_code == 200


def test_the_move_service_refuses_a_move_still_to_come(worker, resident):
    from intake import services

    with pytest.raises(services.InvalidTransition):
        services.resident_move(user=worker, request=None, resident=resident, relation="head",
                               address=services.Address("Kerkstraat", "3", "8441CD", "Meerhoven"),
                               on=timezone.localdate() + datetime.timedelta(days=1))
    assert HouseholdMembership.objects.filter(resident=resident).count() == 1


def test_the_intaker_of_another_zone_sees_the_resident_but_records_no_move(stranger, worker, resident, household):
    login(stranger).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": timezone.localdate().isoformat(), "urgency": "normal",
        "question": "Vraag"})
    page = login(stranger).get(reverse("intake:resident", args=[resident.pk]))
    move_url = reverse("intake:resident_move", args=[resident.pk])
    assert page.status_code == 200 and move_url not in page.content.decode()
    response = login(stranger).post(move_url, {
        "street": "Kerkstraat", "house_number": "3", "postcode": "8441 CD", "city": "Meerhoven",
        "relation": "head", "on": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert HouseholdMembership.objects.filter(resident=resident).count() == 1
    # The zone's own worker may.
    assert move_url in login(worker).get(reverse("intake:resident", args=[resident.pk])).content.decode()
