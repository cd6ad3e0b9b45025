"""Two-factor authentication (BIO): a password alone opens nothing with personal data."""

import re
import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import BackupCode, BackupCodeDevice, backup_code_digest
from audit.models import AccessLogEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db

PASSWORD = "meitinker-demo-2026"
# Pages of every kind: role pages, record pages, the admin, the landing page.
GUARDED = ["home", "intake:my_work", "intake:queue", "cases:my_work", "reporting:team", "audit:search",
           "partners:directory"]


def password_only(user, address: str = "198.51.100.20") -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return client


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, digits=device.digits, drift=offset):06d}"


@pytest.fixture
def enrolled(worker):
    return TOTPDevice.objects.create(user=worker, name="authenticator", confirmed=True)


@pytest.mark.parametrize("name", GUARDED)
def test_a_password_alone_is_sent_to_the_verify_step_everywhere(worker, enrolled, help_request, name):
    response = password_only(worker).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify") + "?next=")


def test_record_pages_and_the_admin_are_held_too(worker, administrator, enrolled, help_request):
    client = password_only(worker)
    for url in [reverse("intake:request_detail", args=[help_request.pk]),
                reverse("intake:resident", args=[help_request.resident.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and help_request.resident.full_name not in response.content.decode()
    TOTPDevice.objects.create(user=administrator, name="authenticator", confirmed=True)
    response = password_only(administrator).get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_a_post_without_the_second_factor_changes_nothing(worker, enrolled, help_request):
    response = password_only(worker).post(reverse("intake:request_settle", args=[help_request.pk]),
                                          {"settled_by": "information", "note": "x"})
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.status == "assigned"


def test_public_pages_logout_and_language_stay_open_before_the_second_factor(worker, enrolled):
    client = password_only(worker)
    assert client.get(reverse("public:request")).status_code == 200
    assert client.get(reverse("accounts:two_factor_verify")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "nl", "next": "/"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_user_without_an_authenticator_is_sent_to_enrolment(worker):
    client = password_only(worker)
    verify = client.get(reverse("accounts:two_factor_verify") + "?next=/intake/my-work/")
    assert verify["Location"] == reverse("accounts:two_factor_enrol") + "?next=%2Fintake%2Fmy-work%2F"


def test_enrolment_end_to_end_with_a_real_code_then_backup_codes_shown_once(worker):
    client = password_only(worker)
    page = client.get(reverse("accounts:two_factor_enrol"), {"next": "/intake/my-work/"})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "style=" not in html
    secret = re.search(r'class="app-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    # The QR code and the typed key carry the same secret; a reload keeps it.
    assert secret in client.get(reverse("accounts:two_factor_enrol")).content.decode().replace(" ", "")
    key_hex = client.session["two_factor_enrol_key"]
    device = TOTPDevice(key=key_hex)
    response = client.post(reverse("accounts:two_factor_enrol"), {"token": code_for(device),
                                                                   "next": "/intake/my-work/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10 and all(re.fullmatch(r"\d{10}", c) for c in codes)
    assert all(code in response.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=worker).confirmed
    assert client.get(reverse("intake:my_work")).status_code == 200
    # Shown once: enrolment is closed now that a device exists.
    again = client.get(reverse("accounts:two_factor_enrol"))
    assert again.status_code == 302 and codes[0] not in again.content.decode()
    assert AccessLogEntry.objects.filter(user=worker, purpose="two-factor enrolment").exists()


def test_enrolment_with_a_wrong_code_keeps_the_page_and_says_why_in_dutch(worker):
    client = password_only(worker)
    client.get(reverse("accounts:two_factor_enrol"))
    response = client.post(reverse("accounts:two_factor_enrol"), {"token": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=worker).exists()


def test_an_unverified_password_login_cannot_add_a_second_authenticator(worker, enrolled):
    client = password_only(worker)
    response = client.get(reverse("accounts:two_factor_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.post(reverse("accounts:two_factor_enrol"), {"token": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=worker).count() == 1


def test_the_right_code_verifies_and_returns_to_the_page_asked_for(worker, enrolled):
    client = password_only(worker)
    response = client.post(reverse("accounts:two_factor_verify"),
                           {"token": code_for(enrolled), "next": "/intake/my-work/"})
    assert response.status_code == 302 and response["Location"] == "/intake/my-work/"
    assert client.get(reverse("intake:my_work")).status_code == 200


def test_verify_never_redirects_to_another_site(worker, enrolled):
    response = password_only(worker).post(reverse("accounts:two_factor_verify"),
                                          {"token": code_for(enrolled), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_wrong_code_gets_a_dutch_error_next_to_the_field_and_keeps_the_input(worker, enrolled):
    response = password_only(worker).post(reverse("accounts:two_factor_verify"), {"token": "12345"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul de 6 cijfers uit uw authenticator-app of een back-upcode van 10 cijfers in." in html
    assert 'value="12345"' in html and 'aria-invalid="true"' in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    wrong = password_only(worker, "198.51.100.21").post(reverse("accounts:two_factor_verify"),
                                                         {"token": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()


def test_a_backup_code_works_once(worker):
    client = password_only(worker)
    client.get(reverse("accounts:two_factor_enrol"))
    device = TOTPDevice(key=client.session["two_factor_enrol_key"])
    codes = client.post(reverse("accounts:two_factor_enrol"), {"token": code_for(device)}).context["codes"]
    first = password_only(worker, "198.51.100.22")
    assert first.post(reverse("accounts:two_factor_verify"), {"token": codes[3]}).status_code == 302
    assert first.get(reverse("intake:my_work")).status_code == 200
    second = password_only(worker, "198.51.100.23")
    response = second.post(reverse("accounts:two_factor_verify"), {"token": codes[3]})
    assert response.status_code == 200 and "_auth_user_id" in second.session
    assert second.get(reverse("intake:my_work")).status_code == 302
    assert BackupCodeDevice.objects.get(user=worker).codes.count() == 9


def test_backup_codes_are_stored_only_as_keyed_digests(worker):
    client = password_only(worker)
    client.get(reverse("accounts:two_factor_enrol"))
    device = TOTPDevice(key=client.session["two_factor_enrol_key"])
    codes = client.post(reverse("accounts:two_factor_enrol"), {"token": code_for(device)}).context["codes"]
    stored = set(BackupCode.objects.filter(device__user=worker).values_list("digest", flat=True))
    assert stored == {backup_code_digest(code) for code in codes} and len(stored) == 10
    assert not stored & set(codes) and all(len(d) == 64 for d in stored)
    assert not StaticDevice.objects.filter(user=worker).exists()


def test_existing_clear_text_backup_codes_are_converted_to_digests_and_still_work(worker):
    """The data migration: StaticDevice tokens become digests and the clear text is gone."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0004_backup_codes_from_static_device")
    TOTPDevice.objects.create(user=worker, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=worker, name="backup", confirmed=True)
    static.token_set.create(token="1234567890")
    static.token_set.create(token="0987654321")
    migration.to_digests(apps, None)
    assert not StaticDevice.objects.exists()
    device = BackupCodeDevice.objects.get(user=worker)
    assert sorted(device.codes.values_list("digest", flat=True)) == sorted(
        [backup_code_digest("1234567890"), backup_code_digest("0987654321")])
    client = password_only(worker, "198.51.100.24")
    assert client.post(reverse("accounts:two_factor_verify"), {"token": "1234567890"}).status_code == 302
    assert device.codes.count() == 1


def test_repeated_wrong_codes_lock_the_account_from_that_address(worker, enrolled):
    client = password_only(worker, "198.51.100.30")
    responses = [client.post(reverse("accounts:two_factor_verify"), {"token": f"{n:06d}"}) for n in range(5)]
    assert responses[-1].status_code == 429
    assert "_auth_user_id" not in client.session
    # Locked: even the right password (and then the right code) from that address gets nowhere.
    locked = Client(REMOTE_ADDR="198.51.100.30").post(reverse("accounts:login"),
                                                       {"username": "anna", "password": PASSWORD})
    assert locked.status_code == 429
    # A correct password in between does not wipe the count of wrong codes.
    other = password_only(worker, "198.51.100.31")
    for n in range(4):
        other.post(reverse("accounts:two_factor_verify"), {"token": f"{n:06d}"})
    other = password_only(worker, "198.51.100.31")
    assert other.post(reverse("accounts:two_factor_verify"), {"token": "000009"}).status_code == 429


def test_the_device_throttles_guessing_after_a_wrong_code(worker, enrolled):
    client = password_only(worker)
    client.post(reverse("accounts:two_factor_verify"), {"token": "000000"})
    enrolled.refresh_from_db()
    assert enrolled.throttling_failure_count == 1
    # Within the throttle delay even the right code is refused, with the reason.
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code_for(enrolled)})
    assert "Te veel onjuiste codes" in response.content.decode()
    time.sleep(1.1)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": code_for(enrolled)}).status_code == 302


def test_an_administrator_resets_a_users_devices_and_it_is_logged(worker, administrator, enrolled):
    BackupCodeDevice.objects.create(user=worker, name="backup", confirmed=True)
    client = login(administrator)
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "reset_two_factor", ACTION_CHECKBOX_NAME: [worker.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not BackupCodeDevice.objects.filter(user=worker).exists()
    entry = AccessLogEntry.objects.get(purpose="two-factor reset")
    assert entry.user == administrator and entry.object_id == str(worker.pk)
    # The worker sets up a new authenticator at the next login.
    verify = password_only(worker).get(reverse("accounts:two_factor_verify"))
    assert verify["Location"].startswith(reverse("accounts:two_factor_enrol"))


def test_an_administrators_change_to_an_account_is_in_the_access_log(worker, administrator, other_zone):
    """A role or zone decides which residents an account sees; a password set by someone else
    lets them log in as it. Who did either is in the access log (which fields, never values)."""
    from django.utils import timezone

    client = login(administrator)
    page = client.get(reverse("admin:accounts_user_change", args=[worker.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["zones"] = [*data.get("zones", []), other_zone.pk]
    data.pop("password", None)
    joined = timezone.localtime(worker.date_joined)
    data.update({"last_login_0": "", "last_login_1": "", "date_joined_0": joined.strftime("%Y-%m-%d"),
                 "date_joined_1": joined.strftime("%H:%M:%S")})
    response = client.post(reverse("admin:accounts_user_change", args=[worker.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AccessLogEntry.objects.get(purpose="account changed by administrator")
    assert (entry.user, entry.object_id) == (administrator, str(worker.pk)) and "zones" in entry.detail["fields"]
    response = client.post(reverse("admin:auth_user_password_change", args=[worker.pk]),
                           {"password1": "een-nieuw-wachtwoord-2026!", "password2": "een-nieuw-wachtwoord-2026!",
                            "usable_password": "true"})
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(purpose="account changed by administrator",
                                         detail__fields=["password"]).exists()
    assert "een-nieuw-wachtwoord" not in str(list(AccessLogEntry.objects.values_list("detail", flat=True)))


def test_a_worker_cannot_reach_the_reset(worker, enrolled, colleague):
    TOTPDevice.objects.create(user=colleague, name="authenticator", confirmed=True)
    response = login(worker).post(reverse("admin:accounts_user_changelist"),
                                  {"action": "reset_two_factor", ACTION_CHECKBOX_NAME: [colleague.pk]})
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert TOTPDevice.objects.filter(user=colleague).exists()


def test_the_setting_can_switch_the_second_factor_off(settings, worker):
    settings.TWO_FACTOR_REQUIRED = False
    assert password_only(worker).get(reverse("intake:my_work")).status_code == 200


def test_the_admin_does_not_show_secrets_or_backup_codes(administrator):
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(StaticDevice)
    response = login(administrator).get("/admin/otp_totp/totpdevice/")
    assert response.status_code == 404


def make_passkey(user, name="Tablet"):
    return WebAuthnCredential.objects.create(
        user=user, name=name, confirmed=True, credential_id=name.encode(), public_key=b"key",
        credential_id_sha256=name.encode().hex().ljust(64, "0"), aaguid="00000000-0000-0000-0000-000000000000")


def test_the_verify_page_offers_a_passkey_only_to_whoever_has_one(worker, enrolled):
    without = password_only(worker).get(reverse("accounts:two_factor_verify")).content.decode()
    assert "passkey-verification-button" not in without
    make_passkey(worker)
    with_passkey = password_only(worker, "198.51.100.40").get(reverse("accounts:two_factor_verify")).content.decode()
    assert 'id="passkey-verification-button"' in with_passkey and 'id="otp_webauthn_config"' in with_passkey
    # The strict CSP: every script is a file, or data (the library's JSON configuration).
    scripts = re.findall(r"<script\b[^>]*>", with_passkey)
    assert scripts and all(" src=" in tag or 'type="application/json"' in tag for tag in scripts)


def test_after_the_password_a_passkey_may_be_asked_for_but_not_registered(worker, enrolled):
    make_passkey(worker)
    client = password_only(worker, "198.51.100.41")
    begin = client.post(reverse("otp_webauthn:credential-authentication-begin"), content_type="application/json")
    assert begin.status_code == 200 and "challenge" in begin.json()
    # Adding a passkey needs a confirmed login: a stolen password must not add a second factor.
    register = client.post(reverse("otp_webauthn:credential-registration-begin"), content_type="application/json")
    assert register.status_code == 302 and register["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_the_passkeys_page_lists_only_the_users_own_and_removal_is_logged(worker, colleague):
    own = make_passkey(worker, "Tablet van Anna")
    make_passkey(colleague, "Telefoon van collega")
    client = login(worker)
    body = client.get(reverse("accounts:passkeys")).content.decode()
    assert "Tablet van Anna" in body and "Telefoon van collega" not in body
    assert client.post(reverse("accounts:passkey_remove", args=[own.pk])).status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=own.pk).exists()
    entry = AccessLogEntry.objects.get(purpose="passkey removed")
    assert entry.user == worker and entry.detail == {"name": "Tablet van Anna"}


def test_a_passkey_is_renamed_by_its_owner_and_the_rename_is_logged(worker):
    passkey = make_passkey(worker, "Tablet")
    client = login(worker)
    response = client.post(reverse("accounts:passkey_rename", args=[passkey.pk]),
                           {"name": "Tablet keukentafel", "expected_name": "Tablet"})
    assert response.status_code == 302
    passkey.refresh_from_db()
    assert passkey.name == "Tablet keukentafel"
    entry = AccessLogEntry.objects.get(purpose="passkey renamed")
    assert entry.user == worker and entry.detail == {"old": "Tablet", "new": "Tablet keukentafel"}
    assert "Tablet keukentafel" in client.get(reverse("accounts:passkeys")).content.decode()


def test_an_empty_or_too_long_name_is_refused_next_to_the_field_and_the_input_kept(worker):
    passkey = make_passkey(worker, "Tablet")
    client = login(worker)
    url = reverse("accounts:passkey_rename", args=[passkey.pk])
    body = client.post(url, {"name": "  ", "expected_name": "Tablet"}).content.decode()
    assert f'id="passkey{passkey.pk}_name_error"' in body and "Geef de passkey een naam." in body
    body = client.post(url, {"name": "x" * 65, "expected_name": "Tablet"}).content.decode()
    assert "Gebruik hoogstens 64 tekens." in body and 'value="' + "x" * 65 + '"' in body
    passkey.refresh_from_db()
    assert passkey.name == "Tablet"
    assert not AccessLogEntry.objects.filter(purpose="passkey renamed").exists()


def test_a_rename_in_another_tab_is_not_overwritten_silently(worker):
    passkey = make_passkey(worker, "Tablet")
    client = login(worker)
    url = reverse("accounts:passkey_rename", args=[passkey.pk])
    assert client.post(url, {"name": "Telefoon", "expected_name": "Tablet"}).status_code == 302
    # The other tab still shows "Tablet".
    response = client.post(url, {"name": "Tablet van Anna", "expected_name": "Tablet"})
    body = response.content.decode()
    assert response.status_code == 200 and "Iemand gaf deze passkey intussen een andere naam" in body
    assert 'value="Tablet van Anna"' in body and 'name="expected_name" value="Telefoon"' in body
    passkey.refresh_from_db()
    assert passkey.name == "Telefoon"
    # Saving again, deliberately, from the name now stored.
    assert client.post(url, {"name": "Tablet van Anna", "expected_name": "Telefoon"}).status_code == 302
    passkey.refresh_from_db()
    assert passkey.name == "Tablet van Anna"


def test_someone_elses_passkey_cannot_be_renamed(worker, colleague):
    passkey = make_passkey(worker, "Tablet")
    response = login(colleague).post(reverse("accounts:passkey_rename", args=[passkey.pk]),
                                     {"name": "Van mij", "expected_name": "Tablet"})
    assert response.status_code == 404
    passkey.refresh_from_db()
    assert passkey.name == "Tablet"


def test_a_new_passkey_is_named_after_the_moment_it_was_added(worker):
    from accounts import services

    passkey = make_passkey(worker, "")
    services.passkey_registered(request=None, credential=passkey)
    passkey.refresh_from_db()
    assert passkey.name.startswith("Passkey van ") and str(passkey.created_at.year) in passkey.name
    assert AccessLogEntry.objects.get(purpose="passkey registered").detail == {"name": passkey.name}


def test_the_administrators_reset_removes_passkeys_too(worker, administrator, enrolled):
    make_passkey(worker)
    login(administrator).post(reverse("admin:accounts_user_changelist"),
                              {"action": "reset_two_factor", ACTION_CHECKBOX_NAME: [worker.pk]})
    assert not WebAuthnCredential.objects.filter(user=worker).exists()
