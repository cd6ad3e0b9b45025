from base64 import b32encode

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from accounts.factories import DEMO_PASSWORD, DEMO_TOTP_KEY
from accounts.models import User


class Command(BaseCommand):
    help = "Print the demo accounts (username, role) and their shared second factor for `make run`."

    def handle(self, *args, **options) -> None:
        key = bytes.fromhex(DEMO_TOTP_KEY)
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in User.objects.order_by("role", "username"):
            self.stdout.write(f"    {user.username:<20} {user.get_role_display()}")
        self.stdout.write(f"  Second factor (demo only): add key {b32encode(key).decode()} to an authenticator app "
                          f"(time-based, 6 digits), or use the current code {totp(key):06d} "
                          "(changes every 30 seconds; run `manage.py demo_logins` again).")
