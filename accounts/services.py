"""Two-factor authentication (BIO): enrolment of an authenticator app, verification with a code
or a one-time backup code, and the administrator's reset. The only writers of OTP devices."""

from __future__ import annotations

import secrets
from base64 import b32encode
from binascii import unhexlify

import django_otp
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from audit.models import Action
from audit.services import access_log_record

from .models import BackupCode, BackupCodeDevice, User, backup_code_digest

BACKUP_CODE_COUNT = 10
# Backup codes are digits only, so the one numeric code field serves both kinds; ten digits
# give 33 bits, and the backup-code device throttles guessing like the TOTP device does. Only
# their digests are stored (accounts.models.BackupCodeDevice).
BACKUP_CODE_DIGITS = 10
TOTP_DIGITS = 6
AUTHENTICATOR_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def new_totp_key() -> str:
    """A fresh 160-bit TOTP secret (hex), as TOTPDevice generates by default."""
    return random_hex(20)


def totp_key_base32(key: str) -> str:
    """The secret as authenticator apps take it when typed in by hand."""
    return b32encode(unhexlify(key)).decode()


def totp_config_url(*, user: User, key: str) -> str:
    """The otpauth:// URL the QR code carries (issuer from OTP_TOTP_ISSUER)."""
    return TOTPDevice(user=user, key=key, name=AUTHENTICATOR_NAME).config_url


def _totp_matches(key: str, token: str) -> bool:
    # The same window a TOTPDevice accepts (tolerance 1 step either side for clock drift).
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=TOTP_DIGITS, drift=0)
    return totp.verify(int(token), tolerance=1)


def _new_backup_codes() -> list[str]:
    return [f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}" for _ in range(BACKUP_CODE_COUNT)]


@transaction.atomic
def two_factor_enrol(*, request: HttpRequest, user: User, key: str, token: str) -> list[str] | None:
    """Confirm a new authenticator with its first code. Returns the backup codes (shown once;
    only their digests are kept) or None when the code does not match the key."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() or not _totp_matches(key, token):
        return None
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True)
    # The code just used may not be replayed within its time step.
    device.last_t = TOTP(device.bin_key, digits=TOTP_DIGITS).t()
    device.save(update_fields=["last_t"])
    BackupCodeDevice.objects.filter(user=user).delete()
    backup = BackupCodeDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = _new_backup_codes()
    BackupCode.objects.bulk_create([BackupCode(device=backup, digest=backup_code_digest(code)) for code in codes])
    django_otp.login(request, device)
    access_log_record(user=user, action=Action.CREATE, purpose="two-factor enrolment", obj=device,
                      request=request)
    return codes


def two_factor_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a code against the user's authenticator (6 digits) or backup codes (10 digits) and
    mark the session verified. Each device throttles failures itself (django-otp)."""
    devices = TOTPDevice.objects if len(token) == TOTP_DIGITS else BackupCodeDevice.objects
    for device in devices.filter(user=user, confirmed=True):
        if django_otp.verify_token(user, device.persistent_id, token) is not None:
            django_otp.login(request, device)
            return True
    return False


def two_factor_throttled(*, user: User) -> bool:
    """True while every device of the user waits out its throttle delay after wrong codes."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True),
               *BackupCodeDevice.objects.filter(user=user, confirmed=True)]
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, request: HttpRequest | None = None) -> int:
    """Remove every device of a user, passkeys included (lost phone): they enrol again at their
    next login.
    Returns the number of devices removed."""
    removed = sum(model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
                  for model in (TOTPDevice, BackupCodeDevice, WebAuthnCredential))
    access_log_record(user=actor, action=Action.UPDATE, purpose="two-factor reset", obj=user,
                      detail={"devices_removed": removed}, request=request)
    return removed


def account_changed(*, actor: User, user: User, fields: list[str], request: HttpRequest | None = None,
                    created: bool = False) -> None:
    """An administrator's change to an account: which fields (never their values: a password's
    hash, say). A role, team or zone decides which residents the account sees, so who changed
    it belongs in the access log, not only in the admin's history."""
    access_log_record(user=actor, action=Action.CREATE if created else Action.UPDATE, obj=user,
                      purpose="account created by administrator" if created else "account changed by administrator",
                      detail={"fields": sorted(fields)}, request=request)


# How django-otp names a passkey device in the session ("<app_label>.<model>/<pk>").
PASSKEY_DEVICE_ID_PREFIX = WebAuthnCredential.model_label()


def passkeys(*, user: User):
    """The user's own passkeys, newest first (registering one is django-otp-webauthn's view)."""
    return WebAuthnCredential.objects.filter(user=user).order_by("-created_at")


def passkey_registered(*, request: HttpRequest | None, credential: WebAuthnCredential) -> None:
    """Name and access-log a passkey django-otp-webauthn's registration has just written (in its
    transaction: accounts.views.PasskeyRegistrationComplete). The library leaves the name empty;
    a user with a tablet and a phone must tell them apart to remove the right one, so it is named
    after the day it was added until the user renames it."""
    if not credential.name:
        credential.name = gettext("Passkey of %(date)s") % {
            "date": date_format(timezone.localtime(credential.created_at), "j F Y H:i")}
        credential.save(update_fields=["name"])
    access_log_record(user=credential.user, action=Action.CREATE, purpose="passkey registered", obj=credential,
                      detail={"name": credential.name}, request=request)


class PasskeyChanged(Exception):
    """The passkey was renamed or removed since the page was loaded (another tab)."""


@transaction.atomic
def passkey_rename(*, request: HttpRequest | None, user: User, passkey_id: int, name: str,
                   expected_name: str) -> bool:
    """Rename one of the user's own passkeys. False when the user has no such passkey; raises
    PasskeyChanged when its name is no longer the one the user started from."""
    credential = passkeys(user=user).select_for_update().filter(pk=passkey_id).first()
    if credential is None:
        return False
    if credential.name != expected_name:
        raise PasskeyChanged
    if credential.name != name:
        access_log_record(user=user, action=Action.UPDATE, purpose="passkey renamed", obj=credential,
                          detail={"old": credential.name, "new": name}, request=request)
        credential.name = name
        credential.save(update_fields=["name"])
    return True


@transaction.atomic
def passkey_remove(*, request: HttpRequest | None, user: User, passkey_id: int) -> bool:
    """Remove one of the user's own passkeys (a lost or replaced device). False when the user
    has no such passkey."""
    credential = passkeys(user=user).filter(pk=passkey_id).first()
    if credential is None:
        return False
    access_log_record(user=user, action=Action.DELETE, purpose="passkey removed", obj=credential,
                      detail={"name": credential.name}, request=request)
    credential.delete()
    return True
