"""The team leader's dashboard: every figure against the hand-counted caseload in conftest.py,
the filters (zone, worker, period boundaries), access and a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.reporting.conftest import days, make_case, make_clock, make_request

pytestmark = pytest.mark.django_db

URL = reverse("reporting:team")


def figures(response, persona_pk=None, zone_pk=None) -> dict[str, int]:
    """The figures of one worker row, one zone row, or the totals."""
    context = response.context
    if persona_pk is not None:
        row = next(row for row, _href in context["worker_rows"] if row.pk == persona_pk)
        columns = context["worker_columns"]
    elif zone_pk is not None:
        row = next(row for row, _href in context["zone_rows"] if row.pk == zone_pk)
        columns = context["zone_columns"]
    else:
        return dict(context["figures"]["totals"])
    return {key: row.figures.get(key, 0) for key in columns}


def test_it_counts_every_figure_per_worker(team_leader, caseload, worker, colleague):
    response = login(team_leader).get(URL)
    assert response.status_code == 200
    assert figures(response, persona_pk=worker.pk) == {
        "open_requests": 3, "visits_planned": 1, "visits_overdue": 1, "cases_complex": 1, "cases_not_complex": 1,
        "cases_undecided": 0, "evaluations_due": 1, "follow_ups_due": 1, "clocks_due_soon": 1,
        "clocks_overdue": 1, "decisions_awaiting": 0}
    assert figures(response, persona_pk=colleague.pk) == {
        "open_requests": 1, "visits_planned": 0, "visits_overdue": 0, "cases_complex": 0, "cases_not_complex": 0,
        "cases_undecided": 1, "evaluations_due": 1, "follow_ups_due": 0, "clocks_due_soon": 0,
        "clocks_overdue": 0, "decisions_awaiting": 1}


def test_it_counts_every_figure_per_zone(team_leader, caseload, zone, zone_noord):
    response = login(team_leader).get(URL)
    assert figures(response, zone_pk=zone.pk) == {
        "unassigned": 1, "open_requests": 3, "visits_planned": 1, "visits_overdue": 2, "cases_complex": 1,
        "cases_not_complex": 1, "cases_undecided": 0, "evaluations_due": 1, "follow_ups_due": 1,
        "clocks_due_soon": 2, "clocks_overdue": 1, "decisions_awaiting": 0}
    # r8 is carried by another team's worker but lies in the team's zone: it counts here.
    assert figures(response, zone_pk=zone_noord.pk) == {
        "unassigned": 0, "open_requests": 2, "visits_planned": 0, "visits_overdue": 0, "cases_complex": 0,
        "cases_not_complex": 0, "cases_undecided": 1, "evaluations_due": 1, "follow_ups_due": 0,
        "clocks_due_soon": 0, "clocks_overdue": 0, "decisions_awaiting": 1}


def test_the_totals_count_each_record_once_and_leave_out_what_the_leader_may_not_see(team_leader, caseload):
    totals = figures(login(team_leader).get(URL))
    # Requests r1 r2 r3 r4 r6 r8 (r6: Anna's in another team's zone; r7 is invisible, r5 settled).
    assert totals["open_requests"] == 6
    assert totals["unassigned"] == 1
    assert totals["visits_overdue"] == 2
    assert totals["cases_open"] == 3
    assert totals["evaluations_due"] == 2
    assert totals["follow_ups_due"] == 1
    assert (totals["clocks_due_soon"], totals["clocks_overdue"]) == (2, 1)
    assert totals["decisions_awaiting"] == 1


def test_the_other_teams_worker_has_no_row_and_the_stranger_sees_nothing_of_it(
        team_leader, other_team_leader, caseload, stranger, worker):
    response = login(team_leader).get(URL)
    assert stranger.pk not in [row.pk for row, _href in response.context["worker_rows"]]
    other = login(other_team_leader).get(URL)
    assert worker.pk not in [row.pk for row, _href in other.context["worker_rows"]]
    # The other team sees r6 (Anna's, in their zone) and r7 and r8 (their worker), nothing of c1-c3.
    assert figures(other)["open_requests"] == 3
    assert figures(other)["cases_open"] == 1


def test_the_zone_filter_narrows_every_table_and_total(team_leader, caseload, zone_noord, worker, colleague):
    response = login(team_leader).get(URL, {"zone": zone_noord.pk})
    assert figures(response)["open_requests"] == 2
    assert [row.pk for row, _href in response.context["zone_rows"]] == [zone_noord.pk]
    assert figures(response, persona_pk=worker.pk)["open_requests"] == 0
    assert figures(response, persona_pk=colleague.pk)["open_requests"] == 1


def test_the_worker_filter_narrows_every_table_and_total(team_leader, caseload, zone, worker):
    response = login(team_leader).get(URL, {"worker": worker.pk})
    assert [row.pk for row, _href in response.context["worker_rows"]] == [worker.pk]
    assert figures(response)["open_requests"] == 3
    assert figures(response, zone_pk=zone.pk)["open_requests"] == 2  # r1 r2; r6 lies in another team's zone


def test_the_period_includes_both_boundary_days(team_leader, caseload):
    client = login(team_leader)
    # Requests came in on -20 (r3), -10 (r1), -8 (r4), -2 (r2), -1 (r8), 0 (r6).
    inside = figures(client.get(URL, {"date_from": days(-10).isoformat(), "date_to": days(-2).isoformat()}))
    assert inside["open_requests"] == 3  # r1 r4 r2
    assert inside["clocks_overdue"] == 1  # r1's clock follows its request's first contact
    narrower = figures(client.get(URL, {"date_from": days(-9).isoformat(), "date_to": days(-3).isoformat()}))
    assert narrower["open_requests"] == 1  # only r4
    # Plans by their opening day: c1 -30, c2 -5, c3 -60.
    plans = figures(client.get(URL, {"date_from": days(-30).isoformat(), "date_to": days(-5).isoformat()}))
    assert plans["cases_open"] == 2
    assert figures(client.get(URL, {"date_from": days(-29).isoformat()}))["cases_open"] == 1


def test_an_htmx_filter_returns_only_the_figures_and_the_form_out_of_band(team_leader, caseload, zone):
    response = login(team_leader).get(URL, {"zone": zone.pk}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="dashboard"')
    assert "<html" not in body
    assert 'hx-swap-oob="true"' in body
    assert figures(response)["open_requests"] == 3


def test_an_htmx_filter_with_a_bad_period_puts_the_message_next_to_the_field(team_leader, caseload):
    response = login(team_leader).get(URL, {"date_from": days(0).isoformat(), "date_to": days(-1).isoformat()},
                                      HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="filter_date_to_error"' in body
    assert f'value="{days(-1).isoformat()}"' in body


def test_a_bad_filter_keeps_the_input_and_says_what_is_wrong_in_dutch(team_leader, caseload):
    response = login(team_leader).get(URL, {"date_from": days(0).isoformat(), "date_to": days(-1).isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Het einde van de periode ligt voor het begin." in body
    assert f'value="{days(-1).isoformat()}"' in body
    assert "worker_rows" not in response.context


def test_a_zone_of_another_team_is_refused_in_the_filter(team_leader, caseload, other_zone):
    response = login(team_leader).get(URL, {"zone": other_zone.pk})
    assert "Kies een wijk van uw team." in response.content.decode()
    assert "worker_rows" not in response.context


def test_every_number_links_to_the_list_behind_it(team_leader, caseload, worker):
    response = login(team_leader).get(URL, {"date_from": days(-10).isoformat()})
    body = response.content.decode()
    assert (f'{reverse("reporting:team_list")}?date_from={days(-10).isoformat()}&amp;worker={worker.pk}'
            f'&amp;figure=visits_overdue') in body


@pytest.mark.parametrize("persona", ["worker", "colleague", "stranger", "council_member", "partner_worker",
                                     "administrator"])
def test_other_roles_get_403(request, persona):
    response = login(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_dashboard_is_read_only(team_leader):
    assert login(team_leader).post(URL).status_code == 405


def test_the_dashboard_costs_the_same_queries_with_more_work(team_leader, caseload, zone, zone_noord, worker,
                                                            colleague, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(team_leader)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for i in range(15):
        for z, w in ((zone, worker), (zone_noord, colleague)):
            request = make_request(zone=z, worker=w, first_contact=-i, planned=i % 2 == 0)
            make_clock(request, due=i - 5)
            make_case(zone=z, director=w, complex_decision=[True, False, None][i % 3], next_evaluation=i - 7)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"zone": zone.pk, "date_from": days(-30).isoformat()})
    assert figures(response)["open_requests"] == 3 + 15


def test_a_plan_of_another_team_is_not_the_teams_work_even_if_a_team_worker_once_helped_the_household(
        team_leader, stranger, other_zone, worker, zone):
    from cases.models import Case
    from intake.factories import HelpRequestFactory
    from intake.models import RequestStatus

    own = make_case(zone=zone, director=worker)
    elsewhere = make_case(zone=other_zone, director=stranger)
    # Years ago a team worker handled a request of that household: the leader may open the plan...
    HelpRequestFactory(household=elsewhere.household, zone=other_zone, assigned_worker=worker,
                       status=RequestStatus.COMPLETED, first_contact_on=days(-900))
    assert Case.objects.visible_to(team_leader).filter(pk=elsewhere.pk).exists()
    # ...but another team directs it in another team's zone: no row here, and not in the totals.
    response = login(team_leader).get(URL)
    assert figures(response)["cases_open"] == 1
    listed = login(team_leader).get(reverse("reporting:team_list"), {"figure": "cases_open"})
    assert [c.pk for c in listed.context["rows"]] == [own.pk]


def test_narrowed_to_one_meitinker_the_filters_still_offer_the_whole_team(team_leader, caseload, worker, colleague,
                                                                           zone, zone_noord):
    body = login(team_leader).get(URL, {"worker": worker.pk}).content.decode()
    worker_select = body[body.index('<select name="worker"'):]
    worker_select = worker_select[:worker_select.index("</select>")]
    assert f'<option value="{worker.pk}" selected>' in worker_select
    assert f'<option value="{colleague.pk}">' in worker_select
    zone_select = body[body.index('<select name="zone"'):]
    zone_select = zone_select[:zone_select.index("</select>")]
    assert f'<option value="{zone.pk}">' in zone_select and f'<option value="{zone_noord.pk}">' in zone_select


# Each process keeps the compiled SQL of recent dashboard scopes (reporting.team_selectors): the
# figures, the leader's team and the restrictions in force must still be read on every view.

def test_the_figures_are_counted_afresh_on_every_view(team_leader, caseload, zone, worker):
    client = login(team_leader)
    assert figures(client.get(URL))["open_requests"] == 6
    make_request(zone=zone, worker=worker)
    assert figures(client.get(URL))["open_requests"] == 7
    assert figures(client.get(URL), persona_pk=worker.pk)["open_requests"] == 4


def test_a_leader_moved_to_another_team_sees_that_teams_work_at_once(team_leader, other_team_leader, caseload,
                                                                     stranger):
    client = login(team_leader)
    assert figures(client.get(URL))["open_requests"] == 6
    team_leader.team = other_team_leader.team
    team_leader.save(update_fields=["team"])
    response = client.get(URL)
    assert figures(response) == figures(login(other_team_leader).get(URL))
    assert [row.pk for row, _href in response.context["worker_rows"]] == [stranger.pk]


def test_a_restriction_imposed_after_a_view_hides_its_work_from_the_next(team_leader, administrator, caseload):
    from privacy import services as privacy_services

    client = login(team_leader)
    assert figures(client.get(URL))["open_requests"] == 6
    privacy_services.restriction_impose(user=administrator, request=None, resident=caseload.r1.resident,
                                        reason="Bezwaar tegen verwerking")
    assert figures(client.get(URL))["open_requests"] == 5


def test_a_meitinkers_name_is_escaped_in_the_table(team_leader, caseload, worker):
    worker.first_name = '<script>alert("x")</script>'
    worker.save(update_fields=["first_name"])
    body = login(team_leader).get(URL).content.decode()
    assert "<script>alert" not in body
    assert '<th scope="row">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in body
