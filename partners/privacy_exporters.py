"""The referrals' part of an access request: each warm handover with what was shared, the consent,
and its course (sent, accepted or declined, started, finished) with the partner's feedback."""

from __future__ import annotations

from django.utils.translation import gettext as _

from intake.exports import Section, labels_for, record, register
from intake.models import Resident

from .models import Referral

REFERRAL_FIELDS = ("organisation", "service", "question", "urgency", "sender", "share_request", "share_summary",
                   "share_scores", "share_debts", "share_goals", "share_actions", "consent_until",
                   "consent_recorded_at", "consent_withdrawn_at", "status", "sent_on", "accept_by", "responded_at",
                   "decline_reason", "started_on", "finished_on", "feedback")


@register
def referrals_section(resident: Resident) -> Section:
    referrals = (Referral.objects.filter(resident=resident).select_related("organisation", "service", "sender")
                 .order_by("sent_on", "pk"))
    records = [record(r, REFERRAL_FIELDS, id=r.pk, request=r.help_request_id, urgency=r.get_urgency_display(),
                      status=r.get_status_display())
               for r in referrals]
    return Section("referrals", _("Referrals to partners"), records,
                   labels_for(Referral, REFERRAL_FIELDS, id=_("number"), request=_("request for help")),
                   position=80)
