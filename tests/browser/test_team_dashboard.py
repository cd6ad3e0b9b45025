"""A team leader on a tablet filters the caseload dashboard by zone (the figures swap in place,
the page does not reload), opens the plans behind a number and hands a plan to another case
director in place; axe WCAG 2.1 AA at 768px on both pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.factories import TeamFactory, UserFactory, ZoneFactory
from accounts.models import Role
from cases.models import Case
from intake.models import RequestStatus
from tests.browser.conftest import assert_accessible, log_in
from tests.reporting.conftest import make_case, make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team_caseload(life_domains):
    team = TeamFactory(name="Team Stad")
    centrum = ZoneFactory(name="Meerhoven-Centrum", code="centrum", team=team)
    noord = ZoneFactory(name="Meerhoven-Noord", code="noord", team=team)
    anna = UserFactory(username="anna", first_name="Anna", last_name="de Boer", team=team, zones=[centrum])
    bauke = UserFactory(username="bauke", first_name="Bauke", last_name="Hoekstra", team=team, zones=[noord])
    UserFactory(username="teamleider", first_name="Tineke", last_name="Visser", role=Role.TEAM_LEADER, team=team)
    make_request(zone=centrum, worker=anna, first_contact=-10)
    make_request(zone=noord, worker=bauke, first_contact=-1)
    make_request(zone=noord, status=RequestStatus.NEW, first_contact=-3)
    make_case(zone=centrum, director=anna, complex_decision=True)
    return {"noord": noord, "anna": anna, "bauke": bauke,
            "plan": make_case(zone=noord, director=bauke, complex_decision=False)}


def test_a_team_leader_filters_by_zone_and_hands_a_plan_over_in_place(page: Page, live_server, team_caseload):
    log_in(page, live_server, "teamleider")
    expect(page.get_by_role("heading", name="Teamoverzicht")).to_be_visible()
    assert_accessible(page)
    per_zone = page.get_by_role("table", name="Werkvoorraad per wijk")
    expect(per_zone.get_by_role("row")).to_have_count(3)  # header + two zones

    # A full reload would lose this marker; an htmx swap keeps it.
    page.evaluate("window.dashboardMarker = 'kept'")
    page.get_by_label("Wijk", exact=True).select_option(label="Meerhoven-Noord")
    expect(per_zone.get_by_role("row")).to_have_count(2)
    expect(per_zone).to_contain_text("Meerhoven-Noord")
    expect(page).to_have_url(re.compile(rf"zone={team_caseload['noord'].pk}"))
    assert page.evaluate("window.dashboardMarker") == "kept"
    open_plans = page.locator(".app-card", has_text="Open plannen").get_by_role("link")
    expect(open_plans).to_have_text("1")
    assert_accessible(page)

    open_plans.click()
    expect(page.get_by_role("heading", name="Open plannen")).to_be_visible()
    plan = team_caseload["plan"]
    row = page.locator(f"#case-{plan.pk}")
    expect(row).to_contain_text("Bauke Hoekstra")
    assert_accessible(page)

    page.evaluate("window.listMarker = 'kept'")
    row.get_by_label("Nieuwe regisseur").select_option(label="Anna de Boer")
    row.get_by_role("button", name="Overdragen").click()
    expect(page.get_by_text("Anna de Boer is nu de regisseur.")).to_be_visible()
    assert page.evaluate("window.listMarker") == "kept"
    assert Case.objects.get(pk=plan.pk).director == team_caseload["anna"]
    assert_accessible(page)
