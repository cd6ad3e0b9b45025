"""On a tablet, from the household's plan: the meitinker refers the resident to a debt counsellor
and shares only the plan's goals; the partner reads exactly those, accepts, and the plan page
shows the referral with its status."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.factories import ActionFactory, CaseFactory, GoalFactory
from intake.models import ConversationOutcome, ConversationStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_partners_flow import fits_the_tablet, log_in, scene  # noqa: F401 (the shared scene)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(scene):  # noqa: F811
    conversation = scene["conversation"]
    conversation.status, conversation.outcome = ConversationStatus.FINISHED, ConversationOutcome.NEEDS_PLAN
    conversation.finished_at = timezone.now()
    conversation.save()
    case = CaseFactory(conversation=conversation)
    GoalFactory(case=case, text="Ik wil de huur weer op tijd betalen.")
    ActionFactory(case=case, description="Samen de blauwe envelop openen")
    return case


def test_refer_from_the_plan_sharing_only_the_goals(page: Page, live_server, plan):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/cases/{plan.pk}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Verwijzingen naar partners"))
    expect(section).to_contain_text("Nog geen verwijzingen vanuit dit plan.")
    section.get_by_role("link", name="Verwijzen naar een partner").click()

    expect(page.get_by_text("Kies de partner naar wie u de inwoner van het plan verwijst.")).to_be_visible()
    search = page.get_by_label("Zoek op naam, expertise, organisatie of wijk")
    search.focus()
    page.keyboard.type("schulden")
    results = page.locator("#results")
    expect(results).not_to_contain_text("Sietske Bouma")
    results.get_by_role("link", name="Verwijzen naar Ronald Mulder").click()

    expect(page.get_by_role("heading", name="Grietje Hoekstra verwijzen naar een partner")).to_be_visible()
    expect(page.get_by_role("link", name="Terug naar het plan")).to_be_visible()
    page.get_by_label("Wat wordt er van de partner gevraagd").fill("Graag meedenken over het huurdoel uit het plan.")
    page.get_by_label(re.compile("De doelen uit het plan")).check()
    assert fits_the_tablet(page)
    assert_accessible(page)
    page.get_by_label(re.compile("De inwoner stemt in met deze verwijzing")).check()
    page.get_by_role("button", name="Verwijzing versturen").click()
    expect(page.get_by_text("De verwijzing is verstuurd naar Schuldhulpmaatje Meerhoven.")).to_be_visible()

    log_in(page, live_server, "partner-schuldhulp")
    page.get_by_role("link", name="Grietje Hoekstra").click()
    handover = page.locator(".partners-shared")
    expect(handover).to_contain_text("Ik wil de huur weer op tijd betalen.")
    expect(handover).not_to_contain_text("Samen de blauwe envelop openen")  # actions not consented
    assert fits_the_tablet(page)
    assert_accessible(page)
    page.get_by_role("button", name="Verwijzing accepteren").click()
    expect(page.get_by_text("De verwijzing is nu: Geaccepteerd.")).to_be_visible()

    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/cases/{plan.pk}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Verwijzingen naar partners"))
    expect(section).to_contain_text("Geaccepteerd")
    expect(section.get_by_role("link", name="Schuldhulp en budgetcoaching, Schuldhulpmaatje Meerhoven")).to_be_visible()
    assert fits_the_tablet(page)
    assert_accessible(page)
