"""The public web form accepted a date of birth in the future (or in year 1): the resident got no
Dutch message next to the field, and intake later matched the request against a birth date that
cannot be right."""

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from intake.forms import PublicRequestForm
from intake.models import HelpRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("born", ["2090-05-01", "0001-01-01"])
def test_an_impossible_date_of_birth_gets_a_dutch_error_next_to_the_field_and_keeps_the_question(zone, born):
    response = Client().post(reverse("public:request"), {
        "name": "Jan de Vries", "date_of_birth": born, "postcode": "8441 AB", "house_number": "12",
        "phone": "0612345678", "email": "", "question": "Ik kan de huur niet meer betalen.", "website": "",
        "started": signing.dumps(time.time() - 60, salt=PublicRequestForm.SALT)})
    assert response.status_code == 200
    assert response.context["form"].errors.get("date_of_birth")
    assert "Ik kan de huur niet meer betalen." in response.content.decode()
    assert HelpRequest.objects.count() == 0
