from celery import shared_task

from .services import access_log_verify


@shared_task
def verify_access_log() -> dict[str, int | None]:
    report = access_log_verify()
    return {"checked": report.checked, "first_broken_id": report.first_broken_id}
