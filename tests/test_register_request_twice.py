"""Registering a request for help posted twice (a double click, a reload of the POST) wrote another
request, another Wmo melding and another investigation term each time. Like objections and
referrals, the second now returns the first."""

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import HelpRequest
from mandates.models import LegalClock
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_same_request_posted_twice_is_registered_once(worker, resident):
    data = {"channel": "phone", "first_contact_on": timezone.localdate().isoformat(), "urgency": "normal",
            "question": "Mevrouw kan niet meer zelf douchen.", "wmo_melding": "on"}
    client = login(worker)
    url = reverse("intake:request_new", args=[resident.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert HelpRequest.objects.filter(resident=resident).count() == 1
    assert LegalClock.objects.filter(help_request__resident=resident).count() == 1


def test_a_different_question_the_same_day_is_a_request_of_its_own(worker, resident):
    client = login(worker)
    url = reverse("intake:request_new", args=[resident.pk])
    for question in ("Mevrouw kan niet meer zelf douchen.", "Er zijn betalingsachterstanden."):
        client.post(url, {"channel": "phone", "first_contact_on": timezone.localdate().isoformat(),
                          "urgency": "normal", "question": question})
    assert HelpRequest.objects.filter(resident=resident).count() == 2
