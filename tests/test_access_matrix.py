"""Role by URL: who may open which page with a resident's data. The wrong user gets 404 (as if
the record did not exist) or, for role-level pages, 403; never the data."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLogEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "partner_worker", "administrator"]

RECORD_EXPECTED = {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 200,
                   "other_team_leader": 404, "council_member": 403, "partner_worker": 403, "administrator": 403}
ROLE_PAGE_EXPECTED = {"worker": 200, "colleague": 200, "stranger": 200, "team_leader": 200,
                      "other_team_leader": 200, "council_member": 403, "partner_worker": 403, "administrator": 403}


@pytest.fixture
def records(help_request, conversation, resident, household):
    return {
        "request": reverse("intake:request_detail", args=[help_request.pk]),
        "conversation": reverse("intake:conversation", args=[conversation.pk]),
        "resident": reverse("intake:resident", args=[resident.pk]),
        "household": reverse("intake:household", args=[household.pk]),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["request", "conversation", "resident", "household"])
def test_record_pages_answer_each_role_as_its_relation_allows(request, records, persona, page):
    user = request.getfixturevalue(persona)
    response = login(user).get(records[page])
    assert response.status_code == RECORD_EXPECTED[persona]
    if response.status_code != 200:
        resident = request.getfixturevalue("resident")
        assert resident.full_name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["intake:queue", "intake:my_work", "intake:register"])
def test_role_pages_are_for_intake_staff_only(request, persona, name, help_request):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse(name))
    assert response.status_code == ROLE_PAGE_EXPECTED[persona]
    if persona == "stranger":
        assert help_request.resident.full_name not in response.content.decode()


@pytest.mark.parametrize("page", ["request", "conversation", "resident", "household"])
def test_anonymous_visitors_are_sent_to_the_login_page(records, page):
    response = Client().get(records[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["intake:request_detail", "intake:conversation", "intake:resident",
                                  "intake:household"])
def test_a_record_that_does_not_exist_looks_the_same_as_one_not_visible(worker, name):
    assert login(worker).get(reverse(name, args=[987654])).status_code == 404


def test_a_stranger_cannot_change_a_request_by_crafting_a_post(stranger, help_request):
    client = login(stranger)
    url_and_data = [
        (reverse("intake:request_settle", args=[help_request.pk]), {"settled_by": "information", "note": "x"}),
        (reverse("intake:request_assign", args=[help_request.pk]), {"worker": stranger.pk}),
        (reverse("intake:conversation_start", args=[help_request.pk]), {}),
    ]
    for url, data in url_and_data:
        assert client.post(url, data).status_code == 404
    help_request.refresh_from_db()
    assert help_request.status == "assigned"


def test_a_council_member_cannot_post_either(council_member, help_request):
    response = login(council_member).post(reverse("intake:request_settle", args=[help_request.pk]),
                                          {"settled_by": "information", "note": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["intake:request_settle", "intake:request_assign", "intake:conversation_start",
                                  "intake:conversation_finish", "intake:resident_move", "intake:request_link"])
def test_mutations_refuse_get(worker, name, help_request, conversation, resident):
    arg = {"intake:conversation_finish": conversation.pk, "intake:resident_move": resident.pk}.get(
        name, help_request.pk)
    assert login(worker).get(reverse(name, args=[arg])).status_code == 405


def test_the_team_leader_sees_a_request_assigned_to_their_worker_in_another_zone(team_leader, worker, other_zone):
    from intake.factories import HelpRequestFactory, MembershipFactory

    membership = MembershipFactory(household__zone=other_zone)
    elsewhere = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=other_zone,
                                   assigned=True, assigned_worker=worker)
    assert login(team_leader).get(reverse("intake:request_detail", args=[elsewhere.pk])).status_code == 200
    assert login(worker).get(reverse("intake:household", args=[membership.household_id])).status_code == 200


def test_refused_reads_are_not_logged_as_reads(stranger, records):
    login(stranger).get(records["resident"])
    assert not AccessLogEntry.objects.filter(username=stranger.username, action="view").exists()


def test_the_django_admin_is_for_administrators_only(worker, team_leader, administrator):
    assert login(administrator).get(reverse("admin:index")).status_code == 200
    for user in (worker, team_leader):
        user.is_staff = True
        user.save()
        response = login(user).get(reverse("admin:index"))
        assert response.status_code == 302 and "login" in response["Location"]
