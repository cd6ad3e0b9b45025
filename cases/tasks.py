"""Thin Celery adapters over the cases services."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from .monitoring import monitoring_run


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(ConnectionError,), max_retries=3)
def run_case_monitoring(day: str | None = None) -> dict[str, int | bool]:
    """The daily job (CELERY_BEAT_SCHEDULE "case-monitoring"). Safe to retry: idempotent."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return monitoring_run(today=today).as_dict()
