"""Intake's part of an access request: the resident, their households, requests for help (with
what the web form was given), and the kitchen-table conversations of their requests and those
they were present at, with their scores."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from .exports import Section, labels_for, record, register
from .models import (
    Conversation,
    HelpRequest,
    Household,
    HouseholdMembership,
    Resident,
    SelfRelianceScore,
)

RESIDENT_FIELDS = ("bsn", "first_names", "surname_prefix", "surname", "date_of_birth", "phone", "email",
                   "created_at")
HOUSEHOLD_FIELDS = ("street", "house_number", "postcode", "city", "zone")
MEMBERSHIP_FIELDS = ("relation", "start_date", "end_date")
REQUEST_FIELDS = ("first_contact_on", "channel", "question", "urgency", "debt_help_question", "debt_threat", "status",
                  "settled_by", "settled_note", "zone", "assigned_worker", "visit_due_on", "visit_planned_at",
                  "created_at")
CONVERSATION_FIELDS = ("held_on", "worker", "status", "others_present", "own_strength", "network",
                       "general_provisions_considered", "arrears", "threats", "debt_note", "debt_urgent",
                       "outcome", "outcome_note", "finished_at")


@register
def resident_section(resident: Resident) -> Section:
    return Section("resident", _("Personal details"), [record(resident, RESIDENT_FIELDS)],
                   labels_for(Resident, RESIDENT_FIELDS), position=10,
                   single=True)


@register
def households_section(resident: Resident) -> Section:
    memberships = (HouseholdMembership.objects.filter(resident=resident)
                   .select_related("household__zone").order_by("start_date", "pk"))
    records = [record(m, MEMBERSHIP_FIELDS, relation=m.get_relation_display(),
                      **{name: getattr(m.household, name) for name in HOUSEHOLD_FIELDS})
               for m in memberships]
    return Section("households", _("Households"), records,
                   {**labels_for(HouseholdMembership, MEMBERSHIP_FIELDS), **labels_for(Household, HOUSEHOLD_FIELDS)},
                   position=20)


@register
def requests_section(resident: Resident) -> Section:
    requests = (HelpRequest.objects.filter(resident=resident).select_related("zone", "assigned_worker")
                .prefetch_related("life_domains").order_by("first_contact_on", "pk"))
    records = [record(r, REQUEST_FIELDS, id=r.pk, channel=r.get_channel_display(), urgency=r.get_urgency_display(),
                      status=r.get_status_display(), settled_by=r.get_settled_by_display(),
                      life_domains=[d.name for d in r.life_domains.all()],
                      # What the resident typed into the web form is kept after the request was linked.
                      submitted_contact=r.submitted_contact or None)
               for r in requests]
    return Section("requests_for_help", _("Requests for help"), records,
                   {**labels_for(HelpRequest, REQUEST_FIELDS, id=_("number"), life_domains=_("life domains"),
                                 submitted_contact=_("contact details given in the web form"), name=_("name")),
                    **labels_for(Resident, ("date_of_birth", "phone", "email")),
                    **labels_for(Household, ("postcode", "house_number"))},
                   position=30)


@register
def conversations_section(resident: Resident) -> Section:
    conversations = (Conversation.objects.filter(Q(help_request__resident=resident) | Q(present_residents=resident))
                     .distinct().select_related("worker", "help_request")
                     .prefetch_related("scores__domain").order_by("held_on", "pk"))
    score_labels = labels_for(SelfRelianceScore, ("domain", "score", "note"))
    records = [record(c, CONVERSATION_FIELDS, request=c.help_request_id,
                      own_request=c.help_request.resident_id == resident.pk, status=c.get_status_display(),
                      outcome=c.get_outcome_display(),
                      scores=[{"domain": s.domain.name, "score": s.score, "note": s.note} for s in c.scores.all()])
               for c in conversations]
    return Section("conversations", _("Kitchen-table conversations"), records,
                   labels_for(Conversation, CONVERSATION_FIELDS, request=_("request for help"),
                              own_request=_("about their own request (else present at a household member's)"),
                              scores=_("self-reliance scores"), **score_labels),
                   position=40)
