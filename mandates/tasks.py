"""Thin Celery adapters over the services."""

from celery import shared_task

from . import services


@shared_task(time_limit=120, soft_time_limit=100)
def render_letter(letter_id: int) -> None:
    """Render a decision letter (idempotent: a rendered letter is left alone)."""
    services.letter_render(letter_id=letter_id)


@shared_task
def requeue_pending_letters() -> int:
    """Safety net (CELERY_BEAT_SCHEDULE): letters still waiting after ten minutes go again."""
    import datetime

    return services.letters_requeue(older_than=datetime.timedelta(minutes=10))
