"""At the kitchen table on a tablet: the meitinker finds a debt counsellor in the directory,
refers the resident with consent, the partner logs in, accepts and gives feedback, and the
status shows on the resident's household timeline."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.factories import (
    PostcodeAreaFactory,
    TeamFactory,
    UserFactory,
    ZoneFactory,
)
from accounts.models import Role
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from partners.factories import OrganisationFactory, PersonFactory, ServiceFactory
from partners.models import OrganisationKind
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(life_domains):
    team = TeamFactory(name="Team Stad")
    zone = ZoneFactory(name="Meerhoven-Centrum", code="centrum", team=team)
    PostcodeAreaFactory(prefix="8441", zone=zone)
    anna = UserFactory(username="anna", first_name="Anna", last_name="de Boer", team=team, zones=[zone])
    membership = MembershipFactory(household__zone=zone, resident__first_names="Grietje",
                                   resident__surname="Hoekstra")
    help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                      status="in_conversation", assigned_worker=anna,
                                      question="Huurachterstand en moeite met de administratie.")
    conversation = ConversationFactory(help_request=help_request, worker=anna,
                                       debt_note="Drie maanden huurachterstand.", arrears=["rent"])
    debt = OrganisationFactory(name="Schuldhulpmaatje Meerhoven", kind=OrganisationKind.DEBT_COUNSELLING)
    ServiceFactory(organisation=debt, name="Schuldhulp en budgetcoaching")
    partner = UserFactory(username="partner-schuldhulp", first_name="Ronald", last_name="Mulder",
                          role=Role.PARTNER_WORKER, organisation=debt)
    PersonFactory(organisation=debt, user=partner, name="Ronald Mulder", job_title="Schuldhulpverlener",
                  expertise=["schuldhulp", "budgetbeheer"], zones=[zone], phone="+31612345678")
    PersonFactory(name="Sietske Bouma", job_title="Jeugdverpleegkundige", expertise=["opvoeding"])
    return {"conversation": conversation, "household": membership.household}


def fits_the_tablet(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= 768



def test_refer_to_a_debt_counsellor_and_see_the_partners_answer_on_the_timeline(page: Page, live_server, scene):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/intake/conversations/{scene['conversation'].pk}/")
    page.get_by_role("link", name="Verwijzen naar een partner").click()

    expect(page.get_by_role("heading", name="Sociale kaart")).to_be_visible()
    search = page.get_by_label("Zoek op naam, expertise, organisatie of wijk")
    search.focus()
    page.keyboard.type("schulden")
    results = page.locator("#results")
    expect(results).to_contain_text("Ronald Mulder")
    expect(results).not_to_contain_text("Sietske Bouma")
    # The swap replaces only the results: the keyboard user keeps typing where they were.
    expect(search).to_be_focused()
    expect(results.get_by_role("link", name=re.compile(r"Bel \+31612345678"))).to_have_attribute(
        "href", "tel:+31612345678")
    assert fits_the_tablet(page)
    assert_accessible(page)

    results.get_by_role("link", name="Verwijzen naar Ronald Mulder").click()
    expect(page.get_by_role("heading", name="Grietje Hoekstra verwijzen naar een partner")).to_be_visible()
    page.get_by_label("Wat wordt er van de partner gevraagd").fill("Graag een eerste gesprek over de huurachterstand.")
    page.get_by_label("De schuldenscreening (achterstanden, dreigingen, notitie)").check()
    assert_accessible(page)
    page.get_by_label(re.compile("De inwoner stemt in met deze verwijzing")).check()
    page.get_by_role("button", name="Verwijzing versturen").click()
    expect(page.get_by_text("De verwijzing is verstuurd naar Schuldhulpmaatje Meerhoven.")).to_be_visible()
    assert_accessible(page)

    log_in(page, live_server, "partner-schuldhulp")
    expect(page.get_by_role("heading", name="Verwijzingen naar Schuldhulpmaatje Meerhoven")).to_be_visible()
    assert fits_the_tablet(page)
    assert_accessible(page)
    page.get_by_role("link", name="Grietje Hoekstra").click()
    handover = page.locator(".partners-shared")
    expect(handover).to_contain_text("Drie maanden huurachterstand.")
    expect(handover).not_to_contain_text("Dochter komt twee keer per week langs.")  # summary not consented
    assert_accessible(page)
    page.get_by_role("button", name="Verwijzing accepteren").click()
    expect(page.get_by_text("De verwijzing is nu: Geaccepteerd.")).to_be_visible()
    page.get_by_role("button", name="Markeren als gestart").click()
    # Finishing without feedback is refused next to the field; then with feedback.
    page.get_by_role("button", name="Afronden met terugkoppeling").click()
    expect(page.get_by_text("Geef terugkoppeling over het resultaat voordat u afrondt.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Terugkoppeling over het resultaat").fill("Budgetplan gemaakt; huur wordt weer betaald.")
    page.get_by_role("button", name="Afronden met terugkoppeling").click()
    expect(page.get_by_text("De verwijzing is nu: Afgerond.")).to_be_visible()

    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/intake/households/{scene['household'].pk}/")
    timeline = page.locator(".app-timeline")
    expect(timeline).to_contain_text("Verwijzing naar Schuldhulpmaatje Meerhoven")
    expect(timeline).to_contain_text("Schuldhulp en budgetcoaching: Afgerond")
    assert_accessible(page)
    timeline.get_by_role("link", name=re.compile("Afgerond")).click()
    expect(page.get_by_text("Budgetplan gemaakt; huur wordt weer betaald.")).to_be_visible()


def test_a_partner_keeps_their_own_entry_current_with_a_photo(page: Page, live_server, scene, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "ronald.png"
    from PIL import Image

    Image.new("RGB", (120, 120), (30, 80, 160)).save(photo, format="PNG")
    log_in(page, live_server, "partner-schuldhulp")
    page.get_by_role("link", name="Mijn vermelding in de sociale kaart bijwerken").click()
    expect(page.get_by_role("heading", name="Vermelding van Ronald Mulder")).to_be_visible()
    assert_accessible(page)
    # A wrong number: the Dutch error appears next to the field and what was typed stays.
    page.get_by_label("Direct telefoonnummer").fill("12345")
    page.get_by_label("Waar en wanneer").fill("Servicepunt Meerhoven, dinsdag 9-12 uur")
    page.get_by_role("button", name="Opslaan en bevestigen").click()
    expect(page.get_by_text("Vul een Nederlands telefoonnummer in").first).to_be_visible()
    expect(page.get_by_label("Waar en wanneer")).to_have_value("Servicepunt Meerhoven, dinsdag 9-12 uur")
    assert_accessible(page)
    page.get_by_label("Direct telefoonnummer").fill("0513 123456")
    page.get_by_label("Foto", exact=True).set_input_files(str(photo))
    page.get_by_role("button", name="Opslaan en bevestigen").click()
    expect(page.get_by_text("De vermelding is opgeslagen en bevestigd als actueel.")).to_be_visible()
    expect(page.get_by_role("img", name="Foto van Ronald Mulder")).to_be_visible()
    served = page.request.get(live_server.url + page.get_by_role("img", name="Foto van Ronald Mulder").get_attribute("src"))
    assert served.status == 200 and served.headers["content-type"] == "image/png"
    expect(page.get_by_role("img", name="Foto van Ronald Mulder")).to_have_js_property("naturalWidth", 120)

    page.goto(f"{live_server.url}/partners/?q=budget")
    expect(page.locator("#results").get_by_role("link", name=re.compile(r"\+31513123456"))).to_be_visible()
    page.locator("#results").get_by_role("link", name="Schuldhulpmaatje Meerhoven").click()
    expect(page.get_by_role("heading", name="Diensten")).to_be_visible()
    assert_accessible(page)
