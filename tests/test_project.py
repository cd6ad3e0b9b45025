"""Project-level contracts: production settings pass Django's deploy check, the UI language,
the landing page per role, the demo data."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from intake.models import Channel, HelpRequest, RequestStatus, Resident
from intake.validators import validate_bsn
from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-" + "y" * 30,
                "DJANGO_ALLOWED_HOSTS": "toegang.gemeente.example", "DJANGO_SECURE": "true",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "WEBAUTHN_ORIGIN": "https://toegang.gemeente.example/"})
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    # Without the site's address passkeys cannot work, and production refuses to start. (Set
    # empty rather than removed: a developer's .env may name the development address.)
    env["WEBAUTHN_ORIGIN"] = ""
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "OTP_WEBAUTHN_ALLOWED_ORIGINS" in result.stderr + result.stdout


@pytest.mark.django_db
def test_the_interface_is_dutch_by_default_even_for_an_english_browser(worker):
    response = login(worker).get(reverse("intake:my_work"), headers={"Accept-Language": "en"})
    assert "Mijn werk" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_shows_english(worker):
    client = login(worker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "My work" in client.get(reverse("intake:my_work")).content.decode()
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Mijn werk" in client.get(reverse("intake:my_work")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona,destination", [
    ("worker", "intake:my_work"), ("team_leader", "reporting:team"), ("council_member", "reporting:council"),
    ("administrator", "audit:search")])
def test_each_role_lands_where_its_work_is(request, persona, destination):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse(destination)


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(worker):
    response = login(worker).get(reverse("intake:my_work"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_login_uses_argon2_and_takes_username_and_password(worker):
    assert worker.password.startswith("argon2")
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "anna", "password": "meitinker-demo-2026"})
    assert response.status_code == 302
    bad = Client().post(reverse("accounts:login"), {"username": "anna", "password": "fout"})
    assert bad.status_code == 200 and "_auth_user_id" not in bad.client.session


@pytest.mark.django_db
def test_the_council_page_shows_aggregates_and_no_personal_data(council_member, help_request):
    response = login(council_member).get(reverse("reporting:council"), {"from": "2000-01-01"})
    html = response.content.decode()
    # One request is one resident: below the small-cell threshold (tests/reporting/test_council_suppression.py).
    assert response.context["figures"].totals["total"].suppressed
    assert help_request.resident.full_name not in html and help_request.resident.bsn not in html


@pytest.mark.django_db
def test_the_team_dashboard_is_for_team_leaders(worker, council_member, team_leader):
    assert login(worker).get(reverse("reporting:team")).status_code == 403
    assert login(council_member).get(reverse("reporting:team")).status_code == 403
    assert login(team_leader).get(reverse("reporting:team")).status_code == 200


@pytest.mark.django_db
def test_the_demo_data_is_complete_idempotent_and_uses_only_test_bsns():
    call_command("seed_demo")
    counts = (User.objects.count(), Resident.objects.count(), HelpRequest.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Resident.objects.count(), HelpRequest.objects.count()) == counts
    assert User.objects.filter(role=Role.WORKER).count() == 10
    assert User.objects.filter(role=Role.TEAM_LEADER).count() == 2
    assert User.objects.filter(role=Role.COUNCIL_MEMBER).count() == 1
    assert User.objects.filter(role=Role.ADMINISTRATOR).count() == 1
    for worker in User.objects.filter(role=Role.WORKER):
        assert 1 <= worker.zones.count() <= 2
    statuses = set(HelpRequest.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)
    assert HelpRequest.objects.filter(channel=Channel.WEB_FORM, resident=None).exists()
    for bsn in Resident.objects.exclude(bsn=None).values_list("bsn", flat=True):
        assert 999990000 <= int(bsn) <= 999999999
        validate_bsn(bsn)


@pytest.mark.django_db
def test_the_demo_data_scales_for_benchmarks():
    call_command("seed_demo", scale=2)
    from intake.models import Household

    assert Household.objects.count() == 600


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_from_that_address(worker):
    client = Client(REMOTE_ADDR="198.51.100.4")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "anna", "password": "fout"})
    locked = client.post(reverse("accounts:login"), {"username": "anna", "password": "meitinker-demo-2026"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    other_address = Client(REMOTE_ADDR="198.51.100.5")
    response = other_address.post(reverse("accounts:login"), {"username": "anna", "password": "meitinker-demo-2026"})
    assert response.status_code == 302


def _drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_ensure_database_creates_a_missing_database_before_anything_connects_to_it():
    name = "toegang_ensure_check"
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}
    _drop_database(name)
    try:
        result = subprocess.run([sys.executable, "manage.py", "ensure_database"], cwd=ROOT, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert f"created database {name}" in result.stdout
    finally:
        _drop_database(name)


def test_pdf_layout_steps_stay_out_of_the_log_and_warnings_do_not(caplog):
    """WeasyPrint logs every layout step of every PDF at INFO; the worker's log keeps its own."""
    from weasyprint import HTML

    with caplog.at_level(logging.INFO):
        HTML(string="<p>Besluit</p>").write_pdf()
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    assert logging.getLogger("weasyprint").isEnabledFor(logging.WARNING)
