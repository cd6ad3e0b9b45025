"""Decisions (beschikkingen) with their lines, the objections (bezwaar) against them and the
decision letters."""

from __future__ import annotations

import datetime
import math

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalogue import LAW_OF_KIND, DecisionKind, Delivery, Provision, Unit
from .register import Mandate


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY = "partly", _("Partly granted")
    REFUSED = "refused", _("Refused")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a mandated colleague")
    SENT = "sent", _("Decided and sent")


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        from intake.models import HelpRequest

        return self.filter(help_request__in=HelpRequest.objects.visible_to(user))

    def open(self) -> DecisionQuerySet:
        return self.exclude(status=DecisionStatus.SENT)

    def awaiting_approval(self) -> DecisionQuerySet:
        return self.filter(status=DecisionStatus.AWAITING_APPROVAL)


class Decision(models.Model):
    """A decision (beschikking) on a customised provision, special assistance or debt-help access.

    Its clocks are computed by mandates.clocks when it is prepared and stored here. Once sent it
    is immutable, enforced by a database trigger as well; a correction is a new decision that
    refers to the old one (`corrects`)."""

    help_request = models.ForeignKey("intake.HelpRequest", on_delete=models.PROTECT, related_name="decisions",
                                     verbose_name=_("request for help"))
    conversation = models.ForeignKey("intake.Conversation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="decisions", verbose_name=_("conversation"))
    resident = models.ForeignKey("intake.Resident", on_delete=models.PROTECT, related_name="decisions",
                                 verbose_name=_("resident"))
    household = models.ForeignKey("intake.Household", on_delete=models.PROTECT, related_name="decisions",
                                  verbose_name=_("household"))
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    delivery = models.CharField(_("form"), max_length=10, choices=Delivery.choices, default=Delivery.IN_KIND)
    start_on = models.DateField(_("start date"))
    end_on = models.DateField(_("end date"), null=True, blank=True)
    reasoning = models.TextField(_("reasoning"), help_text=_("The motivation (Awb 3:46)."))
    legal_ground = models.CharField(_("legal ground"), max_length=255)
    total_cost = models.DecimalField(_("total cost (EUR)"), max_digits=10, decimal_places=2, default=0)
    provider_agb = models.CharField(_("care provider (AGB code)"), max_length=8, blank=True,
                                    help_text=_("For Wmo support in kind: the provider who receives the allocation."))
    urgent = models.BooleanField(_("urgent"), default=False)
    # The clocks: the date the term started and the dates they end, from mandates.clocks.
    melding_on = models.DateField(_("request received on"))
    application_on = models.DateField(_("application received on"))
    investigation_due_on = models.DateField(_("investigation due on"), null=True, blank=True)
    first_conversation_due_on = models.DateField(_("first debt-help conversation due on"), null=True, blank=True)
    extension_weeks = models.PositiveSmallIntegerField(_("extension (weeks)"), default=0,
                                                       help_text=_("Awb 4:14: extended with notice."))
    suspended_days = models.PositiveSmallIntegerField(_("suspended (days)"), default=0,
                                                      help_text=_("Awb 4:15: while the application was incomplete."))
    due_on = models.DateField(_("decision due on"))
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.DRAFT)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("prepared by"))
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("routed for approval at"), null=True, blank=True)
    outside_mandate_reason = models.CharField(_("why it needs a mandated colleague"), max_length=255, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
                                verbose_name=_("under mandate"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    objection_period_ends_on = models.DateField(_("objection possible until"), null=True, blank=True)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
                                 verbose_name=_("corrects decision"))
    version = models.PositiveIntegerField(default=1)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-prepared_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            models.Index(fields=["status", "due_on"], name="decision_status_due"),
            models.Index(fields=["help_request"], name="decision_request"),
            # The council report counts sent decisions by the day they were sent.
            models.Index(fields=["sent_on"], name="decision_sent_on", condition=Q(status="sent")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | (Q(decided_by__isnull=False) & Q(mandate__isnull=False)
                                               & Q(sent_on__isnull=False) & Q(objection_period_ends_on__isnull=False)),
                name="sent_decision_records_who_and_mandate"),
            models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                                   name="decision_ends_after_start"),
        ]
        triggers = [
            pgtrigger.Protect(name="sent_decision_immutable", operation=pgtrigger.Update | pgtrigger.Delete,
                              condition=pgtrigger.Q(old__status="sent")),
        ]

    def __str__(self) -> str:
        return f"{_('Decision')} {self.pk} ({self.get_kind_display()})"

    @property
    def is_sent(self) -> bool:
        return self.status == DecisionStatus.SENT

    @property
    def law(self) -> str:
        return LAW_OF_KIND[DecisionKind(self.kind)]

    def waiting_time(self, now: datetime.datetime) -> datetime.timedelta | None:
        """How long it waited for a mandated colleague: the delay the approach tries to remove."""
        if self.submitted_at is None:
            return None
        return (self.decided_at or now) - self.submitted_at

    def clock_state(self, today: datetime.date, due_soon_days: int) -> str:
        if self.is_sent:
            return "on_time" if self.sent_on <= self.due_on else "late"
        if today > self.due_on:
            return "overdue"
        if (self.due_on - today).days <= due_soon_days:
            return "due_soon"
        return "running"

    def weeks(self) -> int:
        """Weeks the decision covers, for the cost of a weekly volume; a year when open-ended."""
        if self.end_on is None:
            return 52
        return max(1, math.ceil(((self.end_on - self.start_on).days + 1) / 7))


