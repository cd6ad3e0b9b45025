"""The live council figures (reporting:council) hide small cells with the rule of a published
report (reporting/suppression.py, ReportSettings.suppression_threshold): one request in a small
zone in a quarter can point to a resident. Same rule for every role that reaches the page. The
period is one whole ended quarter from a list, so no two periods overlap and none can be
subtracted from another; anything else is refused with a Dutch message next to the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import ZoneFactory
from intake.factories import ConversationFactory, HelpRequestFactory
from intake.models import Channel, RequestStatus
from reporting.models import PeriodKind, ReportSettings, period_bounds
from reporting.report_forms import ended_quarters
from tests.conftest import login

pytestmark = pytest.mark.django_db

YEAR, QUARTER = ended_quarters(timezone.localdate())[0]
DAY, LAST_DAY = period_bounds(PeriodKind.QUARTER, YEAR, QUARTER)
ONE_DAY = {"period": f"{YEAR}-Q{QUARTER}"}


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


def test_the_page_offers_the_last_eight_ended_quarters_newest_first():
    assert ended_quarters(datetime.date(2026, 12, 3)) == [
        (2026, 3), (2026, 2), (2026, 1), (2025, 4), (2025, 3), (2025, 2), (2025, 1), (2024, 4)]
    # On the first day of a quarter the one that ended yesterday is the newest.
    assert ended_quarters(datetime.date(2026, 1, 1), 2) == [(2025, 4), (2025, 3)]


def test_without_a_choice_the_page_shows_the_newest_ended_quarter(council_member, zone):
    make_requests(6, zone=zone, day=LAST_DAY)
    make_requests(6, zone=zone, day=LAST_DAY + datetime.timedelta(days=1))  # the running quarter
    response = login(council_member).get(reverse("reporting:council"))
    assert response.status_code == 200
    assert response.context["figures"].totals["total"].value == 6
    html = response.content.decode()
    assert f'<option value="{YEAR}-Q{QUARTER}" selected>Q{QUARTER} {YEAR}</option>' in html


def test_the_figures_are_those_of_the_whole_quarter_chosen(council_member, zone):
    make_requests(3, zone=zone, day=DAY)
    make_requests(3, zone=zone, day=LAST_DAY)
    make_requests(4, zone=zone, day=DAY - datetime.timedelta(days=1))  # the quarter before
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert figures.totals["total"].value == 6


@pytest.mark.parametrize("params", [
    {"from": "2025-06-02", "to": "2025-06-02"},   # the old free dates: ignored, the default is shown
])
def test_free_dates_no_longer_choose_a_period(council_member, zone, params):
    make_requests(6, zone=zone, day=LAST_DAY)
    response = login(council_member).get(reverse("reporting:council"), params)
    assert response.context["form"].cleaned_data["period"] == f"{YEAR}-Q{QUARTER}"
    assert response.context["figures"].totals["total"].value == 6


@pytest.mark.parametrize("period", [
    f"{timezone.localdate().year}-Q{(timezone.localdate().month - 1) // 3 + 1}",  # still running
    "2026-06-01", "1999-Q1", "2025-Q5", "<script>alert(1)</script>",
])
def test_a_period_that_is_not_an_ended_quarter_in_the_list_is_refused_next_to_the_field(council_member, zone,
                                                                                       period):
    make_requests(6, zone=zone, day=LAST_DAY)
    response = login(council_member).get(reverse("reporting:council"), {"period": period})
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert response.context["form"].errors == {
        "period": ["Kies een van de kwartalen in de lijst: alleen afgesloten kwartalen worden getoond."]}
    html = response.content.decode()
    assert 'id="id_period_error"' in html and 'aria-describedby="id_period_error"' in html
    assert "Centrum" not in html and "<script>alert" not in html


def test_one_hidden_zone_is_not_given_away_by_the_total(council_member, zone, other_zone):
    """Centrum 6, Dorpen Zuid 2, total 8: with Centrum shown, 8 - 6 would give Dorpen Zuid away."""
    make_requests(6, zone=zone)
    make_requests(2, zone=other_zone)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert figures.totals["total"].value == 8
    assert zone_row(figures, "Dorpen Zuid")["total"].suppressed
    assert zone_row(figures, "Centrum")["total"].suppressed


def test_a_large_zone_beside_a_small_one_is_shown_when_another_zone_hides_with_the_small_one(
        council_member, zone, other_zone):
    make_requests(9, zone=zone)
    make_requests(6, zone=ZoneFactory(name="Oost", code="oost", team=zone.team))
    make_requests(2, zone=other_zone)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert zone_row(figures, "Centrum")["total"].text == "9"
    assert zone_row(figures, "Oost")["total"].suppressed  # the smaller of the two shown ones
    assert zone_row(figures, "Dorpen Zuid")["total"].suppressed
    assert figures.totals["total"].value == 17


def test_one_hidden_channel_is_not_given_away_by_the_total(council_member, zone):
    make_requests(6, zone=zone, channel=Channel.PHONE)
    make_requests(7, zone=zone, channel=Channel.WALK_IN)
    make_requests(1, zone=zone, channel=Channel.WEB_FORM)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert figures.totals["total"].value == 14
    assert channel_row(figures, Channel.WEB_FORM)["total"].suppressed
    # The smallest shown channel is hidden with it; the larger stays.
    assert channel_row(figures, Channel.PHONE)["total"].suppressed
    assert channel_row(figures, Channel.WALK_IN)["total"].text == "7"


def test_a_total_hidden_beside_its_zones_is_hidden_wherever_the_page_shows_it(council_member, zone, other_zone):
    """Centrum 2, Dorpen Zuid 2 and 3 requests outside every zone: 7 in all. The two zones
    together rest on 4 residents, so the zones' total is hidden to protect them; shown at the top
    of the page, the same 7 would give those 4 back (the page treats the zones as adding up)."""
    make_requests(2, zone=zone)
    make_requests(2, zone=other_zone)
    make_requests(3, zone=None)
    figures = login(council_member).get(reverse("reporting:council"), ONE_DAY).context["figures"]
    assert zone_row(figures, "Centrum")["total"].suppressed and zone_row(figures, "Dorpen Zuid")["total"].suppressed
    assert figures.totals["total"].suppressed
    assert figures.totals["settled_share"].suppressed
