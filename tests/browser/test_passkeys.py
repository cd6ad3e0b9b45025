"""Passkeys at tablet width, with Chromium's virtual authenticator standing in for the tablet's
fingerprint reader: add a passkey after logging in, confirm the next login with it instead of a
code, remove it. The pages pass axe."""

import re
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from accounts.factories import DEMO_PASSWORD, demo_totp_device
from audit.models import AccessLogEntry
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def passkey_settings(settings, live_server):
    # Passkeys are bound to the site's address; the test server's port changes per run.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")


def virtual_authenticator(page: Page) -> None:
    """A platform authenticator that verifies the user (as a fingerprint would) without asking."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})


def test_a_worker_adds_a_passkey_confirms_the_next_login_with_it_and_removes_it(page: Page, live_server,
                                                                               meitinker, passkey_settings):
    virtual_authenticator(page)
    log_in(page, live_server, "anna")
    page.get_by_role("link", name="Passkeys").click()
    expect(page.get_by_role("heading", name="Passkeys", level=1)).to_be_visible()
    expect(page.get_by_text("U heeft nog geen passkeys.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Passkey toevoegen").click()
    expect(page.locator("#passkey-register-status-message")).not_to_be_empty()
    page.reload()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    assert AccessLogEntry.objects.filter(purpose="passkey registered", user=meitinker).count() == 1
    assert_accessible(page)
    # Named after the moment it was added; renamed to tell it from a phone's.
    expect(rows.get_by_label("Naam")).to_have_value(re.compile(r"^Passkey van \d"))
    rows.get_by_label("Naam").fill("Tablet keukentafel")
    rows.get_by_role("button", name=re.compile("^Naam opslaan")).click()
    expect(page.get_by_text("De passkey heeft een nieuwe naam.")).to_be_visible()
    expect(rows.get_by_label("Naam")).to_have_value("Tablet keukentafel")

    # The next login: password, then the passkey instead of a code.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/intake/my-work/")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/two-factor/**")
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen met een passkey").click()
    # Through the verify page (it clears the failed attempts) to where the worker was going.
    page.wait_for_url(lambda url: urlsplit(url).path == "/intake/my-work/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{live_server.url}/accounts/passkeys/")
    rows.get_by_role("button", name="Tablet keukentafel verwijderen").click()
    # This login was confirmed with that passkey: a code is asked once more.
    expect(page.get_by_text("De passkey is verwijderd. U logde ermee in")).to_be_visible()
    page.get_by_label("Code").fill(f"{totp(demo_totp_device(meitinker).bin_key):06d}")
    page.get_by_role("button", name="Bevestigen", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/accounts/passkeys/")
    expect(page.get_by_text("U heeft nog geen passkeys.")).to_be_visible()
    assert AccessLogEntry.objects.filter(purpose="passkey removed", user=meitinker).count() == 1
