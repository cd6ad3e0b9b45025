"""The outcome measure of the self-reliance matrix: per life domain, the score at the
kitchen-table conversation against the latest later score at an evaluation of the plan."""

from __future__ import annotations

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from cases.models import EvaluationScore
from intake.models import SelfRelianceScore

from .aggregates import count, in_scope, label, percent, score
from .base import AddsUp, Chart, Scope, Section, Table, figure

RESIDENT = "evaluation__case__conversation__help_request__resident"


def _score_pairs(scope: Scope):
    """One row per plan and life domain: the latest evaluation score up to the end of the period,
    when that evaluation lies in the period, with the intake score of the same domain beside it.
    Only pairs with both scores count: a change needs two measurements."""
    later = EvaluationScore.objects.filter(
        Q(evaluation__held_on__gt=OuterRef("evaluation__held_on"))
        | Q(evaluation__held_on=OuterRef("evaluation__held_on"), evaluation_id__gt=OuterRef("evaluation_id")),
        evaluation__case=OuterRef("evaluation__case"), domain=OuterRef("domain"),
        evaluation__held_on__lte=scope.date_to,
    )
    at_intake = SelfRelianceScore.objects.filter(
        conversation=OuterRef("evaluation__case__conversation"), domain=OuterRef("domain"), score__isnull=False,
    ).values("score")[:1]
    return (EvaluationScore.objects
            .filter(in_scope("evaluation__held_on", scope, "evaluation__case__conversation__help_request__zone_id"))
            .exclude(Exists(later))
            .annotate(at_intake=Subquery(at_intake))
            .filter(at_intake__isnull=False))


@figure("self_reliance_change", order=100)
def self_reliance_change(scope: Scope) -> Section:
    measures = {"n": Count("id"), "residents": Count(RESIDENT, distinct=True), "intake_mean": Avg("at_intake"),
                "later_mean": Avg("score"), "improved": Count("id", filter=Q(score__gt=F("at_intake")))}
    pairs = _score_pairs(scope)
    by_domain = (pairs.values("domain_id", "domain__name").order_by("domain__position", "domain__name", "domain_id")
                 .annotate(**measures))
    totals = pairs.aggregate(**measures)

    def row(name: str, data: dict, identity: str | None = None) -> list:
        residents = data["residents"]
        change = None if data["n"] == 0 else data["later_mean"] - data["intake_mean"]
        return [label(name, key=identity), count(data["n"], residents), score(data["intake_mean"], residents),
                score(data["later_mean"], residents), score(change, residents),
                percent(data["improved"], data["n"], residents)]

    rows = [row(data["domain__name"], data, f"life_domain:{data['domain_id']}") for data in by_domain]
    rows.append(row(_("All life domains"), totals))
    return Section(
        key="self_reliance_change", title=_("Change in self-reliance"),
        intro=_("Self-reliance is scored per life domain from 1 (acute problems) to 5 (fully self-reliant) in "
                "the kitchen-table conversation and again at evaluations of the plan. For plans evaluated in "
                "the period: the mean score at intake against the latest evaluation score, and the share that "
                "improved."),
        tables=[Table(caption=_("Self-reliance at intake and at the latest evaluation"),
                      columns=[_("Life domain"), _("Scored twice"), _("Mean at intake"),
                               _("Mean at the latest evaluation"), _("Mean change"), _("Share improved")],
                      rows=rows, chart=Chart(kind="grouped_bar", label_column=0, value_columns=[2, 3]),
                      # The pairs add up over the domains, and so do the improved ones (share times pairs).
                      sums=[AddsUp("rows", parts=list(range(len(rows) - 1)), total=len(rows) - 1, only=[1, 5])])],
    )
