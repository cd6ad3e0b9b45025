"""The live council figures of a quarter and that quarter's stored reports count the same requests,
so they are suppressed as one set (reporting.selectors.council_sections). Apart, each hid its own
complements: the municipality's report, made against its zones' reports, could hide a channel the
page showed (page minus the other zone's report gave a zone's small count back), and a zone's
report could show a total the page hid beside a small zone (page total minus that report gave the
small zone back). Now what a stored report hides, the page hides, and a report made after the page
hides what the page hides."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Channel
from reporting import services
from reporting.figures.requests import requests_by_channel, settled_at_intake
from reporting.models import PeriodKind, period_bounds
from reporting.report_forms import ended_quarters
from tests.conftest import login
from tests.reporting.conftest import make_requests, only_figures

pytestmark = pytest.mark.django_db

YEAR, QUARTER = ended_quarters(timezone.localdate())[0]
DAY = period_bounds(PeriodKind.QUARTER, YEAR, QUARTER)[0]
PERIOD = {"period": f"{YEAR}-Q{QUARTER}"}


@pytest.fixture
def front_door_figures():
    """The report's two figures the live page shares places with, under their own keys."""
    with only_figures(("requests_by_channel", 10, requests_by_channel), ("settled_at_intake", 20, settled_at_intake)):
        yield


def generate(user, *, zone=None):
    report = services.report_request(user=user, request=None, period_kind=PeriodKind.QUARTER, year=YEAR,
                                     quarter=QUARTER, zone=zone, enqueue=False)
    return services.report_generate_run(report_id=report.pk)


def report_cell(report, label: str) -> dict:
    table = next(s for s in report.data if s["key"] == "requests_by_channel")["tables"][0]
    return next(row for row in table["rows"] if row[0]["value"] == label)[1]


def page(user):
    return login(user).get(reverse("reporting:council"), PERIOD).context["figures"]


def phone_on(figures):
    return next(row for row in figures.by_channel if row["channel"] == Channel.PHONE.label)["total"]


@pytest.fixture
def small_phone_zone(zone, other_zone):
    """Centrum: 3 phone requests (3 residents) and 10 walk-in; Dorpen Zuid: 10 and 10."""
    make_requests(3, zone=zone, channel=Channel.PHONE, day=DAY)
    make_requests(10, zone=zone, channel=Channel.WALK_IN, day=DAY)
    make_requests(10, zone=other_zone, channel=Channel.PHONE, day=DAY)
    make_requests(10, zone=other_zone, channel=Channel.WALK_IN, day=DAY)


def test_the_page_and_one_zones_report_do_not_give_the_other_zone_away(front_door_figures, small_phone_zone,
                                                                       team_leader, council_member, zone, other_zone):
    # The schedule makes the zones' reports first; the page offers the quarter before any.
    dorpen = generate(team_leader, zone=other_zone)
    figures = page(council_member)
    # Shown together, the page's 13 phone requests minus Dorpen Zuid's 10 would be Centrum's 3.
    assert phone_on(figures).suppressed or report_cell(dorpen, "Telefoon")["suppressed"]
    centrum = generate(team_leader, zone=zone)
    assert report_cell(centrum, "Telefoon")["suppressed"] is True  # 3 residents
    again = page(council_member)
    assert phone_on(again).suppressed or report_cell(dorpen, "Telefoon")["suppressed"]
    municipality = generate(team_leader)
    last = page(council_member)
    for shown in (report_cell(municipality, "Telefoon"), {"suppressed": phone_on(last).suppressed}):
        assert shown["suppressed"] or report_cell(dorpen, "Telefoon")["suppressed"]


