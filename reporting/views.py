import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from intake.selectors import team_overview
from toegang.forms import DateInput
from toegang.http import AuthedHtmxRequest

from . import selectors


@require_GET
def team(request: AuthedHtmxRequest) -> HttpResponse:
    """The team leader's caseload dashboard: workload per worker and home visits due or overdue."""
    if not request.user.is_team_leader:
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        "today": today,
        "workers": team_overview(user=request.user, today=today),
        "figures": selectors.team_figures(team_id=request.user.team_id, today=today),
    }
    return render(request, "reporting/team.html", context)


def _period(request: AuthedHtmxRequest, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    default_from = today.replace(month=1, day=1)
    try:
        date_from = datetime.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        date_from = default_from
    try:
        date_to = datetime.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        date_to = today
    return date_from, date_to


@require_GET
def council(request: AuthedHtmxRequest) -> HttpResponse:
    """Aggregates only: for council members, team leaders and administrators."""
    if not (request.user.is_council_member or request.user.is_team_leader or request.user.is_administrator):
        raise PermissionDenied
    today = timezone.localdate()
    date_from, date_to = _period(request, today)
    figures = selectors.council_figures(date_from=date_from, date_to=date_to)
    return render(request, "reporting/council.html",
                  {"figures": figures, "date_from": date_from, "date_to": date_to, "date_widget": DateInput})
