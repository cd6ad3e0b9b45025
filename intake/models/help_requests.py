"""Requests for help (meldingen): their channel, urgency and status from triage to the
kitchen-table conversation, and who may see them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .households import (
    Household,
    Resident,
    _zone_ids,
    restricted_household_ids,
    restricted_resident_ids,
)
from .life_domains import LifeDomain


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in point")
    WEB_FORM = "web_form", _("Web form")
    FINDING_PLACE = "finding_place", _("Partner at a finding place")
    ARREARS_SIGNAL = "arrears_signal", _("Early-warning arrears signal")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRISIS = "crisis", _("Crisis: act today")


class RequestStatus(models.TextChoices):
    NEW = "new", _("New, awaiting triage")
    SETTLED = "settled", _("Settled at intake")
    ASSIGNED = "assigned", _("Assigned for a home visit")
    IN_CONVERSATION = "in_conversation", _("Conversation in progress")
    COMPLETED = "completed", _("Conversation held")


OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_CONVERSATION)
# The home-visit promise is kept once the conversation has started.
AWAITING_VISIT = (RequestStatus.NEW, RequestStatus.ASSIGNED)


class SettledBy(models.TextChoices):
    INFORMATION = "information", _("Information and advice")
    GENERAL_PROVISION = "general_provision", _("A general provision")
    OWN_NETWORK = "own_network", _("The resident's own network")


# A request no zone covers (a web-form postcode with a typo, a street not yet mapped) that nobody
# carries yet belongs to no team: every team leader sees it in the queue and may triage it, or
# it would be in nobody's sight while its terms run.
UNCLAIMED = Q(zone__isnull=True, assigned_worker__isnull=True)


class HelpRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> HelpRequestQuerySet:
        if getattr(user, "is_worker", False):
            # The intaker who registered a request keeps sight of it, also when the resident
            # lives in another zone and it lands in that zone's queue.
            return self.filter(
                Q(zone__in=_zone_ids(user)) | Q(assigned_worker=user) | Q(created_by=user)).unrestricted()
        if getattr(user, "is_team_leader", False):
            return self.filter(
                Q(zone__team_id=user.team_id) | Q(assigned_worker__team_id=user.team_id) | UNCLAIMED).unrestricted()
        return self.none()

    def unrestricted(self) -> HelpRequestQuerySet:
        """Without the requests of residents (or of households with a member) whose processing is
        restricted; cases, decisions, clocks and referrals build on this queryset."""
        return (self.exclude(resident_id__in=restricted_resident_ids())
                .exclude(household_id__in=restricted_household_ids()))

    def open(self) -> HelpRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def visit_overdue(self, today: datetime.date) -> HelpRequestQuerySet:
        """No conversation held yet and the home-visit promise date has passed."""
        return self.filter(status__in=AWAITING_VISIT, visit_due_on__lt=today)


class HelpRequest(models.Model):
    """A request for help (melding / hulpvraag): the first contact with a question."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="help_requests", verbose_name=_("resident"),
                                 help_text=_("Empty for a web-form request until intake links it to a resident."))
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="help_requests", verbose_name=_("household"))
    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="help_requests", verbose_name=_("zone"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # Whether the question reports a need for support under the Wmo: only a Wmo melding starts
    # the six-week investigation term. True unless intake says otherwise: a missed legal term is
    # worse than a warning too many (a web-form request is judged when intake links it).
    wmo_melding = models.BooleanField(
        _("Wmo melding"), default=True,
        help_text=_("The resident reports a need for support under the Wmo, so the six-week investigation "
                    "term starts (Wmo art. 2.3.2). Untick for a question about money, debts, work or "
                    "information only."))
    # The Wgs term for the first debt-help conversation runs from the help question, which may be
    # oral: a resident who phones about debts has asked, whether or not a visit follows.
    debt_help_question = models.BooleanField(
        _("question for debt help"), default=False,
        help_text=_("The resident asks for help with debts: the first debt-help conversation is due within "
                    "4 weeks of the first contact (Wgs art. 4)."))
    debt_threat = models.BooleanField(
        _("eviction, cut-off or cancelled health insurance threatens"), default=False,
        help_text=_("Forced eviction, cut-off of gas, electricity, heating or water, or cancellation of the "
                    "health insurance: then the first debt-help conversation is due within 3 working days."))
    life_domains = models.ManyToManyField(LifeDomain, blank=True, related_name="help_requests",
                                          verbose_name=_("life domains"))
    question = models.TextField(_("question"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    first_contact_on = models.DateField(_("date of first contact"))
    visit_due_on = models.DateField(_("home visit promised by"))
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW)
    settled_by = models.CharField(_("settled with"), max_length=20, choices=SettledBy.choices, blank=True)
    settled_note = models.TextField(_("how it was settled"), blank=True)
    assigned_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="assigned_requests", verbose_name=_("meitinker"))
    visit_planned_at = models.DateTimeField(_("home visit planned at"), null=True, blank=True)
    # What an unauthenticated web-form sender typed about themselves, until intake links the
    # request to a resident record (we never match unverified input to a record automatically).
    submitted_contact = models.JSONField(_("submitted contact details"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["visit_due_on", "id"]
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        indexes = [
            models.Index(fields=["zone", "status", "visit_due_on"], name="request_zone_queue"),
            models.Index(fields=["assigned_worker", "status", "visit_due_on"], name="request_worker_queue"),
            # Open work is a few percent of all requests: the queues, my work and the team
            # dashboard read it from this small index, not from five years of history.
            models.Index(fields=["zone", "assigned_worker"], condition=Q(status__in=OPEN_STATUSES),
                         name="request_open"),
            # Household visibility asks "which households had a request of these workers": an
            # index-only scan instead of reading every request (docs/performance.md, finding 4).
            models.Index(fields=["assigned_worker", "household"], name="request_worker_household"),
            models.Index(fields=["resident", "-first_contact_on"], name="request_resident"),
            # The council report counts requests by the period of their first contact.
            models.Index(fields=["first_contact_on", "zone"], name="request_first_contact"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="settled") | ~Q(settled_by=""), name="settled_request_says_how",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["assigned", "in_conversation"]) | Q(assigned_worker__isnull=False),
                name="assigned_request_has_worker",
            ),
            models.CheckConstraint(
                condition=Q(debt_threat=False) | Q(debt_help_question=True), name="debt_threat_is_a_debt_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Request')} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaiting_visit(self) -> bool:
        return self.status in AWAITING_VISIT

    def visit_overdue_on(self, today: datetime.date) -> bool:
        return self.awaiting_visit and self.visit_due_on < today

    @property
    def display_name(self) -> str:
        if self.resident_id:
            return self.resident.full_name
        return self.submitted_contact.get("name", "")