def test_the_page_hides_what_the_municipalitys_report_hid_against_its_zones(
        front_door_figures, small_phone_zone, team_leader, council_member, zone, other_zone, monkeypatch):
    # Reports made while the page did not offer the quarter yet (so not against it): the zones
    # first, then the municipality, which hides its 13 phone requests against Dorpen Zuid's 10.
    with monkeypatch.context() as running:
        running.setattr("reporting.services.timezone.localdate", lambda *args: DAY)  # the quarter runs
        zone_reports = [generate(team_leader, zone=z) for z in (zone, other_zone)]
        municipality = generate(team_leader)
    assert report_cell(zone_reports[0], "Telefoon")["suppressed"] is True  # 3 residents
    assert report_cell(zone_reports[1], "Telefoon")["value"] == 10
    assert report_cell(municipality, "Telefoon")["suppressed"] is True  # 13 - 10 = 3

    figures = page(council_member)
    # Alone the page would show 13 phone requests (13 residents): with the other zone's report
    # that is the first zone's 3 again.
    assert (phone_on(figures).value, phone_on(figures).suppressed) == (None, True)
    # Every channel the report hides, the page hides; the total both show.
    for value, name in Channel.choices:
        shown = next(row for row in figures.by_channel if row["channel"] == name)["total"]
        assert shown.suppressed or not report_cell(municipality, str(Channel(value).label))["suppressed"], name
    assert figures.totals["total"].value == 33 == report_cell(municipality, "Alle kanalen")["value"]


def test_a_zones_report_made_after_the_page_hides_what_the_page_hid(front_door_figures, team_leader,
                                                                    council_member, zone, other_zone):
    make_requests(3, zone=zone, channel=Channel.PHONE, day=DAY)
    make_requests(20, zone=other_zone, channel=Channel.PHONE, day=DAY)
    figures = page(council_member)
    rows = {row["name"]: row["total"] for row in figures.by_zone}
    # The small zone is hidden, and the other zone beside it: the total (23) is shown.
    assert (rows["Centrum"].suppressed, rows["Dorpen Zuid"].suppressed) == (True, True)
    assert figures.totals["total"].value == 23

    # Shown, the other zone's report would give 23 - 20 = 3 for Centrum with the page.
    report = generate(team_leader, zone=other_zone)
    assert report_cell(report, "Alle kanalen")["suppressed"] is True
    # And the page, now with that report stored, still hides the same.
    again = {row["name"]: row["total"] for row in page(council_member).by_zone}
    assert again["Dorpen Zuid"].suppressed is True


