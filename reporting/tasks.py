"""Thin Celery adapters over the report services."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(ConnectionError, OperationalError),
             max_retries=3, retry_backoff=True)
def report_generate(report_id: int) -> dict[str, int | str | None]:
    """Generate one requested report. Safe to retry and to deliver twice: see report_generate_run."""
    report = services.report_generate_run(report_id=report_id)
    return {"report": report_id, "status": report.status if report else None}


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(ConnectionError, OperationalError),
             max_retries=3)
def reports_schedule(day: str | None = None) -> list[int]:
    """CELERY_BEAT_SCHEDULE "council-reports": drafts of last quarter (and on 2 January last year)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return [report.pk for report in services.reports_schedule(today=today)]
