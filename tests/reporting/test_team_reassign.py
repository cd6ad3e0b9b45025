"""Reassigning work in place from the drill-down: a request to another meitinker, a plan to
another case director. Only workers of the leader's team; a concurrent change is refused with a
message, never overwritten."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from cases.models import Assignment, Case
from intake import services as intake_services
from intake.models import HelpRequest, RequestStatus
from tests.conftest import login
from tests.reporting.conftest import make_case, make_request

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def request_url(help_request) -> str:
    return reverse("reporting:team_reassign_request", args=[help_request.pk])


def case_url(case) -> str:
    return reverse("reporting:team_reassign_case", args=[case.pk])


@pytest.fixture
def open_request(zone, worker):
    return make_request(zone=zone, worker=worker, first_contact=-2)


@pytest.fixture
def plan(zone, worker):
    return make_case(zone=zone, director=worker)


def test_the_leader_hands_a_request_to_a_colleague_and_gets_the_row_back(team_leader, open_request, worker,
                                                                        colleague):
    response = login(team_leader).post(request_url(open_request),
                                       {"worker": colleague.pk, "expected_worker": worker.pk}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="request-{open_request.pk}"')
    assert "Overgedragen aan Bauke Hoekstra." in body
    assert HelpRequest.objects.get(pk=open_request.pk).assigned_worker == colleague
    entry = AccessLogEntry.objects.get(purpose="intake: reassign request", object_id=str(open_request.pk))
    assert entry.detail == {"from_worker": worker.pk, "worker": colleague.pk}


def test_an_unassigned_request_is_assigned(team_leader, zone, colleague):
    new = make_request(zone=zone, status=RequestStatus.NEW)
    login(team_leader).post(request_url(new), {"worker": colleague.pk, "expected_worker": ""}, **HTMX)
    new.refresh_from_db()
    assert (new.status, new.assigned_worker) == (RequestStatus.ASSIGNED, colleague)


def test_a_worker_of_another_team_is_refused_with_a_message(team_leader, open_request, worker, stranger):
    response = login(team_leader).post(request_url(open_request),
                                       {"worker": stranger.pk, "expected_worker": worker.pk}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies een meitinker van uw team." in body
    assert HelpRequest.objects.get(pk=open_request.pk).assigned_worker == worker
    # The message is tied to the field it is about, for a screen reader too.
    row = f"request-{open_request.pk}"
    assert f'<label class="utrecht-form-label" for="{row}-worker">Nieuwe meitinker</label>' in body
    assert f'id="{row}-worker" name="worker" aria-invalid="true" aria-describedby="{row}-error"' in body
    assert f'id="{row}-error"><p>Kies een meitinker van uw team.</p>' in body


def test_a_stale_reassignment_is_refused_and_says_who_has_it_now(team_leader, open_request, worker, colleague):
    # Between loading the list and submitting, someone else handed the request to Bauke.
    HelpRequest.objects.filter(pk=open_request.pk).update(assigned_worker=colleague)
    third = type(worker).objects.create(username="sietske", first_name="Sietske", last_name="Visser",
                                        team=worker.team)
    response = login(team_leader).post(request_url(open_request),
                                       {"worker": third.pk, "expected_worker": worker.pk}, **HTMX)
    body = response.content.decode()
    assert "intussen overgedragen: zij ligt nu bij Bauke Hoekstra" in body
    assert f'<option value="{third.pk}" selected>' in body  # the choice is kept for a deliberate retry
    assert f'name="expected_worker" value="{colleague.pk}"' in body
    assert HelpRequest.objects.get(pk=open_request.pk).assigned_worker == colleague


def test_the_service_refuses_a_request_that_was_settled_meanwhile(team_leader, zone, worker, colleague):
    help_request = make_request(zone=zone, status=RequestStatus.NEW)
    HelpRequest.objects.filter(pk=help_request.pk).update(status=RequestStatus.SETTLED, settled_by="information")
    with pytest.raises(intake_services.ReassignConflict):
        intake_services.help_request_reassign(user=team_leader, request=None, help_request=help_request,
                                              worker=colleague, expected_worker_id=None)
    assert HelpRequest.objects.get(pk=help_request.pk).assigned_worker is None


def test_without_javascript_it_redirects_back_with_a_message(team_leader, open_request, worker, colleague):
    back = reverse("reporting:team_list") + "?figure=open_requests"
    response = login(team_leader).post(request_url(open_request), {"worker": colleague.pk,
                                                                    "expected_worker": worker.pk, "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    assert HelpRequest.objects.get(pk=open_request.pk).assigned_worker == colleague


def test_an_outside_next_is_not_followed(team_leader, open_request, worker, colleague):
    response = login(team_leader).post(request_url(open_request), {"worker": colleague.pk,
                                                                    "expected_worker": worker.pk,
                                                                    "next": "https://evil.example/"})
    assert response["Location"] == reverse("reporting:team")


def test_the_leader_hands_a_plan_to_another_case_director(team_leader, plan, worker, colleague):
    response = login(team_leader).post(case_url(plan), {"worker": colleague.pk, "version": plan.version}, **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="case-{plan.pk}"')
    assert "Bauke Hoekstra is nu de regisseur." in body
    assert Case.objects.get(pk=plan.pk).director == colleague
    assert Assignment.objects.get(case=plan, end_on__isnull=True).director == colleague


def test_a_stale_plan_version_is_refused_with_a_message(team_leader, plan, worker, colleague):
    Case.objects.filter(pk=plan.pk).update(version=plan.version + 1)  # someone edited the plan meanwhile
    response = login(team_leader).post(case_url(plan), {"worker": colleague.pk, "version": plan.version}, **HTMX)
    assert "Iemand anders heeft dit plan intussen gewijzigd" in response.content.decode()
    assert Case.objects.get(pk=plan.pk).director == worker


def test_a_plan_cannot_go_to_another_teams_worker(team_leader, plan, worker, stranger):
    response = login(team_leader).post(case_url(plan), {"worker": stranger.pk, "version": plan.version}, **HTMX)
    body = response.content.decode()
    assert "Kies een meitinker van uw team." in body
    assert Case.objects.get(pk=plan.pk).director == worker
    row = f"case-{plan.pk}"
    assert f'<label class="utrecht-form-label" for="{row}-worker">Nieuwe regisseur</label>' in body
    assert f'id="{row}-worker" name="worker" aria-invalid="true" aria-describedby="{row}-error"' in body


@pytest.mark.parametrize("crafted", ["²", "١٢", "9" * 30])
def test_a_worker_id_that_is_no_id_is_refused_with_a_message_not_a_500(team_leader, open_request, plan, worker,
                                                                       crafted):
    """'²'.isdigit() is True and int('²') raises: the row that comes back with the form's message
    read the chosen worker with isdigit() and answered 500. Neither row changes."""
    client = login(team_leader)
    for url, data in ((request_url(open_request), {"worker": crafted, "expected_worker": worker.pk}),
                      (case_url(plan), {"worker": crafted, "version": plan.version})):
        response = client.post(url, data, **HTMX)
        assert response.status_code == 200
        assert 'name="worker" aria-invalid="true"' in response.content.decode()
    assert HelpRequest.objects.get(pk=open_request.pk).assigned_worker == worker
    assert Case.objects.get(pk=plan.pk).director == worker


def test_another_teams_leader_gets_404(other_team_leader, open_request, plan, colleague, worker):
    client = login(other_team_leader)
    assert client.post(request_url(open_request), {"worker": colleague.pk,
                                                   "expected_worker": worker.pk}).status_code == 404
    assert client.post(case_url(plan), {"worker": colleague.pk, "version": plan.version}).status_code == 404
    assert HelpRequest.objects.get(pk=open_request.pk).assigned_worker == worker


@pytest.mark.parametrize("persona", ["worker", "colleague", "stranger", "council_member", "partner_worker",
                                     "administrator"])
def test_other_roles_get_403(request, persona, open_request, plan, colleague, worker):
    client = login(request.getfixturevalue(persona))
    assert client.post(request_url(open_request), {"worker": colleague.pk,
                                                   "expected_worker": worker.pk}).status_code == 403
    assert client.post(case_url(plan), {"worker": colleague.pk, "version": plan.version}).status_code == 403
    assert HelpRequest.objects.get(pk=open_request.pk).assigned_worker == worker
    assert Case.objects.get(pk=plan.pk).director == worker


def test_a_get_is_405(team_leader, open_request, plan):
    client = login(team_leader)
    assert client.get(request_url(open_request)).status_code == 405
    assert client.get(case_url(plan)).status_code == 405
