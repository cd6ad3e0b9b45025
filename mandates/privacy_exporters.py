"""The decisions' part of an access request: decisions with their lines, objections, the
letters' metadata (not the PDFs themselves: the resident received those) and the legal clocks."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from intake.exports import Section, labels_for, record, register
from intake.models import Resident

from .models import Decision, DecisionLetter, DecisionLine, LegalClock, Objection

DECISION_FIELDS = ("kind", "outcome", "delivery", "start_on", "end_on", "reasoning", "legal_ground", "total_cost",
                   "urgent", "melding_on", "application_on", "due_on", "status", "decided_by", "decided_at",
                   "sent_on", "objection_period_ends_on")
LINE_FIELDS = ("provision", "volume", "unit", "unit_price", "cost")
OBJECTION_FIELDS = ("received_on", "grounds", "advisory_committee", "late", "due_on", "status", "outcome",
                    "decided_on")
LETTER_FIELDS = ("status", "created_at", "rendered_at")
CLOCK_FIELDS = ("kind", "started_on", "due_on", "stopped_on", "receipt_confirmed_on")


@register
def decisions_section(resident: Resident) -> Section:
    decisions = (
        Decision.objects.filter(resident=resident).select_related("decided_by", "letter")
        .prefetch_related(Prefetch("lines", queryset=DecisionLine.objects.select_related("provision").order_by("pk")),
                          Prefetch("objections", queryset=Objection.objects.order_by("received_on", "pk")))
        .order_by("application_on", "pk")
    )
    records = []
    for d in decisions:
        letter = getattr(d, "letter", None)
        records.append(record(
            d, DECISION_FIELDS, id=d.pk, kind=d.get_kind_display(), outcome=d.get_outcome_display(),
            delivery=d.get_delivery_display(), status=d.get_status_display(),
            lines=[record(line, LINE_FIELDS, unit=line.get_unit_display()) for line in d.lines.all()],
            objections=[record(o, OBJECTION_FIELDS, status=o.get_status_display(), outcome=o.get_outcome_display())
                        for o in d.objections.all()],
            letter=record(letter, LETTER_FIELDS, status=letter.get_status_display()) if letter else None,
        ))
    labels = {**labels_for(Decision, DECISION_FIELDS, id=_("number"), lines=_("decision lines"),
                           objections=_("objections"), letter=_("decision letter")),
              **labels_for(DecisionLine, LINE_FIELDS), **labels_for(Objection, OBJECTION_FIELDS),
              **labels_for(DecisionLetter, LETTER_FIELDS)}
    return Section("decisions", _("Decisions"), records, labels, position=60)


@register
def legal_clocks_section(resident: Resident) -> Section:
    clocks = LegalClock.objects.filter(help_request__resident=resident).order_by("started_on", "pk")
    records = [record(c, CLOCK_FIELDS, request=c.help_request_id, kind=c.get_kind_display()) for c in clocks]
    return Section("legal_clocks", _("Legal terms"), records,
                   labels_for(LegalClock, CLOCK_FIELDS, request=_("request for help")), position=70)
