"""Figures of the plans (cases): the share of complex households and the results of follow-up
contacts after closure. A case belongs to the zone of the request its conversation answered."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from cases.models import Case, FollowUp, FollowUpResult, FollowUpStatus

from .aggregates import count, in_scope, label, percent
from .base import AddsUp, Chart, Scope, Section, Table, figure

CASE_RESIDENT = "conversation__help_request__resident"


@figure("complex_cases", order=90)
def complex_cases(scope: Scope) -> Section:
    opened = Case.objects.filter(in_scope("opened_on", scope, "conversation__help_request__zone_id"))
    complex_ = Q(complex_decision=True)
    undecided = Q(complex_decision__isnull=True)
    totals = opened.aggregate(
        n=Count("id"), residents=Count(CASE_RESIDENT, distinct=True),
        complex=Count("id", filter=complex_), complex_residents=Count(CASE_RESIDENT, distinct=True, filter=complex_),
        undecided=Count("id", filter=undecided),
        undecided_residents=Count(CASE_RESIDENT, distinct=True, filter=undecided))
    n, residents = totals["n"], totals["residents"]
    rows = [
        [label(_("Plans opened")), count(n, residents), percent(n, n, residents)],
        [label(_("Complex households")), count(totals["complex"], totals["complex_residents"]),
         percent(totals["complex"], n, residents)],
        [label(_("Complexity not yet decided")), count(totals["undecided"], totals["undecided_residents"]),
         percent(totals["undecided"], n, residents)],
    ]
    return Section(
        key="complex_cases", title=_("Complex cases"),
        intro=_("Plans (one household, one plan) opened in the period, and how many the worker judged complex: "
                "several life domains and several organisations, with one case director."),
        tables=[Table(caption=_("Share of complex cases"), columns=[_("Plans"), _("Number"), _("Share")],
                      rows=rows)],
    )


@figure("follow_up_results", order=110)
def follow_up_results(scope: Scope) -> Section:
    done = FollowUp.objects.filter(in_scope("done_on", scope, "case__conversation__help_request__zone_id"),
                                   status=FollowUpStatus.DONE)
    resident = f"case__{CASE_RESIDENT}"
    by_result = {value: Q(result=value) for value in FollowUpResult.values}
    measures = {
        "n": Count("id"), "residents": Count(resident, distinct=True),
        **{f"n_{value}": Count("id", filter=q) for value, q in by_result.items()},
        **{f"residents_{value}": Count(resident, distinct=True, filter=q) for value, q in by_result.items()},
    }
    by_moment = done.values("months").order_by("months").annotate(**measures)
    totals = done.aggregate(**measures)

    def row(name: str, data: dict) -> list:
        return ([label(name)]
                + [percent(data[f"n_{value}"], data["n"], data["residents"]) for value in FollowUpResult.values]
                + [count(data["n"], data["residents"])])

    rows = [row(_("%(months)s months after closure") % {"months": data["months"]}, data) for data in by_moment]
    rows.append(row(_("All follow-up contacts"), totals))
    return Section(
        key="follow_up_results", title=_("Follow-up after closure"),
        intro=_("Follow-up contacts made in the period after a plan was closed, by the moment they were "
                "scheduled and how the household was doing."),
        tables=[Table(caption=_("Results of follow-up contacts"),
                      columns=[_("Moment"), *[str(name) for name in FollowUpResult.labels], _("Contacts")],
                      rows=rows, chart=Chart(kind="grouped_bar", label_column=0, value_columns=[1, 2, 3]),
                      # The moments add up to all contacts, and so do a result's shares times the
                      # contacts (a share column is a count in disguise); a row's shares add up to 100%.
                      sums=[AddsUp("rows", parts=list(range(len(rows) - 1)), total=len(rows) - 1),
                            AddsUp("columns", parts=list(range(1, len(FollowUpResult.values) + 1)))])],
    )
