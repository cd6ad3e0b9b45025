"""A resident on a phone opens the personal link from the invitation, answers every statement
and sees the thank-you page; the pages pass axe (WCAG 2.1 AA) on the way."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory
from accounts.models import Role
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from mandates.factories import DecisionFactory
from surveys import services
from surveys.models import Invitation, Response
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def credentials(meitinker):
    """live_server tests flush the database, data migrations included: put the statements back."""
    importlib.import_module("surveys.migrations.0002_statements").add_statements(apps, None)
    zone = meitinker.zones.get()
    membership = MembershipFactory(household__zone=zone, household__postcode="8441AB", resident__bsn=None)
    help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone)
    decision = DecisionFactory(conversation=ConversationFactory(help_request=help_request, worker=meitinker,
                                                                finished=True))
    invitation = Invitation.objects.create(resident=membership.resident, zone=zone, source_kind="decision",
                                           decision=decision, decision_kind="wmo", channel="letter",
                                           expires_at=timezone.now() + datetime.timedelta(days=60))
    return services.invitation_print_letter(invitation=invitation)


def test_a_resident_answers_the_survey_on_a_phone(page: Page, live_server, credentials):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/tevredenheid/{credentials.token}/")
    expect(page.get_by_role("heading", name="Hoe hebben wij het gedaan?")).to_be_visible()
    assert_accessible(page)
    # Nothing fits sideways on a phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    groups = page.get_by_role("group")
    expect(groups).to_have_count(9)
    # Skip the second statement first: the error appears next to it, in Dutch.
    for index in range(9):
        if index != 1:
            groups.nth(index).get_by_label("Mee eens", exact=True).check()
    page.get_by_label("Wilt u ons nog iets anders laten weten?").fill("Vriendelijk en snel.")
    page.get_by_role("button", name="Verstuur mijn antwoorden").click()
    expect(page.get_by_text("Kies een antwoord bij deze stelling.").first).to_be_visible()
    expect(page.get_by_role("group").nth(0).get_by_label("Mee eens", exact=True)).to_be_checked()
    expect(page.get_by_label("Wilt u ons nog iets anders laten weten?")).to_have_value("Vriendelijk en snel.")
    assert_accessible(page)

    page.get_by_role("group").nth(1).get_by_label("Helemaal mee eens").check()
    page.get_by_role("button", name="Verstuur mijn antwoorden").click()
    expect(page.get_by_role("heading", name="Dank u wel voor uw antwoorden")).to_be_visible()
    assert_accessible(page)
    assert Response.objects.get().remark == "Vriendelijk en snel."

    # The link works once.
    page.goto(f"{live_server.url}/tevredenheid/{credentials.token}/")
    expect(page.get_by_role("heading", name="U hebt deze vragenlijst al ingevuld")).to_be_visible()


def test_the_code_entry_page_is_accessible_on_a_phone(page: Page, live_server, credentials):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/tevredenheid/")
    page.get_by_label("Code uit uw brief").fill("ABC")
    page.get_by_role("button", name="Begin de vragenlijst").click()
    expect(page.get_by_text("Een code heeft acht letters en cijfers").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code uit uw brief").fill(services.format_code(credentials.code))
    page.get_by_role("button", name="Begin de vragenlijst").click()
    expect(page.get_by_role("group")).to_have_count(9)
    # The same questionnaire on a tablet.
    page.set_viewport_size({"width": 768, "height": 1024})
    assert_accessible(page)


def test_a_team_leader_reads_the_results_on_a_tablet(page: Page, live_server, meitinker):
    importlib.import_module("surveys.migrations.0002_statements").add_statements(apps, None)
    UserFactory(username="teamleider", role=Role.TEAM_LEADER, team=meitinker.team)
    log_in(page, live_server, "teamleider")
    page.goto(f"{live_server.url}/surveys/")
    expect(page.get_by_role("heading", name="Cliënttevredenheid", exact=True)).to_be_visible()
    assert_accessible(page)
