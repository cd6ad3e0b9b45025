"""Figures of the front door: requests for help by channel and life domain, what intake settles
itself, how soon the home visit follows, and the debt screening of the conversations."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import (
    Channel,
    Conversation,
    ConversationStatus,
    HelpRequest,
    LifeDomain,
    RequestStatus,
    SettledBy,
)
from mandates.models import ClockKind, LegalClock
from mandates.services import DEBT_QUESTION

from .aggregates import DaysBetween, Median, count, days, in_scope, label, percent
from .base import AddsUp, Chart, Scope, Section, Table, figure

# A score of 1 (acute problems) or 2 (not self-reliant) marks a problem in that life domain.
PROBLEM_SCORE = 2
ONE_WEEK = datetime.timedelta(days=7)

# Row labels the live council figures share with these tables: a cell of that page is matched to
# the report's cell by its place, labels included (reporting.selectors.council_figures).
ALL_CHANNELS = gettext_lazy("All channels")
SETTLED_AT_INTAKE = gettext_lazy("Settled at intake")
ALL_REQUESTS = gettext_lazy("All requests")


def _requests(scope: Scope):
    return HelpRequest.objects.filter(in_scope("first_contact_on", scope, "zone_id"))


@figure("requests_by_channel", order=10)
def requests_by_channel(scope: Scope) -> Section:
    requests = _requests(scope)
    by_channel = {row["channel"]: row for row in requests.values("channel").order_by().annotate(
        n=Count("id"), residents=Count("resident", distinct=True))}
    total = requests.aggregate(n=Count("id"), residents=Count("resident", distinct=True))
    rows = [[label(name), count(by_channel.get(value, {}).get("n"), by_channel.get(value, {}).get("residents"))]
            for value, name in Channel.choices]
    rows.append([label(ALL_CHANNELS), count(total["n"], total["residents"], ref="requests")])
    return Section(
        key="requests_by_channel", title=_("Requests for help by channel"),
        intro=_("Requests for help whose first contact lies in the period, by the way they reached us. "
                "A web-form request is counted among the residents once intake has linked it to a resident."),
        tables=[Table(caption=_("Requests for help by channel"), columns=[_("Channel"), _("Requests")],
                      rows=rows, chart=Chart(kind="bar", label_column=0, value_columns=[1]),
                      sums=[AddsUp("rows", parts=list(range(len(rows) - 1)), total=len(rows) - 1)])],
    )


@figure("requests_by_life_domain", order=15)
def requests_by_life_domain(scope: Scope) -> Section:
    in_requests = in_scope("help_requests__first_contact_on", scope, "help_requests__zone_id")
    named = {row["pk"]: row for row in LifeDomain.objects.values("pk").annotate(
        n=Count("help_requests", filter=in_requests),
        residents=Count("help_requests__resident", distinct=True, filter=in_requests))}
    in_scores = (in_scope("scores__conversation__held_on", scope, "scores__conversation__help_request__zone_id")
                 & Q(scores__conversation__status=ConversationStatus.FINISHED,
                     scores__score__lte=PROBLEM_SCORE))
    domains = LifeDomain.objects.order_by("position", "name").values("pk", "name").annotate(
        n=Count("scores", filter=in_scores),
        residents=Count("scores__conversation__help_request__resident", distinct=True, filter=in_scores))
    rows = [[label(domain["name"], key=f"life_domain:{domain['pk']}"), count(named[domain["pk"]]["n"], named[domain["pk"]]["residents"]),
             count(domain["n"], domain["residents"])] for domain in domains]
    return Section(
        key="requests_by_life_domain", title=_("Life domains"),
        intro=_("The life domains the requests for help in the period were about, and the life domains that "
                "kitchen-table conversations held in the period scored 1 (acute problems) or 2 (not "
                "self-reliant). One request or conversation can concern several life domains."),
        tables=[Table(caption=_("Requests and problem scores by life domain"),
                      columns=[_("Life domain"), _("Requests about the domain"),
                               _("Conversations scoring 1 or 2")],
                      rows=rows, chart=Chart(kind="grouped_bar", label_column=0, value_columns=[1, 2]))],
    )


@figure("settled_at_intake", order=20)
def settled_at_intake(scope: Scope) -> Section:
    settled = Q(status=RequestStatus.SETTLED)
    totals = _requests(scope).aggregate(
        n=Count("id"), residents=Count("resident", distinct=True), settled=Count("id", filter=settled),
        settled_residents=Count("resident", distinct=True, filter=settled),
        **{f"n_{value}": Count("id", filter=settled & Q(settled_by=value)) for value in SettledBy.values},
        **{f"residents_{value}": Count("resident", distinct=True, filter=settled & Q(settled_by=value))
           for value in SettledBy.values},
    )
    whole, whole_residents = totals["n"], totals["residents"]
    rows = [[label(SETTLED_AT_INTAKE), count(totals["settled"], totals["settled_residents"]),
             percent(totals["settled"], whole, whole_residents)]]
    rows += [[label(name), count(totals[f"n_{value}"], totals[f"residents_{value}"], ref=f"settled:{value}"),
              percent(totals[f"n_{value}"], whole, whole_residents)] for value, name in SettledBy.choices]
    rows.append([label(ALL_REQUESTS), count(whole, whole_residents, ref="requests"),
                 percent(whole, whole, whole_residents)])
    return Section(
        key="settled_at_intake", title=_("Settled at intake"),
        intro=_("Requests for help with their first contact in the period that the intake worker answered "
                "directly, without a home visit, and with what."),
        tables=[Table(caption=_("Requests settled at intake"),
                      columns=[_("Settled with"), _("Requests"), _("Share of all requests")], rows=rows,
                      chart=Chart(kind="bar", label_column=0, value_columns=[2]),
                      # The ways of settling add up to the settled row, in numbers and in shares.
                      sums=[AddsUp("rows", parts=list(range(1, len(SettledBy.choices) + 1)), total=0)])],
    )


@figure("time_to_home_visit", order=30)
def time_to_home_visit(scope: Scope) -> Section:
    visits = Conversation.objects.filter(in_scope("held_on", scope, "help_request__zone_id"))
    totals = visits.aggregate(
        n=Count("id"), residents=Count("help_request__resident", distinct=True),
        median=Median(DaysBetween("held_on", "help_request__first_contact_on")),
        within_week=Count("id", filter=Q(held_on__lte=F("help_request__first_contact_on") + ONE_WEEK)),
        within_promise=Count("id", filter=Q(held_on__lte=F("help_request__visit_due_on"))),
    )
    n, residents = totals["n"], totals["residents"]
    rows = [
        [label(_("Home visits held")), count(n, residents)],
        [label(_("Median days from first contact to home visit")), days(totals["median"], residents)],
        [label(_("Share within a week")), percent(totals["within_week"], n, residents)],
        [label(_("Share within the promised term")), percent(totals["within_promise"], n, residents)],
    ]
    return Section(
        key="time_to_home_visit", title=_("Time to the home visit"),
        intro=_("Kitchen-table conversations held in the period, counted in calendar days from the first "
                "contact. The promised term is the one in force when the request was registered "
                "(by default 7 calendar days)."),
        tables=[Table(caption=_("From first contact to home visit"), columns=[_("Measure"), _("Value")],
                      rows=rows)],
    )


def _urgent_debt_term() -> Case:
    """Whether a first-debt-conversation clock ran the urgent term of 3 working days (Wgs art. 4),
    by the rule mandates.services.legal_clocks sets it: a clock started by a conversation's debt
    screening is urgent when that conversation found a threat; a clock started at the first
    contact of a request registered as a question for debt help (no conversation) is urgent when
    the threat was registered with the request, or when a kitchen-table conversation found one
    before the first debt-help conversation (`_debt_threat_found`; one found later did not move
    the term). Such a late find left the term as it was when 3 working days from it would have
    ended after the 4 weeks: it is still counted as urgent, since the threat was known; its
    share on time is measured against its own due date either way."""
    threat_found = Exists(Conversation.objects.filter(
        help_request_id=OuterRef("help_request_id"), status=ConversationStatus.FINISHED, debt_urgent=True,
        held_on__lte=OuterRef("stopped_on")))
    return Case(When(conversation__isnull=False, then=F("conversation__debt_urgent")),
                When(Q(help_request__debt_threat=True) | threat_found, then=Value(True)),
                default=Value(False), output_field=BooleanField())


@figure("debt_signals", order=40)
def debt_signals(scope: Scope) -> Section:
    conversations = Conversation.objects.filter(in_scope("held_on", scope, "help_request__zone_id"),
                                                status=ConversationStatus.FINISHED)
    signal = Q(DEBT_QUESTION)
    urgent = Q(debt_urgent=True)
    totals = conversations.aggregate(
        n=Count("id"), residents=Count("help_request__resident", distinct=True),
        debt=Count("id", filter=signal), debt_residents=Count("help_request__resident", distinct=True, filter=signal),
        urgent=Count("id", filter=urgent),
        urgent_residents=Count("help_request__resident", distinct=True, filter=urgent),
    )
    n, residents = totals["n"], totals["residents"]
    screening = [
        [label(_("Conversations held")), count(n, residents), percent(n, n, residents)],
        [label(_("With debt signals")), count(totals["debt"], totals["debt_residents"]),
         percent(totals["debt"], n, residents)],
        [label(_("Urgent: eviction, cut-off or end of health insurance threatens")),
         count(totals["urgent"], totals["urgent_residents"]), percent(totals["urgent"], n, residents)],
    ]
    # The first debt-help conversation stops its clock: its day is the event counted here.
    clocks = {row["urgent"]: row for row in (
        LegalClock.objects.filter(in_scope("stopped_on", scope, "help_request__zone_id"),
                                  kind=ClockKind.DEBT_FIRST_CONVERSATION)
        .values(urgent=_urgent_debt_term())
        .order_by()
        .annotate(n=Count("id"), residents=Count("help_request__resident", distinct=True), median=Median(DaysBetween("stopped_on", "started_on")),
                  on_time=Count("id", filter=Q(stopped_on__lte=F("due_on")))))}
    first_conversations = []
    for is_urgent, term in ((True, _("Urgent: within 3 working days")), (False, _("Other: within 4 weeks"))):
        row = clocks.get(is_urgent, {})
        first_conversations.append([
            label(term), count(row.get("n"), row.get("residents")), days(row.get("median"), row.get("residents")),
            percent(row.get("on_time"), row.get("n"), row.get("residents")),
        ])
    return Section(
        key="debt_signals", title=_("Debt signals and debt help"),
        intro=_("Every kitchen-table conversation screens for debts. The first debt-help conversation must "
                "follow within 4 weeks of the question, or within 3 working days when an eviction, a cut-off "
                "of energy or water or the end of the health insurance threatens (Wgs art. 4)."),
        tables=[
            Table(caption=_("Debt signals in kitchen-table conversations"),
                  columns=[_("Conversations"), _("Number"), _("Share of conversations")], rows=screening),
            Table(caption=_("Time to the first debt-help conversation"),
                  columns=[_("Legal term"), _("First conversations held"), _("Median calendar days"),
                           _("Share on time")], rows=first_conversations,
                  chart=Chart(kind="bar", label_column=0, value_columns=[3])),
        ],
    )
