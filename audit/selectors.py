import datetime

from django.db.models import QuerySet

from .models import AccessLogEntry


def access_log_search(*, username: str = "", resident_id: int | None = None, action: str = "",
                      date_from: datetime.date | None = None,
                      date_to: datetime.date | None = None) -> QuerySet[AccessLogEntry]:
    qs = AccessLogEntry.objects.all()
    if username:
        qs = qs.filter(username__iexact=username)
    if resident_id:
        qs = qs.filter(resident_id=resident_id)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-at", "-id")
