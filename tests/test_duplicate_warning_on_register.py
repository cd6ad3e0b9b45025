"""Registering a new resident whose surname and birth date match someone already registered
(anywhere in the municipality): ResidentForm.clean finds that resident and the page names them
(first names, surname, birth date). That read was not in the access log, and when the worker was
registering the resident for a web-form request, 'Use this resident' started a second, new request
for them instead of linking the web request."""

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from intake.factories import HelpRequestFactory
from intake.models import HelpRequest
from tests.conftest import login

pytestmark = pytest.mark.django_db


def same_person_as(resident, **extra) -> dict:
    return {"first_names": "Anders", "surname": resident.surname, "date_of_birth": resident.date_of_birth.isoformat(),
            "street": "Kerkstraat", "house_number": "3", "postcode": "8441 CD", "city": "Meerhoven",
            "relation": "head", **extra}


def test_the_resident_named_by_the_duplicate_check_is_in_the_access_log(stranger, resident):
    response = login(stranger).post(reverse("intake:register"), same_person_as(resident))
    assert response.status_code == 200
    assert response.context["form"].duplicate == resident
    assert resident.first_names in response.content.decode()
    assert AccessLogEntry.objects.filter(username=stranger.username, resident_id=resident.pk,
                                         purpose="intake: duplicate check before registering").exists()


def test_the_duplicate_found_while_linking_a_web_request_is_offered_for_linking(worker, resident, zone):
    web = HelpRequestFactory(web=True, zone=zone)
    response = login(worker).post(reverse("intake:register") + f"?link={web.pk}",
                                  same_person_as(resident, link=web.pk))
    page = response.content.decode()
    assert response.context["form"].duplicate == resident
    # 'Use this resident' must link the web request, not open a second request for the resident.
    assert reverse("intake:request_new", args=[resident.pk]) not in page
    assert reverse("intake:request_link", args=[web.pk]) in page
    assert HelpRequest.objects.get(pk=web.pk).resident is None


def test_the_offered_link_links_the_web_request_to_the_duplicate(worker, resident, zone):
    web = HelpRequestFactory(web=True, zone=zone)
    # The button posts the registration form's fields to the link view, with the resident it names.
    data = same_person_as(resident, link=web.pk) | {"resident": resident.pk}
    response = login(worker).post(reverse("intake:request_link", args=[web.pk]), data)
    assert response["Location"] == reverse("intake:request_detail", args=[web.pk])
    assert HelpRequest.objects.get(pk=web.pk).resident == resident