_LINE_GUARD = """
IF EXISTS (SELECT 1 FROM mandates_decision d
           WHERE d.id IN (NEW.decision_id, OLD.decision_id) AND d.status = 'sent') THEN
    RAISE EXCEPTION 'pgtrigger: the provisions of a sent decision cannot change';
END IF;
RETURN COALESCE(NEW, OLD);
"""


class DecisionLine(models.Model):
    """A provision granted (or refused) in a decision, with its volume and its price on the start
    date. Lines of a sent decision are immutable (trigger that looks at the decision)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="lines",
                                 verbose_name=_("decision"))
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="decision_lines",
                                  verbose_name=_("provision"))
    volume = models.DecimalField(_("volume"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    unit_price = models.DecimalField(_("price per unit (EUR)"), max_digits=10, decimal_places=2)
    cost = models.DecimalField(_("cost (EUR)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("decision line")
        verbose_name_plural = _("decision lines")
        triggers = [
            pgtrigger.Trigger(name="lines_of_sent_decision_immutable", when=pgtrigger.Before,
                              operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                              func=_LINE_GUARD),
        ]

    def __str__(self) -> str:
        return f"{self.provision}: {self.volume} {self.get_unit_display()}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class ObjectionOutcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("Unfounded")
    FOUNDED = "founded", _("Founded")
    INADMISSIBLE = "inadmissible", _("Inadmissible")


class Objection(models.Model):
    """An objection (bezwaar) against a decision, with its own clock (Awb 7:10). Whoever decided
    under mandate may not decide the objection (Awb 10:3(3))."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="objections",
                                 verbose_name=_("decision"))
    received_on = models.DateField(_("received on"))
    grounds = models.TextField(_("grounds"))
    advisory_committee = models.BooleanField(_("advisory committee"), default=False)
    late = models.BooleanField(_("received after the objection period"), default=False)
    due_on = models.DateField(_("decision on the objection due on"))
    extended_on = models.DateField(_("term extended on"), null=True, blank=True,
                                   help_text=_("Awb 7:10(3): the term may be extended once, by six weeks."))
    status = models.CharField(_("status"), max_length=10, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=15, choices=ObjectionOutcome.choices, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(condition=Q(status="open") | (~Q(outcome="") & Q(decided_by__isnull=False)),
                                   name="decided_objection_has_outcome"),
        ]

    def __str__(self) -> str:
        return f"{_('Objection')} {self.pk} ({self.decision})"


class LetterStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DecisionLetter(models.Model):
    """The decision letter PDF, rendered in a Celery task after sending; served only through an
    access-checked view."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="letter",
                                    verbose_name=_("decision"))
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices,
                              default=LetterStatus.PENDING)
    pdf = models.FileField(_("PDF"), upload_to="letters/%Y/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")

    def __str__(self) -> str:
        return f"{_('Letter')} {self.decision_id}"
