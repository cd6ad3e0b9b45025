import time

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse

from intake.forms import PublicRequestForm
from intake.models import HelpRequest
from tests.conftest import login

pytestmark = pytest.mark.django_db


def started_token(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=PublicRequestForm.SALT)


def submission(**overrides):
    data = {"name": "Jan de Vries", "date_of_birth": "1960-05-01", "postcode": "8441 ab", "house_number": "12",
            "phone": "0612345678", "email": "", "question": "Ik kan de huur niet meer betalen.",
            "website": "", "started": started_token()}
    data.update(overrides)
    return data


def test_a_resident_can_submit_without_logging_in_and_it_lands_in_the_zone_queue(zone, worker):
    response = Client().post(reverse("public:request"), submission())
    assert response.status_code == 302 and response["Location"] == reverse("public:thanks")
    request = HelpRequest.objects.get()
    assert (request.zone, request.channel, request.status, request.resident) == (zone, "web_form", "new", None)
    assert request.submitted_contact["name"] == "Jan de Vries"
    queue = login(worker).get(reverse("intake:queue")).context["requests"]
    assert [r.pk for r in queue] == [request.pk]


def test_the_form_page_is_public_and_in_dutch(db):
    response = Client().get(reverse("public:request"))
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()


def test_missing_contact_details_give_a_dutch_error_and_keep_the_question(zone):
    response = Client().post(reverse("public:request"), submission(phone="", email=""))
    assert response.status_code == 200
    assert "telefoonnummer of e-mailadres" in response.context["form"].errors["phone"][0]
    assert "Ik kan de huur niet meer betalen." in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_a_filled_in_honeypot_is_refused(zone):
    Client().post(reverse("public:request"), submission(website="http://spam.example"))
    assert HelpRequest.objects.count() == 0


def test_a_form_posted_faster_than_a_person_can_type_is_refused(zone):
    Client().post(reverse("public:request"), submission(started=started_token(seconds_ago=0.5)))
    assert HelpRequest.objects.count() == 0


def test_a_forged_timestamp_is_refused_and_a_fresh_one_is_issued(zone):
    response = Client().post(reverse("public:request"), submission(started="forged"))
    assert HelpRequest.objects.count() == 0
    assert response.context["form"].data["started"] != "forged"


@override_settings(PUBLIC_FORM_RATE_LIMIT=2)
def test_submissions_are_rate_limited_per_client_address(zone):
    client = Client()
    statuses = [client.post(reverse("public:request"), submission(), REMOTE_ADDR="192.0.2.7").status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert HelpRequest.objects.count() == 2
    other = Client().post(reverse("public:request"), submission(), REMOTE_ADDR="192.0.2.8")
    assert other.status_code == 302


def test_an_unknown_postcode_still_reaches_intake_without_a_zone(zone, team_leader):
    Client().post(reverse("public:request"), submission(postcode="9999 ZZ"))
    assert HelpRequest.objects.get().zone is None


def test_one_signed_form_stores_one_request_a_double_click_or_a_replay_nothing_more(zone):
    token = started_token()
    first = Client(REMOTE_ADDR="192.0.2.10").post(reverse("public:request"), submission(started=token))
    assert first.status_code == 302
    for i in range(3):
        again = Client(REMOTE_ADDR=f"192.0.2.{11 + i}").post(reverse("public:request"), submission(started=token))
        assert again.status_code == 200
        assert "Dit formulier is al verstuurd" in again.content.decode()
        assert "Ik kan de huur niet meer betalen." in again.content.decode()  # what was typed stays
        assert again.context["form"].data["started"] != token  # a fresh form, to send another question
    assert HelpRequest.objects.count() == 1


@override_settings(PUBLIC_FORM_RATE_LIMIT=2)
def test_the_rate_limit_counts_an_ipv6_64_as_one_client(zone):
    statuses = [Client(REMOTE_ADDR=f"2001:db8:1:2::{i:x}").post(reverse("public:request"), submission()).status_code
                for i in range(1, 6)]
    assert statuses == [302, 302, 429, 429, 429]
    assert HelpRequest.objects.count() == 2
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").post(reverse("public:request"), submission()).status_code == 302


@override_settings(PUBLIC_FORM_RATE_LIMIT=3)
def test_a_resident_who_corrects_mistakes_is_not_locked_out_and_a_limit_keeps_what_was_typed(zone):
    client = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(3):
        assert client.post(reverse("public:request"), submission(postcode="84")).status_code == 200
    assert client.post(reverse("public:request"), submission()).status_code == 302
    assert HelpRequest.objects.count() == 1
    for _ in range(2):
        client.post(reverse("public:request"), submission())
    limited = client.post(reverse("public:request"), submission(question="Nog een vraag over de bijstand."))
    assert limited.status_code == 429
    body = limited.content.decode()
    assert "Te veel" in body and "Nog een vraag over de bijstand." in body
    assert HelpRequest.objects.count() == 3
