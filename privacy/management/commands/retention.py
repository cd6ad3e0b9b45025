from django.core.management.base import BaseCommand

from privacy.models import RecordKind
from privacy.retention import retention_due_counts, retention_run


class Command(BaseCommand):
    help = "Anonymise records past their retention period (see docs/privacy.md); --dry-run only counts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count per record type, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        counts = retention_due_counts() if dry_run else retention_run()
        heading = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"{heading}:")
        for kind, count in counts.items():
            self.stdout.write(f"  {RecordKind(kind).label}: {count}")
