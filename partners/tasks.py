from celery import shared_task
from django.utils import timezone

from .services import referrals_notify_overdue


@shared_task
def notify_overdue_referrals() -> int:
    """Daily: tell senders about referrals the partner has not answered in time."""
    return referrals_notify_overdue(today=timezone.localdate())
