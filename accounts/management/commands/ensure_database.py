import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database when it does not exist yet."
    # System checks would connect to the very database that may not exist yet.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        db = settings.DATABASES["default"]
        params = {"host": db.get("HOST") or None, "port": db.get("PORT") or None,
                  "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
        with psycopg.connect(dbname="postgres", autocommit=True,
                             **{k: v for k, v in params.items() if v}) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
            if exists:
                self.stdout.write(f"database {db['NAME']} exists")
                return
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(db["NAME"])))
            self.stdout.write(self.style.SUCCESS(f"created database {db['NAME']}"))
