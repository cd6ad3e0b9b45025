from celery import shared_task
from django.db import connection

from .retention import retention_run

# pg_try_advisory_lock key: one retention run at a time, also across machines.
_RETENTION_LOCK = 5151


@shared_task
def run_retention() -> dict[str, int] | None:
    """The nightly retention job. Skips (returns None) while another run holds the lock; does only
    the dry run's counting when the administrator switched automatic anonymisation off."""
    from .models import RetentionSettings
    from .retention import retention_due_counts

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_RETENTION_LOCK])
        if not cursor.fetchone()[0]:
            return None
    try:
        if not RetentionSettings.current().enabled:
            return retention_due_counts()
        return retention_run()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_RETENTION_LOCK])
