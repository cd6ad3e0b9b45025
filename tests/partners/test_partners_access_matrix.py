"""Role by URL for the partner network: the wrong user gets 404 for a referral (as if it did not
exist) or 403 for a page of their role; partner workers of two organisations; GET on a mutation
is 405; reads are logged."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLogEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "debt_partner", "welfare_partner", "administrator"]

REFERRAL_EXPECTED = {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 200,
                     "other_team_leader": 404, "council_member": 403, "debt_partner": 200,
                     "welfare_partner": 404, "administrator": 403}
REFERRAL_LIST_EXPECTED = {**{p: 200 for p in PERSONAS}, "council_member": 403, "administrator": 403}
DIRECTORY_EXPECTED = {**{p: 200 for p in PERSONAS}, "council_member": 403}
REFER_EXPECTED = {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 200,
                  "other_team_leader": 404, "council_member": 403, "debt_partner": 403,
                  "welfare_partner": 403, "administrator": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_referral_answers_each_role_as_its_relation_allows(request, referral, persona):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("partners:referral", args=[referral.pk]))
    assert response.status_code == REFERRAL_EXPECTED[persona]
    if response.status_code != 200:
        assert referral.resident.full_name not in response.content.decode()
    else:
        assert AccessLogEntry.objects.filter(username=user.username, action="view", resident_id=referral.resident_id,
                                             object_type="partners.referral").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_referral_list_shows_only_what_the_role_may_see(request, referral, persona):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("partners:referrals"))
    assert response.status_code == REFERRAL_LIST_EXPECTED[persona]
    if response.status_code == 200:
        listed = [r.pk for r in response.context["referrals"]]
        assert (referral.pk in listed) == (REFERRAL_EXPECTED[persona] == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_directory_is_for_people_who_work_with_partners(request, counsellor, persona):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("partners:directory"), {"q": "schuld"})
    assert response.status_code == DIRECTORY_EXPECTED[persona]
    photo = login(user).get(reverse("partners:person_photo", args=[counsellor.pk]))
    assert photo.status_code == (403 if persona == "council_member" else 404)  # no photo uploaded


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_who_see_the_conversation_may_refer_from_it(request, conversation, debt_service, persona):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("partners:referral_new", args=[conversation.pk]))
    assert response.status_code == REFER_EXPECTED[persona]


def test_a_partner_of_another_organisation_cannot_answer_by_crafting_a_post(referral, welfare_partner):
    response = login(welfare_partner).post(reverse("partners:referral_respond", args=[referral.pk]),
                                           {"to": "accepted", "version": referral.version})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_front_door_staff_may_read_but_not_answer_for_the_partner(referral, worker):
    response = login(worker).post(reverse("partners:referral_respond", args=[referral.pk]),
                                  {"to": "accepted", "version": referral.version})
    assert response.status_code == 403


def test_a_partner_cannot_withdraw_consent_for_the_resident(referral, debt_partner, stranger):
    assert login(debt_partner).post(reverse("partners:referral_withdraw_consent", args=[referral.pk])).status_code == 403
    assert login(stranger).post(reverse("partners:referral_withdraw_consent", args=[referral.pk])).status_code == 404
    referral.refresh_from_db()
    assert referral.consent_withdrawn_at is None


def test_a_partner_sees_a_referral_of_their_organisation_only_while_consent_holds(referral, debt_partner, worker):
    login(worker).post(reverse("partners:referral_withdraw_consent", args=[referral.pk]))
    assert login(debt_partner).get(reverse("partners:referral", args=[referral.pk])).status_code == 404


@pytest.mark.parametrize("name", ["partners:referral_respond", "partners:referral_withdraw_consent"])
def test_mutations_refuse_get(referral, debt_partner, worker, name):
    user = debt_partner if name == "partners:referral_respond" else worker
    assert login(user).get(reverse(name, args=[referral.pk])).status_code == 405


@pytest.mark.parametrize("name,arg", [("partners:directory", None), ("partners:referrals", None),
                                      ("partners:referral", "referral"), ("partners:referral_new", "conversation")])
def test_anonymous_visitors_are_sent_to_the_login_page(request, name, arg):
    args = [request.getfixturevalue(arg).pk] if arg else []
    response = Client().get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_referral_that_does_not_exist_looks_the_same_as_one_not_visible(worker, debt_partner):
    for user in (worker, debt_partner):
        assert login(user).get(reverse("partners:referral", args=[987654])).status_code == 404


def test_refused_reads_are_not_logged_as_reads(referral, welfare_partner):
    login(welfare_partner).get(reverse("partners:referral", args=[referral.pk]))
    assert not AccessLogEntry.objects.filter(username=welfare_partner.username, action="view").exists()


def test_the_council_member_has_no_partner_navigation(council_member, worker):
    nav = login(council_member).get(reverse("reporting:council")).context["nav_items"]
    assert not any("/partners/" in item["url"] for item in nav)
    nav = login(worker).get(reverse("intake:my_work")).context["nav_items"]
    assert {reverse("partners:directory"), reverse("partners:referrals")} <= {item["url"] for item in nav}
