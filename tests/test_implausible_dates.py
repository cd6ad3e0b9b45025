"""Dates that start legal clocks were accepted however far they lay from the request: a first
contact in year 1 or 1900 (a typo) started the Wmo investigation term and the home-visit promise
more than a century ago, and a kitchen-table conversation could be dated before the request it
answers (the debt-help term then ran from before the question). Each is refused next to its field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Conversation, HelpRequest
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01"])
def test_an_impossible_first_contact_date_is_refused_next_to_the_field(worker, resident, day):
    response = login(worker).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": day, "urgency": "normal", "question": "Hulp bij het huishouden."})
    assert response.status_code == 200
    assert response.context["form"].errors["first_contact_on"] == [
        "Het eerste contact ligt meer dan een jaar terug: controleer het jaar."]
    assert "Hulp bij het huishouden." in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_a_conversation_cannot_be_dated_before_the_request_it_answers(worker, help_request):
    login(worker).post(reverse("intake:conversation_start", args=[help_request.pk]))
    conversation = Conversation.objects.get(help_request=help_request)
    before = help_request.first_contact_on - datetime.timedelta(days=40)
    data = {"version": conversation.version, "held_on": before.isoformat(),
            "present_residents": [help_request.resident_id], "outcome": "settled"}
    response = login(worker).post(reverse("intake:conversation", args=[conversation.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == [
        f"Het gesprek kan niet eerder zijn gevoerd dan het eerste contact ({help_request.first_contact_on:%d-%m-%Y})."]
    conversation.refresh_from_db()
    assert conversation.held_on == timezone.localdate()

