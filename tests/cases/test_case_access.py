"""Role by URL for the plan pages: the wrong user gets 404 (as if the plan did not exist) or 403,
never the data; a GET on a mutation is 405; every read is logged."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLogEntry
from cases.factories import ConsentFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "partner_worker", "administrator"]
CASE_PAGE = {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 200, "other_team_leader": 404,
             "council_member": 404, "partner_worker": 404, "administrator": 404}
# Writing in the plan: the director and zone colleagues; the team leader may read, not write.
CASE_WRITE = {"worker": 302, "colleague": 302, "stranger": 404, "team_leader": 403, "other_team_leader": 404,
              "council_member": 404, "partner_worker": 404, "administrator": 404}
ROLE_PAGES = {"worker": 200, "colleague": 200, "stranger": 200, "team_leader": 200, "other_team_leader": 200,
              "council_member": 403, "partner_worker": 403, "administrator": 403}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["cases:detail", "cases:pdf"])
def test_the_plan_pages_answer_each_role_as_its_relation_allows(request, case, persona, name, resident):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse(name, args=[case.pk]))
    assert response.status_code == CASE_PAGE[persona]
    if response.status_code == 200:
        assert AccessLogEntry.objects.filter(user=user, object_type="cases.case", object_id=str(case.pk),
                                             action="export" if name == "cases:pdf" else "view").exists()
    else:
        assert resident.full_name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_director_and_zone_colleagues_edit_the_plan(request, case, persona):
    user = request.getfixturevalue(persona)
    response = login(user).post(reverse("cases:summary", args=[case.pk]), {"version": case.version, "summary": "x"})
    assert response.status_code == CASE_WRITE[persona]
    case.refresh_from_db()
    assert (case.summary == "x") == (CASE_WRITE[persona] == 302)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["cases:my_work", "cases:notifications"])
def test_the_worker_lists_are_for_intake_staff_only(request, persona, name, case, resident):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse(name))
    assert response.status_code == ROLE_PAGES[persona]
    if persona == "stranger":
        assert resident.full_name not in response.content.decode()


@pytest.mark.parametrize("name,kwargs", [
    ("cases:summary", {}), ("cases:goal_add", {}), ("cases:action_add", {}), ("cases:complex", {}),
    ("cases:reassign", {}), ("cases:close", {}), ("cases:consent_add", {}),
])
def test_a_get_on_a_mutation_is_refused(worker, case, name, kwargs):
    assert login(worker).get(reverse(name, args=[case.pk])).status_code == 405


def test_a_get_on_the_other_mutations_is_refused_too(worker, case):
    client = login(worker)
    action = case.actions.create(description="x", actor="resident", due_on=case.opened_on)
    for url in [reverse("cases:action_status", args=[case.pk, action.pk]),
                reverse("cases:notifications_read"), reverse("cases:open", args=[case.conversation_id])]:
        assert client.get(url).status_code == 405, url


def test_a_plan_that_does_not_exist_looks_the_same_as_one_not_visible(worker):
    assert login(worker).get(reverse("cases:detail", args=[987654])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(case):
    response = Client().get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_director_keeps_access_after_moving_to_another_zone(case, worker, other_zone):
    worker.zones.set([other_zone])
    assert login(worker).get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_a_partner_with_consent_for_another_organisation_still_gets_404(case, partner_worker, other_organisation):
    ConsentFactory(case=case, organisation=other_organisation)
    assert login(partner_worker).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_the_shared_list_is_for_partner_workers_only(worker, partner_worker):
    assert login(worker).get(reverse("cases:shared")).status_code == 403
    assert login(partner_worker).get(reverse("cases:shared")).status_code == 200


REFUSED = {"stranger": 404, "other_team_leader": 404, "council_member": 404, "partner_worker": 404,
           "administrator": 404, "team_leader": 403}


@pytest.mark.parametrize("persona", list(REFUSED))
@pytest.mark.parametrize("name", ["cases:goal_add", "cases:action_add", "cases:complex", "cases:close",
                                  "cases:consent_add", "cases:evaluate"])
def test_every_plan_mutation_refuses_who_may_not_write(request, case, persona, name):
    user = request.getfixturevalue(persona)
    before = case.version
    response = login(user).post(reverse(name, args=[case.pk]), {"version": case.version})
    assert response.status_code == REFUSED[persona]
    case.refresh_from_db()
    assert case.version == before


@pytest.mark.parametrize("persona", ["stranger", "other_team_leader", "council_member", "partner_worker"])
def test_reassignment_is_refused_outside_the_team(request, case, persona, colleague):
    user = request.getfixturevalue(persona)
    response = login(user).post(reverse("cases:reassign", args=[case.pk]),
                                {"version": case.version, "director": colleague.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("persona,expected", [("stranger", 404), ("team_leader", 403), ("partner_worker", 404)])
def test_recording_a_follow_up_is_for_the_director_and_zone_colleagues(request, case, worker, persona, expected):
    from django.utils import timezone

    from cases import services
    from cases.models import FollowUp

    services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                        outcome="goals_reached", reason="Klaar", closed_on=timezone.localdate())
    follow_up = FollowUp.objects.first()
    response = login(request.getfixturevalue(persona)).post(reverse("cases:follow_up", args=[follow_up.pk]),
                                                            {"result": "going_well"})
    assert response.status_code == expected
    follow_up.refresh_from_db()
    assert follow_up.status == "planned"


@pytest.mark.parametrize("persona,expected", [("team_leader", 200), ("other_team_leader", 200), ("worker", 403),
                                              ("council_member", 403), ("partner_worker", 403),
                                              ("administrator", 403)])
def test_the_team_plans_page_is_for_team_leaders_and_shows_only_their_team(request, case, persona, expected):
    response = login(request.getfixturevalue(persona)).get(reverse("cases:team"))
    assert response.status_code == expected
    if persona == "team_leader":
        assert reverse("cases:detail", args=[case.pk]) in response.content.decode()
    if persona == "other_team_leader":
        assert reverse("cases:detail", args=[case.pk]) not in response.content.decode()
