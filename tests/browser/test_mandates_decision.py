"""A meitinker on a tablet finishes the kitchen-table conversation and grants household help
within their mandate in one sitting, and the letter PDF is produced; above the mandate the
decision lands in the team leader's approval queue."""

import decimal
import importlib
import io
import re

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.factories import PostcodeAreaFactory, TeamFactory, UserFactory, ZoneFactory
from accounts.models import Role
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from mandates.factories import GeneralProvisionFactory, MandateFactory, ProvisionFactory
from mandates.models import DecisionKind, ProductCategory
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kitchen_table(life_domains, settings, tmp_path):
    """Calendar and codelists (live_server tests flush the migration data), a catalogue, Anna
    with a Wmo mandate up to EUR 5 000 for household help, the team leaders' role mandate, and
    a conversation in progress at Grietje's kitchen table. Celery runs the letter task in-process."""
    from toegang.celery import app

    importlib.import_module("mandates.migrations.0002_legal_calendar_and_codelists").add_calendar(apps, None)
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory(name="Team Stad")
    zone = ZoneFactory(name="Meerhoven-Centrum", code="centrum", team=team)
    PostcodeAreaFactory(prefix="8441", zone=zone)
    anna = UserFactory(username="anna", first_name="Anna", last_name="de Boer", team=team, zones=[zone])
    UserFactory(username="teamleider-stad", first_name="Marieke", last_name="Veenstra", role=Role.TEAM_LEADER,
                team=team)
    ProvisionFactory(price=decimal.Decimal("33.00"))
    GeneralProvisionFactory(name="Maaltijdservice")
    MandateFactory(holder=anna, kind=DecisionKind.WMO, max_amount=decimal.Decimal("5000"),
                   categories=[ProductCategory.objects.get(code="01")])
    MandateFactory(holder_role=Role.TEAM_LEADER, kind=DecisionKind.WMO, max_amount=decimal.Decimal("50000"))
    membership = MembershipFactory(household__zone=zone, resident__first_names="Grietje",
                                   resident__surname="Hoekstra")
    help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                      assigned=True, assigned_worker=anna, question="Hulp in het huishouden.")
    conversation = ConversationFactory(help_request=help_request, worker=anna)
    app.conf.task_always_eager = True
    yield conversation
    app.conf.task_always_eager = False


def finish_and_prepare(page: Page, live_server, conversation, *, hours: str) -> None:
    page.goto(f"{live_server.url}/intake/conversations/{conversation.pk}/")
    page.get_by_label("Besluit nodig (maatwerkvoorziening)").check()
    expect(page.locator("#autosave-status")).to_contain_text("Opgeslagen om", timeout=10000)
    page.get_by_role("button", name="Gesprek afronden").click()
    expect(page.get_by_role("heading", name=re.compile("Huishouden"))).to_be_visible()
    page.goto(f"{live_server.url}/intake/requests/{conversation.help_request_id}/")
    page.get_by_role("link", name="Besluit voorbereiden").click()
    expect(page.get_by_role("heading", name=re.compile("Besluit voorbereiden"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Maaltijdservice").check()
    page.get_by_role("combobox", name=re.compile("^Voorziening")).first.select_option(label="Hulp bij het huishouden")
    page.get_by_label(re.compile("^Omvang")).first.fill(hours)
    page.get_by_label("Einddatum").fill("2027-06-30")
    page.get_by_label("Motivering").fill("Na de heupoperatie kan mevrouw het huishouden niet zelf doen.")
    page.get_by_label("Wettelijke grondslag").fill("Wmo 2015, artikel 2.3.5")
    page.get_by_role("button", name="Voorbereiden en voorbeeld bekijken").click()
    expect(page.get_by_role("heading", name="Voorbeeld van de brief")).to_be_visible()
    assert_accessible(page)


def test_a_meitinker_grants_household_help_within_mandate_in_one_sitting(page: Page, live_server, kitchen_table):
    log_in(page, live_server, "anna")
    finish_and_prepare(page, live_server, kitchen_table, hours="2")
    expect(page.get_by_text("U mag hierover besluiten")).to_be_visible()
    expect(page.get_by_text("Eerst aangeboden algemene voorzieningen: Maaltijdservice")).to_be_visible()
    page.get_by_role("button", name="Besluiten en verzenden").click()
    expect(page.get_by_text("Besloten en verzonden namens het college")).to_be_visible()
    link = page.get_by_role("link", name="Open de brief (pdf)")
    expect(link).to_be_visible()
    assert_accessible(page)
    pdf = page.request.get(live_server.url + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).replace("\n", " ")
    assert "Namens het college van burgemeester en wethouders" in text
    assert "bezwaarschrift uiterlijk op" in text


def test_above_the_mandate_the_decision_lands_in_the_team_leaders_queue(page: Page, live_server, kitchen_table):
    log_in(page, live_server, "anna")
    finish_and_prepare(page, live_server, kitchen_table, hours="6")
    expect(page.get_by_text("Buiten uw mandaat")).to_be_visible()
    expect(page.get_by_role("button", name="Besluiten en verzenden")).to_have_count(0)
    page.get_by_role("button", name="Naar een gemandateerde collega sturen").click()
    expect(page.get_by_text("Naar de fiatteringswachtrij")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server, "teamleider-stad")
    page.get_by_role("link", name="Fiatteren").click()
    expect(page.get_by_role("heading", name="Fiatteringswachtrij")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Grietje Hoekstra").click()
    page.get_by_role("button", name="Besluiten en verzenden").click()
    expect(page.get_by_text("Besloten en verzonden namens het college")).to_be_visible()
    expect(page.get_by_text("Gewacht op een gemandateerde collega")).to_be_visible()
