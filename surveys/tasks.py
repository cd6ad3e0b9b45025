from celery import shared_task

from .services import invitation_send_email


@shared_task
def send_invitation_email(invitation_id: int) -> bool:
    return invitation_send_email(invitation_id=invitation_id)
