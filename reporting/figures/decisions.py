"""Figures of the mandated decisions: by kind and outcome, time to decision against the legal
term, objections, and general versus customised provisions with their costs."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest, Least, Round
from django.utils.translation import gettext as _

from intake.models import HelpRequest, RequestStatus, SettledBy
from mandates.models import (
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionOutcome,
    DecisionStatus,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    OfferedGeneralProvision,
)
from mandates.services import WEEKLY_UNITS

from .aggregates import DaysBetween, Median, count, days, euro, in_period, in_scope, label, percent
from .base import AddsUp, Chart, RefSum, Scope, Section, Table, figure

# A refused decision grants nothing, so it costs nothing.
GRANTING = (DecisionOutcome.GRANTED, DecisionOutcome.PARTLY)


def _sent_decisions(scope: Scope):
    """Decisions sent in the period: sending is the decision's own event."""
    return Decision.objects.filter(in_scope("sent_on", scope, "help_request__zone_id"), status=DecisionStatus.SENT)


def _legal_terms() -> dict[str, str]:
    return {
        DecisionKind.WMO: _("2 weeks after the application (Wmo 2015 art. 2.3.5)"),
        DecisionKind.SPECIAL_ASSISTANCE: _("8 weeks after the application (Awb 4:13)"),
        DecisionKind.DEBT_HELP: _("the municipality's term after the first conversation (Wgs art. 4a)"),
    }


@figure("decisions_by_kind", order=50)
def decisions_by_kind(scope: Scope) -> Section:
    by_outcome = {value: Q(outcome=value) for value in DecisionOutcome.values}
    counts = {row["kind"]: row for row in _sent_decisions(scope).values("kind").order_by().annotate(
        n=Count("id"), residents=Count("resident", distinct=True),
        **{f"n_{value}": Count("id", filter=q) for value, q in by_outcome.items()},
        **{f"residents_{value}": Count("resident", distinct=True, filter=q) for value, q in by_outcome.items()},
    )}
    rows = []
    for kind, name in DecisionKind.choices:
        row = counts.get(kind, {})
        rows.append([label(name)]
                    + [count(row.get(f"n_{value}"), row.get(f"residents_{value}")) for value in DecisionOutcome.values]
                    + [count(row.get("n"), row.get("residents"), ref=f"decisions_sent:{kind}")])
    return Section(
        key="decisions_by_kind", title=_("Decisions by kind and outcome"),
        intro=_("Decisions sent in the period on behalf of the college, by kind and outcome."),
        tables=[Table(caption=_("Decisions by kind and outcome"),
                      columns=[_("Kind of decision"), *[str(name) for name in DecisionOutcome.labels], _("Total")],
                      rows=rows, chart=Chart(kind="grouped_bar", label_column=0, value_columns=[1, 2, 3]),
                      sums=[AddsUp("columns", parts=list(range(1, len(DecisionOutcome.values) + 1)),
                                   total=len(DecisionOutcome.values) + 1)])],
    )


@figure("decision_terms", order=60)
def decision_terms(scope: Scope) -> Section:
    # A correction answers no application: its term counts from the day it was prepared
    # (docs/mandates.md), so it would only blur how fast applications are decided. It is counted
    # beside them, so that this table and "Decisions by kind" visibly add up.
    correction = Q(corrects__isnull=False)
    answer = ~correction
    counts = {row["kind"]: row for row in _sent_decisions(scope).values("kind").order_by().annotate(
        n=Count("id", filter=answer), residents=Count("resident", distinct=True, filter=answer),
        median=Median(DaysBetween("sent_on", "application_on"), filter=answer),
        on_time=Count("id", filter=answer & Q(sent_on__lte=F("due_on"))),
        corrections=Count("id", filter=correction),
        correction_residents=Count("resident", distinct=True, filter=correction),
    )}
    terms = _legal_terms()
    rows = []
    for kind, name in DecisionKind.choices:
        row = counts.get(kind, {})
        # Not the ref of "Decisions by kind": these are fewer when corrections were sent. The
        # ref_sums below tie the two counts to it, so suppression protects each by the others.
        rows.append([label(name), label(terms[kind]),
                     count(row.get("n"), row.get("residents"), ref=f"decisions_on_application:{kind}"),
                     days(row.get("median"), row.get("residents")),
                     percent(row.get("on_time"), row.get("n"), row.get("residents")),
                     count(row.get("corrections"), row.get("correction_residents"), ref=f"corrections_sent:{kind}")])
    return Section(
        key="decision_terms", title=_("Time to decision"),
        intro=_("Decisions on an application sent in the period: calendar days from the application to sending, "
                "and the share sent by the legal due date (extensions and suspensions included, holidays counted "
                "by the Algemene termijnenwet). Corrections of a sent decision answer no application: they are "
                "counted apart."),
        tables=[Table(caption=_("Time to decision against the legal term"),
                      columns=[_("Kind of decision"), _("Legal term"), _("Decisions on an application"),
                               _("Median calendar days"), _("Share on time"), _("Corrections")], rows=rows,
                      chart=Chart(kind="bar", label_column=0, value_columns=[4]))],
        ref_sums=[RefSum(parts=[f"decisions_on_application:{kind}", f"corrections_sent:{kind}"],
                         total=f"decisions_sent:{kind}") for kind in DecisionKind.values],
    )


