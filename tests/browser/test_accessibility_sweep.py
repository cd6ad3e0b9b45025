"""Every page type passes axe's WCAG 2.1 AA rules at tablet width, in Dutch and in English."""

import pytest
from playwright.sync_api import Page, expect

from accounts.factories import DEMO_PASSWORD, UserFactory
from accounts.models import Role
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(meitinker):
    zone = meitinker.zones.get()
    membership = MembershipFactory(household__zone=zone)
    request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                 assigned=True, assigned_worker=meitinker)
    HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone)
    conversation = ConversationFactory(help_request=request, worker=meitinker, scores={"financien": 2})
    return {"request": request, "conversation": conversation, "membership": membership}


def test_the_meitinkers_pages_are_accessible(page: Page, live_server, case):
    log_in(page, live_server, "anna")
    membership = case["membership"]
    for path in ["/intake/", "/intake/my-work/", "/intake/register/?search=1&surname=x&date_of_birth=1950-01-01",
                 f"/intake/requests/{case['request'].pk}/", f"/intake/conversations/{case['conversation'].pk}/",
                 f"/intake/residents/{membership.resident_id}/", f"/intake/households/{membership.household_id}/"]:
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_the_dashboards_and_the_english_interface_are_accessible(page: Page, live_server, case):
    UserFactory(username="teamleider", role=Role.TEAM_LEADER, team=case["request"].zone.team)
    UserFactory(username="beheerder", administrator=True, password=DEMO_PASSWORD)
    log_in(page, live_server, "teamleider")
    assert_accessible(page)  # the team dashboard
    page.get_by_role("button", name="In English").click()
    expect(page.get_by_role("heading", name="Team dashboard")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/reporting/council/")
    assert_accessible(page)
