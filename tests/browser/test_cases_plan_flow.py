"""A meitinker on a tablet opens a plan from a finished conversation, adds a goal and an action
with a partner, evaluates, closes the plan and sees the follow-ups scheduled; axe WCAG 2.1 AA
on every page on the way, and the plan is usable by keyboard."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.factories import PostcodeAreaFactory, TeamFactory, UserFactory, ZoneFactory
from cases.factories import CaseTypeFactory
from cases.models import add_months
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome, ConversationStatus
from partners.factories import OrganisationFactory
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finished_conversation(life_domains):
    team = TeamFactory(name="Team Stad")
    zone = ZoneFactory(name="Meerhoven-Centrum", code="centrum", team=team)
    PostcodeAreaFactory(prefix="8441", zone=zone)
    anna = UserFactory(username="anna", first_name="Anna", last_name="de Boer", team=team, zones=[zone])
    CaseTypeFactory(code="safety-at-home", name="Gezin na onderzoek veiligheid thuis", follow_up_months=[3, 12, 18])
    OrganisationFactory(name="Schuldhulpmaatje Meerhoven", kind="debt_counselling")
    membership = MembershipFactory(household__zone=zone, household__postcode="8441AB",
                                   resident__first_names="Grietje", resident__surname="Hoekstra")
    help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                      assigned=True, assigned_worker=anna)
    conversation = ConversationFactory(help_request=help_request, worker=anna, status=ConversationStatus.FINISHED,
                                       outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now(),
                                       scores={"financien": 2, "huisvesting": 4})
    conversation.scores.filter(domain__code="financien").update(note="Ik wil mijn rekeningen zelf betalen.")
    return conversation


def test_a_meitinker_opens_a_plan_evaluates_and_closes_it_and_sees_the_follow_ups(
        page: Page, live_server, finished_conversation):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/intake/conversations/{finished_conversation.pk}/")
    page.get_by_label("Soort casus").select_option(label="Gezin na onderzoek veiligheid thuis")
    page.get_by_role("button", name="Plan starten").click()

    expect(page.get_by_role("heading", name="Plan: Grietje Hoekstra")).to_be_visible()
    goals = page.locator("section", has=page.get_by_role("heading", name="Doelen", exact=True))
    expect(goals).to_contain_text("Ik wil mijn rekeningen zelf betalen.")  # from the conversation, not retyped
    assert_accessible(page)

    goal_form = page.locator("form", has=page.get_by_role("button", name="Doel toevoegen"))
    goal_form.get_by_label("Leefgebied").select_option(label="Sociaal netwerk")
    goal_form.get_by_label("Doel in de woorden van de inwoner").fill("Weer eens per week met mijn zus koffie drinken.")
    goal_form.get_by_role("button", name="Doel toevoegen").click()
    expect(page.get_by_text("Doel toegevoegd.")).to_be_visible()

    page.get_by_role("link", name="Doel voor Financiën wijzigen").click()
    expect(page.get_by_role("heading", name=re.compile("Doel wijzigen"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Doel in de woorden van de inwoner").fill("Ik wil mijn vaste lasten zelf betalen.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Doel opgeslagen.")).to_be_visible()

    action_form = page.locator("form", has=page.get_by_role("button", name="Actie toevoegen"))
    action_form.get_by_label("Wat").fill("Budgetcoaching twee keer per maand")
    action_form.get_by_label("Wie").select_option(label="Een partnerorganisatie")
    # Forgot the organisation: a Dutch error next to the field, the text typed is kept.
    action_form.get_by_label("Uiterlijk").fill("2027-01-15")
    action_form.get_by_role("button", name="Actie toevoegen").click()
    action_form = page.locator("form", has=page.get_by_role("button", name="Actie toevoegen"))
    expect(action_form.get_by_text("Kies de partnerorganisatie die dit doet.").first).to_be_visible()
    expect(action_form.get_by_label("Wat")).to_have_value("Budgetcoaching twee keer per maand")
    assert_accessible(page)
    action_form.get_by_label("Partnerorganisatie").select_option(label="Schuldhulpmaatje Meerhoven")
    action_form.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_text("Actie toegevoegd.")).to_be_visible()
    actions = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Acties")))
    expect(actions).to_contain_text("Schuldhulpmaatje Meerhoven")

    # Evaluate by keyboard: the link is reachable and opens with Enter.
    page.get_by_role("link", name="Plan evalueren").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Plan evalueren"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Financiën: Ik wil mijn vaste lasten")).select_option("partly")
    page.get_by_label(re.compile("^Sociaal netwerk: Weer")).select_option("reached")
    page.get_by_label("Zelfredzaamheid nu: Financiën").select_option("3")
    page.get_by_label("Zelfredzaamheid nu: Sociaal netwerk").select_option("4")
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    expect(page.get_by_text(re.compile("Evaluatie vastgelegd"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Financiën"))).to_be_visible()
    assert_accessible(page)

    # The close form opens on demand: htmx swaps it into its slot and the focus lands on its first field.
    page.get_by_role("link", name="Het plan afsluiten met de uitkomst…").click()
    close_form = page.locator("form", has=page.get_by_role("button", name="Plan afsluiten"))
    expect(close_form.get_by_label("Uitkomst")).to_be_focused()
    assert "?form=" not in page.url  # swapped in place, not a page load
    assert_accessible(page)
    close_form.get_by_label("Uitkomst").select_option(label="Doelen deels bereikt")
    close_form.get_by_label("Reden van afsluiten").fill("Rekeningen lopen weer; nazorg volgt.")
    close_form.get_by_role("button", name="Plan afsluiten").click()
    expect(page.get_by_text("Plan afgesloten; de nazorgcontacten zijn gepland.")).to_be_visible()
    follow_ups = page.locator("section", has=page.get_by_role("heading", name="Nazorg na afsluiting"))
    today = timezone.localdate()
    for months in (3, 12, 18):
        day = add_months(today, months)
        expect(follow_ups).to_contain_text(f"{day.day} ")
        expect(follow_ups).to_contain_text(f"{months} maanden na afsluiting")
    assert_accessible(page)
    page.screenshot(path="/tmp/cases-plan.png", full_page=True)


def test_a_partner_reads_the_shared_plan_and_gives_feedback_until_consent_is_withdrawn(
        page: Page, live_server, finished_conversation):
    from accounts.models import Role
    from cases import services
    from partners.models import Organisation

    anna = finished_conversation.worker
    organisation = Organisation.objects.get(name="Schuldhulpmaatje Meerhoven")
    UserFactory(username="ronald", first_name="Ronald", last_name="Mulder", role=Role.PARTNER_WORKER,
                organisation=organisation)
    case = services.case_open(user=anna, request=None, conversation=finished_conversation,
                              today=timezone.localdate())
    services.action_add(user=anna, request=None, case=case, expected_version=case.version,
                        description="Budgetcoaching", actor="partner", organisation=organisation,
                        due_on=timezone.localdate())
    consent = services.consent_record(user=anna, request=None, case=case, organisation=organisation,
                                      parts=["actions"], valid_until=add_months(timezone.localdate(), 6))

    log_in(page, live_server, "ronald")
    page.get_by_role("link", name="Met ons gedeelde plannen").click()
    page.get_by_role("link", name=re.compile(f"Plan {case.pk}")).click()
    expect(page.get_by_role("heading", name="Gedeeld plan: Grietje Hoekstra")).to_be_visible()
    expect(page.get_by_text("Ik wil mijn rekeningen zelf betalen.")).to_have_count(0)  # goals not shared
    assert_accessible(page)
    page.get_by_label("Werkte uw deel?").select_option("partly")
    page.get_by_label("Terugkoppeling").fill("Twee afspraken gemist, daarna goed.")
    page.get_by_role("button", name="Terugkoppeling versturen").click()
    expect(page.get_by_text("Dank u: uw terugkoppeling staat bij het plan.")).to_be_visible()
    expect(page.get_by_text("Twee afspraken gemist, daarna goed.")).to_be_visible()
    page.screenshot(path="/tmp/cases-shared.png", full_page=True)

    services.consent_withdraw(user=anna, request=None, consent=consent)
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response.status == 404
