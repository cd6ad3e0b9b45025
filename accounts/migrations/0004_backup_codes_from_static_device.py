"""Backup codes kept in clear text by django-otp's StaticDevice move to BackupCodeDevice as
digests; the clear-text tokens are deleted. (The digest is computed here as in
accounts.models.backup_code_digest at the time of writing, so this migration does not change
when that function does.)"""

from django.db import migrations
from django.utils.crypto import salted_hmac

KEY_SALT = "toegang.accounts.backup_code"


def digest(code: str) -> str:
    return salted_hmac(KEY_SALT, code, algorithm="sha256").hexdigest()


def to_digests(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    BackupCodeDevice = apps.get_model("accounts", "BackupCodeDevice")
    BackupCode = apps.get_model("accounts", "BackupCode")
    for static in StaticDevice.objects.all():
        device = BackupCodeDevice.objects.create(
            user_id=static.user_id, name=static.name, confirmed=static.confirmed,
            throttling_failure_timestamp=static.throttling_failure_timestamp,
            throttling_failure_count=static.throttling_failure_count,
            created_at=static.created_at, last_used_at=static.last_used_at)
        BackupCode.objects.bulk_create(
            [BackupCode(device=device, digest=digest(t.token)) for t in static.token_set.all()], ignore_conflicts=True)
        static.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_backup_code_device"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Digests cannot be turned back into codes: going back leaves the users to the reset.
    operations = [migrations.RunPython(to_digests, migrations.RunPython.noop)]
