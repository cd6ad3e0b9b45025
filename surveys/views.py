from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_resident_handler
from accounts.models import Zone
from audit.models import Action
from audit.services import access_log_record
from toegang.http import AuthedHtmxRequest, HtmxRequest, client_network, parse_id

from . import selectors, services
from .access import get_invitation_for_user
from .forms import CodeForm, SurveyForm
from .models import Invitation, Statement, SurveySettings

SESSION_KEY = "survey_invitation"
UNAVAILABLE_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _unavailable(request: HtmxRequest, reason: str) -> HttpResponse:
    return render(request, "surveys/unavailable.html", {"reason": reason}, status=UNAVAILABLE_STATUS[reason])


def _questionnaire(request: HtmxRequest, invitation: Invitation) -> HttpResponse:
    statements = list(Statement.objects.filter(active=True))
    form = SurveyForm(request.POST or None, statements=statements)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(invitation_id=invitation.pk, scores=form.scores(),
                                     remark=form.cleaned_data["remark"])
        except services.InvitationUnavailable as exc:
            return _unavailable(request, exc.reason)
        request.session.pop(SESSION_KEY, None)
        return redirect("survey:thanks")
    return render(request, "surveys/answer.html", {"form": form})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HtmxRequest, token: str) -> HttpResponse:
    """The personal link from the e-mail or letter: the token in the URL is the key."""
    try:
        invitation = services.invitation_by_token(token)
    except services.InvitationUnavailable as exc:
        return _unavailable(request, exc.reason)
    return _questionnaire(request, invitation)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer_by_code(request: HtmxRequest) -> HttpResponse:
    """The questionnaire after a code typed in at the entry page (kept in the session, so the
    code is not carried around in the page)."""
    invitation_id = request.session.get(SESSION_KEY)
    invitation = Invitation.objects.filter(pk=invitation_id).first() if invitation_id else None
    if invitation is None:
        return redirect("survey:code")
    if invitation.used or invitation.expires_at <= timezone.now():
        return _unavailable(request, "used" if invitation.used else "expired")
    return _questionnaire(request, invitation)


def _client_key(request: HtmxRequest) -> str:
    return f"survey-code:{client_network(request)}"


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request: HtmxRequest) -> HttpResponse:
    """Where a resident with a printed letter types the code. Attempts per address are limited,
    so the code space cannot be searched from one connection."""
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        key = _client_key(request)
        cache.add(key, 0, timeout=60 * 60)
        if cache.incr(key) > settings.SURVEY_CODE_RATE_LIMIT:
            return render(request, "surveys/rate_limited.html", status=429)
        if form.is_valid():
            try:
                invitation = services.invitation_by_code(form.cleaned_data["code"])
            except services.InvitationUnavailable as exc:
                if exc.reason != "unknown":
                    return _unavailable(request, exc.reason)
                form.add_error("code", CodeForm.unknown_code_message())
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = invitation.pk
                return redirect("survey:answer_by_code")
    return render(request, "surveys/code_entry.html", {"form": form})


