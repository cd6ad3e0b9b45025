"""Figures of the warm handovers to partner organisations: how many each received and what
became of them. Organisation names are public; no resident or worker is ever named."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from partners.models import Referral, ReferralStatus

from .aggregates import count, in_scope, label
from .base import AddsUp, Chart, Scope, Section, Table, figure

# The status flow sent -> accepted -> started -> finished, or sent -> declined, reported as
# the outcome a council member can read: still waiting, declined, under way, finished.
OUTCOMES = (
    ("waiting", Q(status=ReferralStatus.SENT)),
    ("declined", Q(status=ReferralStatus.DECLINED)),
    ("under_way", Q(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.STARTED])),
    ("finished", Q(status=ReferralStatus.FINISHED)),
)


def _outcome_labels() -> list[str]:
    return [_("Awaiting an answer"), _("Declined"), _("Accepted, under way"), _("Finished")]


@figure("referrals_by_partner", order=95)
def referrals_by_partner(scope: Scope) -> Section:
    sent = Referral.objects.filter(in_scope("sent_on", scope, "help_request__zone_id"))
    measures = {
        "n": Count("id"), "residents": Count("resident", distinct=True),
        **{f"n_{key}": Count("id", filter=q) for key, q in OUTCOMES},
        **{f"residents_{key}": Count("resident", distinct=True, filter=q) for key, q in OUTCOMES},
    }
    by_organisation = (sent.values("organisation_id", "organisation__name")
                       .order_by("organisation__name", "organisation_id").annotate(**measures))
    totals = sent.aggregate(**measures)

    def row(name: str, data: dict, identity: str | None = None) -> list:
        return ([label(name, key=identity)] + [count(data[f"n_{key}"], data[f"residents_{key}"]) for key, _q in OUTCOMES]
                + [count(data["n"], data["residents"])])

    rows = [row(data["organisation__name"], data, f"organisation:{data['organisation_id']}") for data in by_organisation]
    rows.append(row(_("All partner organisations"), totals))
    return Section(
        key="referrals_by_partner", title=_("Referrals to partner organisations"),
        intro=_("Warm handovers sent in the period, by partner organisation and their status today."),
        tables=[Table(caption=_("Referrals by partner organisation and outcome"),
                      columns=[_("Partner organisation"), *_outcome_labels(), _("Referrals")], rows=rows,
                      chart=Chart(kind="bar", label_column=0, value_columns=[5]),
                      sums=[AddsUp("rows", parts=list(range(len(rows) - 1)), total=len(rows) - 1),
                            AddsUp("columns", parts=list(range(1, len(OUTCOMES) + 1)), total=len(OUTCOMES) + 1)])],
    )
