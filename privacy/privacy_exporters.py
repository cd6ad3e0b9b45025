"""The access log's part of an access request: who saw or changed the resident's data, when,
what and why (NEN 7513 logs exist precisely so that the resident can be told this)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from audit.models import AccessLogEntry
from intake.exports import Section, labels_for, record, register
from intake.models import Resident

from .models import DataDispute, ProcessingRestriction

LOG_FIELDS = ("at", "username", "role", "action", "object_type", "object_id", "purpose")
DISPUTE_FIELDS = ("description", "reference", "opened_at", "resolved_at", "outcome", "outcome_note")
RESTRICTION_FIELDS = ("reason", "imposed_at", "lifted_at")


@register
def access_log_section(resident: Resident) -> Section:
    entries = AccessLogEntry.objects.filter(resident_id=resident.pk).order_by("at", "pk")
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
