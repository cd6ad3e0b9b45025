"""The lists behind the dashboard's numbers: the same records as the count, only the leader's
own team, paginated at a constant number of queries, and every list read is logged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLogEntry
from tests.conftest import login
from tests.reporting.conftest import days, make_case, make_request

pytestmark = pytest.mark.django_db

URL = reverse("reporting:team_list")


def shown(response) -> list[int]:
    return [row.pk for row in response.context["rows"]]


def test_the_overdue_visits_of_a_zone_are_the_two_counted(team_leader, caseload, zone):
    response = login(team_leader).get(URL, {"figure": "visits_overdue", "zone": zone.pk})
    assert response.status_code == 200
    assert sorted(shown(response)) == sorted([caseload.r1.pk, caseload.r4.pk])
    assert caseload.r1.resident.full_name in response.content.decode()


def test_a_workers_open_requests_include_those_in_another_teams_zone(team_leader, caseload, worker):
    response = login(team_leader).get(URL, {"figure": "open_requests", "worker": worker.pk})
    assert sorted(shown(response)) == sorted([caseload.r1.pk, caseload.r2.pk, caseload.r6.pk])


def test_the_period_applies_to_the_list_as_to_the_count(team_leader, caseload):
    response = login(team_leader).get(URL, {"figure": "open_requests", "date_from": days(-10).isoformat(),
                                            "date_to": days(-2).isoformat()})
    assert sorted(shown(response)) == sorted([caseload.r1.pk, caseload.r2.pk, caseload.r4.pk])


@pytest.mark.parametrize("figure,expected", [
    ("cases_complex", ["c1"]), ("cases_not_complex", ["c2"]), ("cases_undecided", ["c3"]),
    ("evaluations_due", ["c1", "c3"]), ("cases_open", ["c1", "c2", "c3"]),
])
def test_the_plan_lists_hold_the_counted_plans(team_leader, caseload, figure, expected):
    response = login(team_leader).get(URL, {"figure": figure})
    assert sorted(shown(response)) == sorted(getattr(caseload, name).pk for name in expected)


@pytest.mark.parametrize("figure,count", [("clocks_overdue", 1), ("clocks_due_soon", 2), ("follow_ups_due", 1),
                                          ("decisions_awaiting", 1), ("unassigned", 1)])
def test_the_other_lists_hold_as_many_records_as_the_figure(team_leader, caseload, figure, count):
    response = login(team_leader).get(URL, {"figure": figure})
    assert response.context["page"].paginator.count == count


def test_the_list_read_is_logged_with_what_was_shown(team_leader, caseload, zone):
    login(team_leader).get(URL, {"figure": "visits_overdue", "zone": zone.pk})
    entry = AccessLogEntry.objects.filter(username="teamleider", action="list",
                                          purpose="team dashboard: list behind a figure").get()
    assert entry.object_type == "intake.helprequest"
    assert sorted(entry.detail["shown"]) == sorted([caseload.r1.pk, caseload.r4.pk])


def test_a_zone_of_another_team_is_404(team_leader, caseload, other_zone):
    assert login(team_leader).get(URL, {"figure": "open_requests", "zone": other_zone.pk}).status_code == 404


def test_a_worker_of_another_team_is_404(team_leader, other_team_leader, caseload, stranger, worker):
    assert login(team_leader).get(URL, {"figure": "open_requests", "worker": stranger.pk}).status_code == 404
    assert login(other_team_leader).get(URL, {"figure": "open_requests", "worker": worker.pk}).status_code == 404
    # The same request with the leader's own worker is allowed: the refusal is about the team.
    assert login(team_leader).get(URL, {"figure": "open_requests", "worker": worker.pk}).status_code == 200


def test_an_unknown_figure_is_404(team_leader):
    assert login(team_leader).get(URL, {"figure": "salaries"}).status_code == 404
    assert login(team_leader).get(URL).status_code == 404


@pytest.mark.parametrize("persona", ["worker", "colleague", "stranger", "council_member", "partner_worker",
                                     "administrator"])
def test_other_roles_get_403(request, persona, zone):
    response = login(request.getfixturevalue(persona)).get(URL, {"figure": "open_requests"})
    assert response.status_code == 403


def test_the_list_costs_the_same_queries_with_more_rows_and_pages(team_leader, zone, worker, colleague,
                                                                 django_assert_max_num_queries):
    client = login(team_leader)
    for i in range(3):
        make_request(zone=zone, worker=worker, first_contact=-i)
        make_case(zone=zone, director=colleague)
    counts = {}
    for figure in ("open_requests", "cases_open"):
        with CaptureQueriesContext(connection) as ctx:
            client.get(URL, {"figure": figure})
        counts[figure] = len(ctx.captured_queries)
    for i in range(60):
        make_request(zone=zone, worker=worker, first_contact=-i)
    for _ in range(55):
        make_case(zone=zone, director=colleague)
    for figure in ("open_requests", "cases_open"):
        with django_assert_max_num_queries(counts[figure]):
            response = client.get(URL, {"figure": figure, "page": 2})
        assert response.status_code == 200
        assert len(response.context["rows"]) > 0
    assert response.context["page"].paginator.count == 58