@login_not_required
@require_GET
def thanks(request: HtmxRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html")


def _quarter(request: AuthedHtmxRequest, today: datetime.date) -> tuple[datetime.date, datetime.date, list]:
    """A calendar quarter that has ended (`?quarter=2026-07-01`, its first day), the last one unless
    the page asks otherwise. Only whole, ended quarters: two overlapping periods, or a period that
    grows day by day, would give one answer away as their difference."""
    choices = selectors.ended_quarters(today)
    chosen = request.GET.get("quarter", "")
    date_from, date_to = next(((start, end) for start, end in choices if start.isoformat() == chosen), choices[0])
    return date_from, date_to, choices


@require_GET
def overview(request: AuthedHtmxRequest) -> HttpResponse:
    """The team leader's survey results for the team's zones: aggregates with small numbers
    suppressed, and the remarks without anything that points to a person."""
    if not request.user.is_team_leader:
        raise PermissionDenied
    zones = list(Zone.objects.filter(team_id=request.user.team_id))
    zone_param = request.GET.get("zone", "")
    zone = None
    if zone_param:
        zone = next((z for z in zones if str(z.pk) == zone_param), None)
        if zone is None:
            raise Http404
    date_from, date_to, quarters = _quarter(request, timezone.localdate())
    minimum = SurveySettings.current().min_respondents
    rates = selectors.response_rates(zones=zones, date_from=date_from, date_to=date_to)
    # One zone's figures beside the team's would give away the other zones' (the team's minus
    # this one's): only when every zone with answers, this quarter or the one before, has enough
    # of them, or the chosen zone is the only one with answers (then it is the team).
    others = [r for r in rates if zone is None or r.zone_id != zone.pk]
    zones_apart = (all(r.responses == 0 or r.responses >= minimum for r in rates)
                   and all(r.previous_responses == 0 or r.previous_responses >= minimum for r in rates)
                   ) or not any(r.responses or r.previous_responses for r in others)
    # Without a zone chosen: the team's zones together, not the municipality.
    statements = (selectors.satisfaction_by_statement(date_from=date_from, date_to=date_to,
                                                      zone_ids=[zone.pk] if zone else [z.pk for z in zones])
                  if zones_apart or zone is None else [])
    shown_zones = {r.zone_id for r in rates if r.responses >= minimum}
    total = sum(r.responses for r in rates)
    remarks = (selectors.remarks(zone_ids=[z.pk for z in zones], date_from=date_from, date_to=date_to,
                                 shown_zone_ids=shown_zones) if total >= minimum else None)
    access_log_record(user=request.user, action=Action.LIST, object_type="surveys.response",
                      purpose="survey results (aggregates and remarks)", request=request,
                      detail={"from": date_from.isoformat(), "to": date_to.isoformat(),
                              "zone": zone.pk if zone else None})
    previous_from, previous_to = selectors.previous_period(date_from, date_to)
    context = {"zones": zones, "zone": zone, "date_from": date_from, "date_to": date_to, "minimum": minimum,
               "quarters": quarters, "zones_apart": zones_apart,
               "previous_from": previous_from, "previous_to": previous_to, "rates": rates,
               "statements": statements, "remarks": remarks, "total": total}
    return render(request, "surveys/overview.html", context)


@require_GET
@require_resident_handler
def letters(request: AuthedHtmxRequest) -> HttpResponse:
    """Invitations waiting for a printed letter, for the residents this worker may see; from a
    closed plan (`?case=`) or a sent decision (`?decision=`) only the one that follows it."""
    waiting = Invitation.objects.visible_to(request.user).awaiting_letter(timezone.now())
    narrowed = {key: value for key in ("case", "decision") if (value := parse_id(request.GET.get(key))) is not None}
    if narrowed:
        waiting = waiting.filter(**narrowed)
    shown = list(waiting.select_related("resident", "zone").order_by("created_at")[:200])
    access_log_record(user=request.user, action=Action.LIST, object_type="surveys.invitation",
                      purpose="survey: letters to print", request=request,
                      detail={"shown": [i.pk for i in shown], **narrowed})
    return render(request, "surveys/letters.html", {"invitations": shown, "narrowed": narrowed})


@require_POST
@require_resident_handler
def letter(request: AuthedHtmxRequest, invitation_id: int) -> HttpResponse:
    """The printable letter with a fresh link and code. A POST: issuing the code changes the
    invitation (an earlier printed letter stops working)."""
    invitation = get_invitation_for_user(request, invitation_id, purpose="survey: print invitation letter")
    if invitation.used or invitation.expires_at <= timezone.now():
        raise PermissionDenied
    credentials = services.invitation_print_letter(invitation=invitation)
    context = {"invitation": invitation, "household": invitation.household,
               "url": services.survey_url(credentials.token), "code": services.format_code(credentials.code),
               "code_url": services.code_entry_url(), "expires_on": timezone.localdate(invitation.expires_at)}
    response = render(request, "surveys/letter.html", context)
    response["Cache-Control"] = "no-store"
    return response
