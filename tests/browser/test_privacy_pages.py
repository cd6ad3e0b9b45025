"""The privacy pages pass axe's WCAG 2.1 AA rules at tablet width, with the dispute banner shown."""

import pytest
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory
from accounts.models import Role
from intake.factories import HelpRequestFactory, MembershipFactory
from privacy.services import dispute_open, restriction_impose
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def resident(meitinker):
    zone = meitinker.zones.get()
    membership = MembershipFactory(household__zone=zone)
    HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                       assigned=True, assigned_worker=meitinker)
    return membership.resident


def test_the_dispute_and_restriction_pages_are_accessible(page: Page, live_server, meitinker, resident):
    leader = UserFactory(username="teamleider", role=Role.TEAM_LEADER, team=meitinker.team)
    dispute_open(user=leader, request=None, resident=resident, description="Geboortedatum klopt niet")
    log_in(page, live_server, "teamleider")
    page.goto(f"{live_server.url}/intake/residents/{resident.pk}/")
    expect(page.get_by_text("Gegevens betwist")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/privacy/residents/{resident.pk}/disputes/new/")
    page.get_by_role("button", name="Betwisting vastleggen").click()
    expect(page.get_by_text("Beschrijf wat de inwoner betwist.", exact=True)).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/privacy/residents/{resident.pk}/restrict/")
    assert_accessible(page)


def test_the_administrators_pages_are_accessible(page: Page, live_server, meitinker, resident):
    restriction = restriction_impose(user=meitinker, request=None, resident=resident, reason="Betwist")
    UserFactory(username="beheerder", administrator=True)
    log_in(page, live_server, "beheerder")
    for path in ["/privacy/restrictions/", f"/privacy/restrictions/{restriction.pk}/", "/privacy/retention/"]:
        page.goto(live_server.url + path)
        assert_accessible(page)
