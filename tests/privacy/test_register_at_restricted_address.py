"""A new resident registered at the address of a household where a restricted resident (AVG art.
18) lives was joined to that household, which every visibility queryset hides: the worker was told
'Request for help registered.' and then got a 404, and the request (with its Wmo investigation
term) was in nobody's queue. The newcomer now gets a household of their own at the address."""

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import HelpRequest, Resident
from privacy.services import restriction_impose
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_request_of_a_new_resident_at_a_restricted_residents_address_stays_workable(worker, team_leader, resident,
                                                                                       household):
    restriction_impose(user=team_leader, request=None, resident=resident, reason="Gegevens betwist.")
    client = login(worker)
    registered = client.post(reverse("intake:register"), {
        "bsn": "", "first_names": "Pieter", "surname_prefix": "", "surname": "Nieuwenhuis",
        "date_of_birth": "1990-02-03", "phone": "0612345678", "email": "", "street": household.street,
        "house_number": household.house_number, "postcode": household.postcode, "city": household.city,
        "relation": "head"})
    assert registered.status_code == 302
    newcomer = Resident.objects.get(surname="Nieuwenhuis")
    sent = client.post(reverse("intake:request_new", args=[newcomer.pk]), {
        "channel": "phone", "first_contact_on": timezone.localdate().isoformat(), "urgency": "normal",
        "question": "Ik zoek hulp bij het huishouden."})
    assert sent.status_code == 302
    request = HelpRequest.objects.get(resident=newcomer)
    assert client.get(sent["Location"]).status_code == 200, "the request just registered answers 404"
    assert request.pk in [r.pk for r in client.get(reverse("intake:queue")).context["requests"]]
    assert newcomer.memberships.get().household != household
