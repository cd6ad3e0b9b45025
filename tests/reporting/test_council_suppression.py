"""The live council figures (reporting:council) hide small cells with the rule of a published
report (reporting/suppression.py, ReportSettings.suppression_threshold): a period can be one day,
and one request in a zone on one day can point to a resident. Same rule for every role that
reaches the page. The period is validated: from <= to, Dutch message next to the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from intake.factories import ConversationFactory, HelpRequestFactory
from intake.models import Channel, RequestStatus
from reporting.models import ReportSettings
from tests.conftest import login

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)
ONE_DAY = {"from": DAY.isoformat(), "to": DAY.isoformat()}


def make_requests(n: int, *, zone, day: datetime.date = DAY, **kwargs) -> list:
    """n requests, each from another resident."""
    return [HelpRequestFactory(zone=zone, first_contact_on=day, **kwargs) for _ in range(n)]


def zone_row(figures, name: str) -> dict:
    return next(row for row in figures.by_zone if row["name"] == name)


def channel_row(figures, channel) -> dict:
    return next(row for row in figures.by_channel if row["channel"] == channel.label)


def test_one_request_on_one_day_is_shown_as_below_the_threshold(council_member, zone):
    make_requests(1, zone=zone)
    response = login(council_member).get(reverse("reporting:council"), ONE_DAY)
    assert response.status_code == 200
    figures = response.context["figures"]
    centrum = zone_row(figures, "Centrum")
    for shown in (figures.totals["total"], centrum["total"], channel_row(figures, Channel.PHONE)["total"]):
        assert (shown.value, shown.text, shown.suppressed) == (None, "<5", True)
    html = response.content.decode()
    assert "<td>Centrum</td><td>&lt;5</td><td>&lt;5</td>" in html
    assert "<td>Centrum</td><td>1</td>" not in html
    assert "op minder dan 5 inwoners" in html


def test_a_zone_with_enough_residents_is_shown_and_a_small_one_beside_it_is_not(council_member, zone,
                                                                             other_zone):
    make_requests(6, zone=zone)
    make_requests(2, zone=other_zone)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert (zone_row(figures, "Centrum")["total"].value, zone_row(figures, "Centrum")["total"].text) == (6, "6")
    assert zone_row(figures, "Dorpen Zuid")["total"].suppressed
    assert figures.totals["total"].value == 8


def test_residents_count_not_requests(council_member, zone, resident, household):
    make_requests(7, zone=zone, resident=resident, household=household)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert figures.totals["total"].suppressed
    assert zone_row(figures, "Centrum")["total"].suppressed


def test_a_share_that_gives_back_a_small_count_is_hidden(council_member, zone):
    make_requests(9, zone=zone)
    make_requests(1, zone=zone, settled=True)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert figures.totals["total"].value == 10
    # 10% of 10 residents is one resident settled at intake.
    assert figures.totals["settled_share"].suppressed
    assert zone_row(figures, "Centrum")["settled"].suppressed


def test_a_share_on_enough_residents_is_shown_in_dutch_notation(council_member, zone):
    make_requests(3, zone=zone)
    make_requests(5, zone=zone, settled=True)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert (figures.totals["settled_share"].value, figures.totals["settled_share"].text) == (62.5, "62,5%")
    assert zone_row(figures, "Centrum")["settled"].text == "5"


def test_the_home_visit_share_rests_on_the_visited_residents(council_member, zone, worker):
    make_requests(10, zone=zone)
    for help_request in make_requests(3, zone=zone, status=RequestStatus.COMPLETED):
        ConversationFactory(help_request=help_request, worker=worker, held_on=DAY)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert figures.totals["total"].value == 13
    assert figures.totals["in_time_share"].suppressed


def test_the_threshold_is_the_report_setting(council_member, zone):
    settings = ReportSettings.current()
    settings.suppression_threshold = 2
    settings.save()
    make_requests(2, zone=zone)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert zone_row(figures, "Centrum")["total"].text == "2"
    assert channel_row(figures, Channel.WALK_IN)["total"].text == "<2"


@pytest.mark.parametrize("persona", ["council_member", "team_leader", "administrator"])
def test_every_role_on_the_page_sees_the_same_suppressed_figures(request, persona, zone):
    make_requests(1, zone=zone)
    response = login(request.getfixturevalue(persona)).get(reverse("reporting:council"), ONE_DAY)
    assert response.status_code == 200
    assert zone_row(response.context["figures"], "Centrum")["total"].suppressed


def test_a_period_ending_before_it_starts_is_refused_next_to_the_field_with_the_input_kept(council_member, zone):
    make_requests(6, zone=zone)
    response = login(council_member).get(reverse("reporting:council"), {"from": "2025-06-10", "to": "2025-06-02"})
    assert response.status_code == 200
    assert response.context["figures"] is None
    form = response.context["form"]
    assert form.errors == {"date_to": ["Het einde van de periode ligt voor het begin."]}
    html = response.content.decode()
    assert 'id="id_to_error"' in html and 'aria-describedby="id_to_error"' in html
    assert 'name="from" value="2025-06-10"' in html and 'name="to" value="2025-06-02"' in html
    assert "Centrum" not in html


def test_a_date_that_is_no_date_is_refused_with_the_input_kept(council_member):
    response = login(council_member).get(reverse("reporting:council"), {"from": "2025-02-30", "to": "2025-06-02"})
    assert response.status_code == 200 and response.context["figures"] is None
    assert response.context["form"].errors == {"date_from": ["Vul een geldige datum in, bijvoorbeeld 1-3-2026."]}
    assert 'value="2025-02-30"' in response.content.decode()


def test_without_a_period_the_page_shows_this_year_so_far(council_member, zone):
    response = login(council_member).get(reverse("reporting:council"))
    assert response.status_code == 200 and response.context["figures"] is not None
    form = response.context["form"]
    assert form.cleaned_data["date_from"].month == 1 and form.cleaned_data["date_from"].day == 1
    assert form.cleaned_data["date_to"] >= form.cleaned_data["date_from"]


def test_a_one_day_period_is_allowed(council_member):
    response = login(council_member).get(reverse("reporting:council"), ONE_DAY)
    assert response.status_code == 200 and response.context["figures"] is not None