@figure("objections", order=70)
def objections(scope: Scope) -> Section:
    received = Objection.objects.filter(in_scope("received_on", scope, "decision__help_request__zone_id"))
    open_ = Q(status=ObjectionStatus.OPEN)
    by_outcome = {value: Q(status=ObjectionStatus.DECIDED, outcome=value) for value in ObjectionOutcome.values}
    totals = received.aggregate(
        n=Count("id"), residents=Count("decision__resident", distinct=True),
        open=Count("id", filter=open_), open_residents=Count("decision__resident", distinct=True, filter=open_),
        **{f"n_{value}": Count("id", filter=q) for value, q in by_outcome.items()},
        **{f"residents_{value}": Count("decision__resident", distinct=True, filter=q)
           for value, q in by_outcome.items()},
    )
    objected = Q(Exists(Objection.objects.filter(decision=OuterRef("pk"))))
    decided = _sent_decisions(scope).aggregate(
        n=Count("id"), residents=Count("resident", distinct=True), objected=Count("id", filter=objected),
        objected_residents=Count("resident", distinct=True, filter=objected))
    rows = [[label(_("Still open")), count(totals["open"], totals["open_residents"])]]
    rows += [[label(name), count(totals[f"n_{value}"], totals[f"residents_{value}"])]
             for value, name in ObjectionOutcome.choices]
    rows.append([label(_("All objections received")), count(totals["n"], totals["residents"])])
    share = [[label(_("Decisions sent")), count(decided["n"], decided["residents"], ref="decisions_sent"),
              percent(decided["n"], decided["n"], decided["residents"])],
             [label(_("Of which objected to")), count(decided["objected"], decided["objected_residents"]),
              percent(decided["objected"], decided["n"], decided["residents"])]]
    return Section(
        key="objections", title=_("Objections"),
        intro=_("Objections received in the period by their outcome, and the share of the decisions sent in "
                "the period that were objected to (so far)."),
        tables=[Table(caption=_("Objections by outcome"), columns=[_("Outcome"), _("Objections")], rows=rows,
                      chart=Chart(kind="bar", label_column=0, value_columns=[1]),
                      sums=[AddsUp("rows", parts=list(range(len(rows) - 1)), total=len(rows) - 1)]),
                Table(caption=_("Share of decisions objected to"),
                      columns=[_("Decisions"), _("Number"), _("Share")], rows=share)],
        # Decisions sent per kind (under "Decisions by kind" and "Time to decision") add up to these.
        ref_sums=[RefSum(parts=[f"decisions_sent:{kind}" for kind in DecisionKind.values], total="decisions_sent")],
    )


@figure("general_provisions", order=80)
def general_provisions(scope: Scope) -> Section:
    settled = in_period("first_contact_on", scope) & Q(status=RequestStatus.SETTLED,
                                                                settled_by=SettledBy.GENERAL_PROVISION)
    offered = in_period("conversation__held_on", scope) & Q(Exists(
        OfferedGeneralProvision.objects.filter(conversation__help_request=OuterRef("pk"))))
    requests = HelpRequest.objects.filter(settled | offered)
    if scope.zone_id is not None:
        requests = requests.filter(zone_id=scope.zone_id)
    totals = requests.aggregate(
        settled=Count("id", filter=settled), settled_residents=Count("resident", distinct=True, filter=settled),
        offered=Count("id", filter=offered), offered_residents=Count("resident", distinct=True, filter=offered),
        n=Count("id"), residents=Count("resident", distinct=True))
    offers = (OfferedGeneralProvision.objects
              .filter(in_scope("conversation__held_on", scope, "conversation__help_request__zone_id"))
              .values("provision_id", "provision__name").order_by("provision__name", "provision_id")
              .annotate(n=Count("id"), residents=Count("conversation__help_request__resident", distinct=True)))
    summary = [
        [label(_("Requests settled at intake with a general provision")),
         count(totals["settled"], totals["settled_residents"], ref=f"settled:{SettledBy.GENERAL_PROVISION}")],
        [label(_("Kitchen-table conversations that offered a general provision")),
         count(totals["offered"], totals["offered_residents"])],
        [label(_("Requests for help served by a general provision")), count(totals["n"], totals["residents"])],
    ]
    by_provision = [[label(row["provision__name"], key=f"provision:{row['provision_id']}"),
                     count(row["n"], row["residents"])] for row in offers]
    return Section(
        key="general_provisions", title=_("General provisions"),
        intro=_("General provisions are free and need no decision: the front door offers them before a "
                "customised provision. Requests settled at intake count by their first contact, offers in a "
                "conversation by the day it was held."),
        tables=[Table(caption=_("Requests served by a general provision"), columns=[_("Route"), _("Number")],
                      rows=summary),
                Table(caption=_("General provisions offered in kitchen-table conversations"),
                      columns=[_("General provision"), _("Times offered")], rows=by_provision,
                      chart=Chart(kind="bar", label_column=0, value_columns=[1]))],
    )


