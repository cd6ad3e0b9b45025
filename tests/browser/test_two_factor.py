"""Login with the second factor at tablet width: password, enrolment with the QR code and the
typed key, backup codes, then the verify step at the next login; each page passes axe."""

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from accounts.factories import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, complete_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/intake/my-work/")
    assert_accessible(page)  # the login page
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_first_login_enrols_the_authenticator_and_the_next_login_asks_for_a_code(page: Page, live_server,
                                                                                  meitinker):
    password_step(page, live_server, "anna")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    expect(page.get_by_role("heading", name="Stel uw tweede stap in")).to_be_visible()
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    assert_accessible(page)
    code_field = page.get_by_label("Code")
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    assert code_field.get_attribute("inputmode") == "numeric"

    code_field.fill("000000")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    assert page.get_by_label("Code").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    # Typed in by hand, as when the camera does not work: the shown key gives the code.
    secret = page.locator(".app-secret").inner_text().replace(" ", "")
    from base64 import b32decode

    page.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Uw back-upcodes")).to_be_visible()
    assert page.locator(".app-backup-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.wait_for_url("**/intake/my-work/")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()

    # Next login: the verify step (the helper gives anna the demo authenticator and types its code).
    password_step(page, live_server, "anna")
    page.wait_for_url("**/accounts/two-factor/?**")
    expect(page.get_by_role("heading", name="Bevestig uw inlog")).to_be_visible()
    assert_accessible(page)
    complete_second_factor(page, "anna")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
