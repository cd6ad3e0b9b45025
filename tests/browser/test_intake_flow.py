"""A meitinker on a tablet: registers a request, holds the kitchen-table conversation with
autosave, finishes it and sees it on the household's timeline."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_a_meitinker_registers_a_request_and_holds_the_conversation(page: Page, live_server, meitinker):
    log_in(page, live_server, "anna")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe hulpvraag").first.click()
    page.get_by_label("BSN").first.fill("999990019")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Geen inwoner gevonden")).to_be_visible()
    assert_accessible(page)

    form = page.locator("form", has=page.get_by_role("button", name="Inwoner registreren en verder"))
    form.get_by_label("Voornamen").fill("Grietje")
    form.get_by_label(re.compile(r"^Achternaam")).fill("Hoekstra")
    form.get_by_label("Geboortedatum").fill("1948-03-02")
    form.get_by_label("Telefoon").fill("0612345678")
    form.get_by_label("Postcode").fill("8441 AB")
    form.get_by_label("Huisnummer").fill("12")
    form.get_by_label("Straat").fill("Dorpsstraat")
    form.get_by_label("Woonplaats").fill("Meerhoven")
    # A typo in the BSN: the error appears next to the field and nothing typed is lost.
    form.get_by_label("BSN").fill("999990018")
    form.get_by_role("button", name="Inwoner registreren en verder").click()
    expect(page.get_by_text("elfproef").first).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Inwoner registreren en verder"))
    expect(form.get_by_label("Voornamen")).to_have_value("Grietje")
    form.get_by_label("BSN").fill("999990019")
    form.get_by_role("button", name="Inwoner registreren en verder").click()

    expect(page.get_by_role("heading", name=re.compile("Hulpvraag van Grietje Hoekstra"))).to_be_visible()
    page.get_by_label("Kanaal").select_option("phone")
    page.get_by_label("Financiën").check()
    page.get_by_role("textbox", name="Vraag").fill("Huurachterstand en moeite met de administratie.")
    page.get_by_role("button", name="Hulpvraag registreren").click()

    expect(page.get_by_role("definition").filter(has_text="Huurachterstand en moeite met de administratie.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Gesprek starten").click()

    expect(page.get_by_role("heading", name=re.compile("Keukentafelgesprek"))).to_be_visible()
    page.get_by_role("textbox", name="Eigen kracht").fill("Dochter helpt met de post.")
    page.get_by_label("Score voor Financiën").select_option("2")
    page.get_by_label("Huisuitzetting").check()
    expect(page.locator("#autosave-status")).to_contain_text("Opgeslagen om", timeout=10000)
    assert_accessible(page)

    # A dropped connection at the kitchen table loses nothing: reload and the text is there.
    page.reload()
    expect(page.get_by_role("textbox", name="Eigen kracht")).to_have_value("Dochter helpt met de post.")
    expect(page.get_by_label("Score voor Financiën")).to_have_value("2")

    page.get_by_label("Besluit nodig (maatwerkvoorziening)").check()
    page.get_by_role("button", name="Gesprek afronden").click()

    expect(page.get_by_role("heading", name=re.compile("Huishouden"))).to_be_visible()
    timeline = page.locator(".app-timeline")
    expect(timeline).to_contain_text("Keukentafelgesprek")
    expect(timeline).to_contain_text("Huurachterstand")
    expect(page.get_by_role("img", name=re.compile("Financiën"))).to_be_visible()
    assert_accessible(page)


def test_the_public_form_is_usable_by_keyboard_and_accessible(page: Page, live_server, meitinker):
    page.goto(f"{live_server.url}/hulpvraag/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "inhoud" in focused.lower()  # the skip link comes first