def test_a_zones_report_of_a_quarter_the_page_does_not_offer_is_made_on_its_own(front_door_figures, team_leader,
                                                                                zone, other_zone):
    # The quarter still running is not on the page, so nothing the page hides binds its report.
    today = timezone.localdate()
    current = (today.year, (today.month - 1) // 3 + 1)
    start = period_bounds(PeriodKind.QUARTER, *current)[0]
    make_requests(3, zone=zone, channel=Channel.PHONE, day=start)
    make_requests(20, zone=other_zone, channel=Channel.PHONE, day=start)
    report = services.report_request(user=team_leader, request=None, period_kind=PeriodKind.QUARTER,
                                     year=current[0], quarter=current[1], zone=other_zone, enqueue=False)
    report = services.report_generate_run(report_id=report.pk)
    assert report_cell(report, "Alle kanalen")["value"] == 20


def test_a_report_made_while_english_is_active_is_in_the_councils_language(front_door_figures, team_leader, zone,
                                                                           other_zone):
    # Cells are matched with the page by their labels: a report in English would match nothing.
    from django.utils import translation

    make_requests(3, zone=zone, channel=Channel.PHONE, day=DAY)
    make_requests(20, zone=other_zone, channel=Channel.PHONE, day=DAY)
    with translation.override("en"):
        report = generate(team_leader, zone=other_zone)
    assert report_cell(report, "Alle kanalen")["suppressed"] is True


def test_the_page_says_it_hides_what_the_reports_hide(council_member, zone):
    make_requests(6, zone=zone, channel=Channel.PHONE, day=DAY)
    html = login(council_member).get(reverse("reporting:council"), PERIOD).content.decode()
    assert "Een aantal dat de raadsrapportages van dit kwartaal verbergen, is hier ook verborgen" in html


def test_a_number_a_stored_report_shows_protects_nothing_hidden_and_takes_nothing_with_it(
        front_door_figures, team_leader, council_member, zone, other_zone):
    # The municipality's report was made at threshold 5 and shows 7 phone requests; the threshold
    # is 10 now, so the page hides them. The 7 are known from the report all the same: hiding
    # them must not blank out the channels, zones and total beside them.
    from reporting.models import ReportSettings

    make_requests(7, zone=zone, channel=Channel.PHONE, day=DAY)
    make_requests(30, zone=zone, channel=Channel.WALK_IN, day=DAY)
    make_requests(30, zone=other_zone, channel=Channel.WALK_IN, day=DAY)
    make_requests(12, zone=other_zone, channel=Channel.WEB_FORM, day=DAY)
    municipality = generate(team_leader)
    assert report_cell(municipality, "Telefoon")["value"] == 7
    settings = ReportSettings.current()
    settings.suppression_threshold = 10
    settings.save()
    figures = page(council_member)
    shown = {row["channel"]: row["total"].text for row in figures.by_channel}
    assert shown[Channel.PHONE.label] == "<10"
    assert (shown[Channel.WALK_IN.label], shown[Channel.WEB_FORM.label], figures.totals["total"].text) == ("60", "12", "79")


def test_every_number_the_page_shares_with_a_report_finds_its_place_in_the_real_reports(team_leader, zone,
                                                                                        other_zone):
    # With the whole registry: a label or section renamed in a figure would silently unbind the
    # page from its reports (a place that matches nothing is no equation).
    from reporting.selectors import council_part, council_sections
    from reporting.suppression import _places

    make_requests(6, zone=zone, channel=Channel.PHONE, day=DAY)
    make_requests(6, zone=other_zone, channel=Channel.WALK_IN, day=DAY)
    reports = {z.pk if z else None: generate(team_leader, zone=z) for z in (zone, other_zone, None)}
    sections = council_sections(date_from=DAY, date_to=period_bounds(PeriodKind.QUARTER, YEAR, QUARTER)[1],
                                threshold=5)
    for zone_id, report in reports.items():
        page_places = _places(sections, council_part(zone_id))
        report_places = _places(report.data)
        assert page_places.keyed and report_places.keyed
        shared = {place for place in page_places.by_key if place[0] in ("requests_by_channel", "settled_at_intake")}
        # The page's own tables (zones, home visits) have no place in a report.
        assert {place[0] for place in page_places.by_key} - {"requests_by_channel", "settled_at_intake"} <= {
            "council_zones"}
        assert not shared - set(report_places.by_key), zone_id
        # Channels, all channels, settled at intake, all requests.
        assert len(shared) == len(Channel.choices) + 3


def test_a_report_of_a_quarter_the_page_no_longer_lists_is_still_made_against_it(front_door_figures, team_leader,
                                                                                 zone, other_zone):
    # The page lists the last eight ended quarters; readers saw an older one while it was listed.
    year = YEAR - 3
    start = period_bounds(PeriodKind.QUARTER, year, 1)[0]
    assert (year, 1) not in ended_quarters(timezone.localdate())
    make_requests(3, zone=zone, channel=Channel.PHONE, day=start)
    make_requests(20, zone=other_zone, channel=Channel.PHONE, day=start)
    report = services.report_request(user=team_leader, request=None, period_kind=PeriodKind.QUARTER, year=year,
                                     quarter=1, zone=other_zone, enqueue=False)
    report = services.report_generate_run(report_id=report.pk)
    # The page showed 23 in all, both zones hidden: shown, the 20 would give Centrum's 3 away.
    assert report_cell(report, "Alle kanalen")["suppressed"] is True
