from django.core.management.base import BaseCommand

from accounts.factories import DEMO_PASSWORD
from accounts.models import User


class Command(BaseCommand):
    help = "Print the demo accounts (username, role) for the README and `make run`."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in User.objects.order_by("role", "username"):
            self.stdout.write(f"    {user.username:<20} {user.get_role_display()}")
