import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.models import Action
from audit.services import access_log_record
from cases import access as cases_access
from cases import services as cases_services
from intake import access as intake_access
from intake import services as intake_services
from intake.models import HelpRequest
from mandates.models import DecisionSettings
from toegang.forms import show_loaded_choices
from toegang.http import AuthedHtmxRequest, parse_id

from . import selectors, team_selectors
from .models import ReportSettings
from .report_forms import CouncilPeriodForm
from .team_forms import CaseReassignForm, RequestReassignForm, TeamFilterForm
from .team_selectors import TeamScope


def _require_team_leader(request: AuthedHtmxRequest) -> None:
    """The dashboard and its lists are the team leader's: every other role gets 403 (the page
    exists for everyone, so the refusal reveals nothing)."""
    if not request.user.is_team_leader:
        raise PermissionDenied


def _scope(request: AuthedHtmxRequest, form: TeamFilterForm) -> TeamScope:
    data = form.cleaned_data
    return TeamScope(user=request.user, today=timezone.localdate(),
                     due_soon_days=DecisionSettings.current().due_soon_days,
                     zone_id=data["zone"].pk if data.get("zone") else None,
                     worker_id=data["worker"].pk if data.get("worker") else None,
                     date_from=data.get("date_from"), date_to=data.get("date_to"))


def _filter_params(form: TeamFilterForm) -> dict[str, str]:
    """The valid filters as query parameters: the drill-down links carry them along."""
    data = form.cleaned_data
    params = {"zone": data["zone"].pk if data.get("zone") else "",
              "worker": data["worker"].pk if data.get("worker") else "",
              "date_from": data["date_from"].isoformat() if data.get("date_from") else "",
              "date_to": data["date_to"].isoformat() if data.get("date_to") else ""}
    return {k: str(v) for k, v in params.items() if v}


@dataclass
class Cell:
    key: str
    label: str
    value: int
    href: str


def _list_href_prefix(list_url: str, params: dict[str, str]) -> str:
    """The link to the list behind a figure, up to the figure's key: a team of 30 has some 400
    numbers to link, so one urlencode() per row, not per number (and one reverse() per page)."""
    return f"{list_url}?{urlencode({**params, 'figure': ''})}"


def _cells(figures: dict[str, int], keys: tuple[str, ...], params: dict[str, str],
           labels: dict[str, str]) -> list[Cell]:
    prefix = _list_href_prefix(reverse("reporting:team_list"), params)
    return [Cell(key=key, label=labels[key], value=figures.get(key, 0), href=prefix + key) for key in keys]


@require_GET
def team(request: AuthedHtmxRequest) -> HttpResponse:
    """The team leader's caseload dashboard: per meitinker and per zone of the team, open
    requests, home visits, plans by complexity, evaluations and follow-ups, legal clocks and
    decisions waiting for a mandated colleague. Filters swap the figures in place (htmx); every
    number links to the records behind it."""
    _require_team_leader(request)
    form = TeamFilterForm(request.GET, team_id=request.user.team_id)
    labels = {key: str(label) for key, label in team_selectors.FIGURE_LABELS.items()}
    context: dict = {"form": form, "worker_headers": [labels[k] for k in team_selectors.WORKER_COLUMNS],
                     "zone_headers": [labels[k] for k in team_selectors.ZONE_COLUMNS]}
    if form.is_valid():
        dashboard = team_selectors.team_dashboard(scope=_scope(request, form))
        params = _filter_params(form)
        list_url = reverse("reporting:team_list")
        context.update({
            "figures": {"totals": dashboard.totals},
            "total_cells": _cells(dashboard.totals, team_selectors.TOTAL_CARDS, params, labels),
            "worker_columns": team_selectors.WORKER_COLUMNS, "zone_columns": team_selectors.ZONE_COLUMNS,
            "worker_rows": [(row, _list_href_prefix(list_url, {**params, "worker": row.pk}))
                            for row in dashboard.workers],
            "zone_rows": [(row, _list_href_prefix(list_url, {**params, "zone": row.pk})) for row in dashboard.zones],
        })
        # The filters list the team's zones and workers the dashboard has just read.
        show_loaded_choices(form.fields["zone"], dashboard.team_zones)
        show_loaded_choices(form.fields["worker"], dashboard.team_workers)
    template = "reporting/team.html#dashboard" if request.htmx else "reporting/team.html"
    return render(request, template, context)


TEAM_LIST_PAGE_SIZE = 50
_LOGGED_TYPE = {"requests": "intake.helprequest", "cases": "cases.case", "follow_ups": "cases.followup",
                "clocks": "mandates.legalclock", "decisions": "mandates.decision"}


