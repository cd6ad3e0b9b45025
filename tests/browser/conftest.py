"""Browser tests: real Chromium from Debian (never `playwright install`), a 768x1024 tablet."""

import importlib

import pytest
from django.apps import apps

from accounts.factories import PostcodeAreaFactory, TeamFactory, UserFactory, ZoneFactory

CHROMIUM = "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 768, "height": 1024}, "locale": "nl-NL",
            "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def life_domains(transactional_db):
    """live_server tests flush the database, data migrations included: put the domains back."""
    migration = importlib.import_module("intake.migrations.0002_life_domains")
    migration.add_domains(apps, None)


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def meitinker(life_domains):
    team = TeamFactory(name="Team Stad")
    zone = ZoneFactory(name="Meerhoven-Centrum", code="centrum", team=team)
    PostcodeAreaFactory(prefix="8441", zone=zone)
    return UserFactory(username="anna", first_name="Anna", last_name="de Boer", team=team, zones=[zone])


def log_in(page, live_server, username: str, password: str | None = None) -> None:
    """Log in through the real login form (every browser test uses this one helper, so a change
    to the login flow, such as a second factor, is made here once)."""
    from toegang.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    complete_second_factor(page, username)


def complete_second_factor(page, username: str) -> None:
    """The TOTP step: the user gets the demo authenticator (known secret) and types its current
    code, as a person would read it from their phone."""
    from django_otp.oath import totp

    from accounts.factories import demo_totp_device
    from accounts.models import User

    device = demo_totp_device(User.objects.get(username=username))
    page.wait_for_url("**/accounts/two-factor/**")
    if "/setup/" in page.url:
        # Arrived before the device existed (it is created above): go to the verify step.
        page.goto(page.url.replace("/two-factor/setup/", "/two-factor/"))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
