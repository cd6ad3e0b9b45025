"""The access log's part of an access request: who saw or changed the resident's data, when,
what and why (NEN 7513 logs exist precisely so that the resident can be told this)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from audit.models import AccessLogEntry
from cases.models import Case
from intake.exports import Section, labels_for, record, register
from intake.models import HelpRequest, HouseholdMembership, Resident
from mandates.models import Decision, LegalClock
from partners.models import Referral

from .models import DataDispute, ProcessingRestriction

LOG_FIELDS = ("at", "username", "role", "action", "object_type", "object_id", "purpose")
DISPUTE_FIELDS = ("description", "reference", "opened_at", "resolved_at", "outcome", "outcome_note")
RESTRICTION_FIELDS = ("reason", "imposed_at", "lifted_at")


def _entries_about(resident: Resident) -> Q:
    """Every entry about the resident, not only those filed under them: a read of a household
    page lists its members in the detail (filed under one resident only when it has one), a
    search the residents it found, a list the records it showed, and a read of a plan is filed
    under the resident whose request opened it, while the plan is every member's. The log has no
    index for these (they are read only for an access request), so the export scans it once."""
    pk = resident.pk
    request_ids = list(HelpRequest.objects.filter(resident_id=pk).values_list("pk", flat=True))
    household_ids = list(HouseholdMembership.objects.filter(resident_id=pk).values_list("household_id", flat=True))
    case_ids = list(Case.objects.filter(household_id__in=household_ids).values_list("pk", flat=True))
    records = {
        "intake.helprequest": request_ids,
        "intake.household": household_ids,
        "cases.case": case_ids,
        "cases.notification": case_ids,  # its list shows the plans the notices are about
        "mandates.decision": list(Decision.objects.filter(resident_id=pk).values_list("pk", flat=True)),
        "mandates.legalclock": list(LegalClock.objects.filter(help_request_id__in=request_ids)
                                    .values_list("pk", flat=True)),
        "partners.referral": list(Referral.objects.filter(resident_id=pk).values_list("pk", flat=True)),
    }
    about = (Q(resident_id=pk) | Q(object_type="intake.resident", detail__contains={"found": [pk]})
             | Q(object_type="intake.household", detail__contains={"residents": [pk]}))
    for object_type, ids in records.items():
        if object_type != "cases.notification" and ids:
            about |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
        for i in ids:
            about |= Q(object_type=object_type, detail__contains={"shown": [i]})
    return about


@register
def access_log_section(resident: Resident) -> Section:
    entries = AccessLogEntry.objects.filter(_entries_about(resident)).order_by("at", "pk")
    records = [record(e, LOG_FIELDS, action=e.get_action_display()) for e in entries.iterator(chunk_size=2000)]
    return Section("access_log", _("Who accessed the data"), records, labels_for(AccessLogEntry, LOG_FIELDS),
                   position=200)


@register
def rights_section(resident: Resident) -> Section:
    disputes = [record(d, DISPUTE_FIELDS, kind=_("data dispute"), outcome=d.get_outcome_display())
                for d in DataDispute.objects.filter(resident=resident).order_by("opened_at", "pk")]
    restrictions = [record(r, RESTRICTION_FIELDS, kind=_("restriction of processing"))
                    for r in ProcessingRestriction.objects.filter(resident=resident).order_by("imposed_at", "pk")]
    return Section("rights", _("Disputes and restrictions"), disputes + restrictions,
                   {**labels_for(DataDispute, DISPUTE_FIELDS, kind=_("kind")),
                    **labels_for(ProcessingRestriction, RESTRICTION_FIELDS)}, position=150)