@require_GET
def team_list(request: AuthedHtmxRequest) -> HttpResponse:
    """The records behind one figure of the dashboard (figure key and filters in the query
    string). A zone or worker outside the leader's team is 404, as if it did not exist."""
    _require_team_leader(request)
    form = TeamFilterForm(request.GET, team_id=request.user.team_id)
    figure = request.GET.get("figure", "")
    if figure not in team_selectors.FIGURE_LABELS or not form.is_valid():
        raise Http404
    scope = _scope(request, form)
    kind, qs = team_selectors.team_figure_list(scope=scope, figure=figure)
    page = Paginator(qs, TEAM_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    access_log_record(user=request.user, action=Action.LIST, object_type=_LOGGED_TYPE[kind],
                      purpose="team dashboard: list behind a figure", request=request,
                      detail={"figure": figure, "filters": _filter_params(form), "shown": [r.pk for r in rows]})
    params = _filter_params(form)
    context = {
        "kind": kind, "figure": figure, "title": team_selectors.FIGURE_LABELS[figure], "rows": rows, "page": page,
        "page_query": urlencode({**params, "figure": figure}), "dashboard_query": urlencode(params),
        "zone": form.cleaned_data.get("zone"), "worker": form.cleaned_data.get("worker"),
        "date_from": scope.date_from, "date_to": scope.date_to, "today": scope.today,
        "due_soon_days": scope.due_soon_days,
        "workers": list(team_selectors.team_workers(team_id=request.user.team_id))
        if kind in ("requests", "cases") else [],
        "next": request.get_full_path(),
    }
    return render(request, "reporting/team_list.html", context)


def _back(request: AuthedHtmxRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect("reporting:team")


@require_POST
def team_reassign_request(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    """Hand an open request to another meitinker of the team, in place: htmx swaps the row."""
    _require_team_leader(request)
    help_request = intake_access.get_help_request_for_user(
        request, request_id, purpose="team dashboard: reassign request", write=True)
    form = RequestReassignForm(request.POST, team_id=request.user.team_id)
    notice = error = ""
    if form.is_valid():
        worker = form.cleaned_data["worker"]
        try:
            intake_services.help_request_reassign(user=request.user, request=request, help_request=help_request,
                                                  worker=worker,
                                                  expected_worker_id=form.cleaned_data["expected_worker"])
            notice = _("Reassigned to %(name)s.") % {"name": worker}
        except intake_services.ReassignConflict as conflict:
            error = _reassign_conflict_message(conflict.current)
        except intake_services.InvalidTransition:
            error = _("This request cannot be handed over; nothing was changed.")
    else:
        error = " ".join(form.errors.get("worker", [])) or _("Reload the page and try again.")
    if not request.htmx:
        (messages.success if notice else messages.error)(request, notice or error)
        return _back(request)
    context = {"r": team_selectors.request_row(user=request.user, request_id=help_request.pk),
               "workers": list(team_selectors.team_workers(team_id=request.user.team_id)),
               "chosen": _chosen(request), "notice": notice, "error": error,
               "today": timezone.localdate(), "next": request.POST.get("next", "")}
    return render(request, "reporting/team_list.html#request_row", context)


def _reassign_conflict_message(current: HelpRequest) -> str:
    if not current.is_open:
        return _("This request is no longer open; nothing was changed.")
    if current.assigned_worker_id is None:
        return _("Someone changed this request in the meantime; nothing was changed. Check it and choose again.")
    return _("Someone else reassigned this request in the meantime: it is now with %(name)s. Nothing was "
             "changed; choose again if it should still move.") % {"name": current.assigned_worker}


def _chosen(request: AuthedHtmxRequest) -> int | None:
    """The worker the leader picked, kept selected when the row comes back with a message."""
    return parse_id(request.POST.get("worker"))


@require_POST
def team_reassign_case(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    """Hand a plan to another case director (regisseur) of the team, in place."""
    _require_team_leader(request)
    # Not `may_reassign` here: a team leader may reassign any plan they can see, and a plan closed
    # since the list was loaded gets the service's message in the row rather than a bare 403.
    case = cases_access.get_case_for_user(request, case_id, purpose="team dashboard: reassign case director")
    form = CaseReassignForm(request.POST, team_id=request.user.team_id)
    notice = error = ""
    if form.is_valid():
        director = form.cleaned_data["worker"]
        try:
            cases_services.case_reassign(user=request.user, request=request, case=case,
                                         expected_version=form.cleaned_data["version"], director=director,
                                         today=timezone.localdate(), reason=_("Caseload balanced by the team leader"))
            notice = _("%(name)s is now the case director.") % {"name": director}
        except cases_services.PlanConflict as conflict:
            error = _("Someone else changed this plan in the meantime (the case director is now %(name)s). Nothing "
                      "was changed; choose again if it should still move.") % {"name": conflict.current.director}
        except cases_services.InvalidTransition:
            error = _("This plan is closed; nothing was changed.")
    else:
        error = " ".join(form.errors.get("worker", []) + form.errors.get("version", []))
    if not request.htmx:
        (messages.success if notice else messages.error)(request, notice or error)
        return _back(request)
    context = {"c": team_selectors.case_row(user=request.user, case_id=case.pk),
               "workers": list(team_selectors.team_workers(team_id=request.user.team_id)),
               "chosen": _chosen(request), "notice": notice, "error": error,
               "today": timezone.localdate(), "next": request.POST.get("next", "")}
    return render(request, "reporting/team_list.html#case_row", context)


def _period_form(request: AuthedHtmxRequest, today: datetime.date) -> CouncilPeriodForm:
    """Always bound: without a choice the newest ended quarter, so the first visit shows figures."""
    period = request.GET.get("period") or CouncilPeriodForm.default_period(today)
    return CouncilPeriodForm({"period": period}, today=today)


@require_GET
def council(request: AuthedHtmxRequest) -> HttpResponse:
    """Aggregates only: for council members, team leaders and administrators. Small numbers are
    suppressed as in a published report, for every role alike: the page is the council's (team
    leaders see their own team's counts on their dashboard). Only whole ended quarters: see
    CouncilPeriodForm."""
    if not (request.user.is_council_member or request.user.is_team_leader or request.user.is_administrator):
        raise PermissionDenied
    form = _period_form(request, timezone.localdate())
    figures = None
    if form.is_valid():
        date_from, date_to = form.bounds()
        figures = selectors.council_figures(date_from=date_from, date_to=date_to,
                                            threshold=ReportSettings.current().suppression_threshold)
    return render(request, "reporting/council.html", {"form": form, "figures": figures})