def _lines_in_force(scope: Scope):
    """Granting lines of the decisions sent in the period, each with `cost_in_force`: what it costs
    for the time it stood.

    A sent decision cannot change: a correction is a new sent decision (`corrects`) and the old one
    stays sent, so counting both would grant the provision twice. As privacy.retention has it, the
    old decision stands until the start of its first sent correction. A weekly volume (household
    help, day activities) was delivered and paid for the weeks before that start, so it counts for
    those weeks (whole weeks, as `Decision.weeks`; at most the weeks it was costed for); a
    correction from the same start replaces it altogether. A one-off provision (an aid, an amount)
    is paid once: the correction states it anew, so the replaced line counts nothing.

    Whether a decision is replaced does not depend on the report's period (a correction sent in a
    later quarter replaces it too), so that quarters still add up to their year."""
    replaced_from = Subquery(Decision.objects.filter(corrects=OuterRef("decision_id"), status=DecisionStatus.SENT)
                             .order_by("start_on").values("start_on")[:1])
    # Whole weeks from the decision's start to the day before the correction's (integer division).
    weeks_before = Greatest(Value(0), (DaysBetween("replaced_from", "decision__start_on") + 6) / 7)
    money = DecimalField(max_digits=12, decimal_places=2)
    cost_before = Least("cost", Round(ExpressionWrapper(F("volume") * F("unit_price") * weeks_before,
                                                        output_field=money), 2))
    return (DecisionLine.objects
            .filter(in_scope("decision__sent_on", scope, "decision__help_request__zone_id"),
                    decision__status=DecisionStatus.SENT, decision__outcome__in=GRANTING)
            .annotate(replaced_from=replaced_from, weeks_before=weeks_before)
            .filter(Q(replaced_from__isnull=True) | Q(unit__in=WEEKLY_UNITS, weeks_before__gt=0))
            .annotate(cost_in_force=Case(When(replaced_from__isnull=True, then=F("cost")), default=cost_before,
                                         output_field=money)))


@figure("customised_provisions", order=85)
def customised_provisions(scope: Scope) -> Section:
    lines = _lines_in_force(scope)
    resident = "decision__resident"
    by_provision = lines.values("provision_id", "provision__kind", "provision__name") \
        .order_by("provision__name", "provision_id") \
        .annotate(n=Count("id"), residents=Count(resident, distinct=True), cost=Sum("cost_in_force"))
    totals = lines.aggregate(n=Count("id"), residents=Count(resident, distinct=True), cost=Sum("cost_in_force"))
    kinds = dict(DecisionKind.choices)
    rows = [[label(row["provision__name"], key=f"provision:{row['provision_id']}"),
             label(kinds.get(row["provision__kind"], row["provision__kind"]), key=f"kind:{row['provision__kind']}"),
             count(row["n"], row["residents"]), euro(row["cost"], row["residents"])] for row in by_provision]
    rows.append([label(_("All customised provisions")), label(""), count(totals["n"], totals["residents"]),
                 euro(totals["cost"], totals["residents"])])
    return Section(
        key="customised_provisions", title=_("Customised provisions and their costs"),
        intro=_("Customised provisions need a decision. Provisions granted (fully or partly) in decisions sent "
                "in the period, with their cost over the period each decision covers (a year when open-ended). A "
                "decision replaced by a correction counts only for the weeks before the correction's start."),
        tables=[Table(caption=_("Customised provisions granted and their costs"),
                      columns=[_("Provision"), _("Kind of decision"), _("Granted"), _("Cost (EUR)")], rows=rows,
                      chart=Chart(kind="bar", label_column=0, value_columns=[3]),
                      sums=[AddsUp("rows", parts=list(range(len(rows) - 1)), total=len(rows) - 1, only=[2, 3])])],
    )
