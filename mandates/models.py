"""Mandated decisions: the legal calendar, the provision catalogue, the mandate register,
decisions (beschikkingen) with their clocks, objections (bezwaar) and decision letters.

Glossary (see /docs and the shared domain guide): a *mandate* (mandaat, Awb 10:1) lets an
official decide on behalf of the college of mayor and aldermen; a *customised provision*
(maatwerkvoorziening) needs a decision, a *general provision* (algemene voorziening) does not.
"""

from __future__ import annotations

import datetime
import decimal
import math

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings


class HolidaySource(models.TextChoices):
    STATUTORY = "statutory", _("Algemene termijnenwet art. 3")
    DECREE = "decree", _("Equated by royal decree")


class LegalHoliday(models.Model):
    """A generally recognised holiday in the sense of the Algemene termijnenwet (Atw art. 3), or
    a day a royal decree equates with one. Legal terms that end on such a day run on to the next
    working day. Data, so the functional administrator adds the equated days of each decree."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(_("source"), max_length=10, choices=HolidaySource.choices,
                              default=HolidaySource.STATUTORY)
    decree_reference = models.CharField(_("decree reference"), max_length=120, blank=True,
                                        help_text=_("For an equated day: the Staatscourant publication."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("legal holiday")
        verbose_name_plural = _("legal holidays")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class DecisionSettings(SingletonSettings):
    """The municipality's terms that the law leaves to it and its letterhead (one row), kept by
    the administrator."""

    municipality_name = models.CharField(_("municipality"), max_length=120, default="Gemeente")
    municipality_code = models.CharField(_("municipality code (CBS)"), max_length=4, default="0000",
                                         help_text=_("Four digits; the sender of iWmo messages."))
    objection_address = models.CharField(
        _("objection address"), max_length=255, default="Postbus 1, 1000 AA",
        help_text=_("Where residents send an objection; printed in every decision letter."))

    debt_access_weeks = models.PositiveSmallIntegerField(
        _("decision on debt-help access (weeks after the first conversation)"), default=8)
    objection_decision_weeks = models.PositiveSmallIntegerField(
        _("decision on an objection (weeks)"), default=6,
        help_text=_("Awb 7:10: six weeks after the end of the objection period."))
    objection_committee_weeks = models.PositiveSmallIntegerField(
        _("decision on an objection with an advisory committee (weeks)"), default=12)
    due_soon_days = models.PositiveSmallIntegerField(
        _("warn this many days before a term ends"), default=5)

    class Meta:
        verbose_name = _("decision settings")
        verbose_name_plural = _("decision settings")


class DecisionKind(models.TextChoices):
    WMO = "wmo", _("Wmo customised provision")
    SPECIAL_ASSISTANCE = "special_assistance", _("Special assistance")
    DEBT_HELP = "debt_help", _("Access to debt help")


LAW_OF_KIND = {
    DecisionKind.WMO: "Wet maatschappelijke ondersteuning 2015",
    DecisionKind.SPECIAL_ASSISTANCE: "Participatiewet, artikel 35",
    DecisionKind.DEBT_HELP: "Wet gemeentelijke schuldhulpverlening, artikel 4a",
}


class ProductCategory(models.Model):
    """An iWmo product category (codelist WMO020, two digits), kept as data."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("iWmo product category")
        verbose_name_plural = _("iWmo product categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GeneralProvision(models.Model):
    """A general provision (algemene voorziening): free, no decision needed, offered first."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    category = models.CharField(_("category"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("general provision")
        verbose_name_plural = _("general provisions")

    def __str__(self) -> str:
        return self.name


class OfferedGeneralProvision(models.Model):
    """A general provision offered in a kitchen-table conversation before a customised one was
    considered (own strength, network and free provisions first)."""

    conversation = models.ForeignKey("intake.Conversation", on_delete=models.CASCADE,
                                     related_name="offered_general_provisions", verbose_name=_("conversation"))
    provision = models.ForeignKey(GeneralProvision, on_delete=models.PROTECT, related_name="offers",
                                  verbose_name=_("general provision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["provision__name"]
        verbose_name = _("general provision offered")
        verbose_name_plural = _("general provisions offered")
        constraints = [models.UniqueConstraint(fields=["conversation", "provision"], name="offer_once_per_conversation")]

    def __str__(self) -> str:
        return str(self.provision)


class Unit(models.TextChoices):
    HOURS_PER_WEEK = "hours_per_week", _("hours per week")
    DAYPARTS_PER_WEEK = "dayparts_per_week", _("day parts per week")
    PIECE = "piece", _("piece")
    EURO = "euro", _("euro")


class Delivery(models.TextChoices):
    IN_KIND = "in_kind", _("In kind")
    PGB = "pgb", _("Personal budget (pgb)")


class Provision(models.Model):
    """A customised provision (maatwerkvoorziening) in the catalogue: needs a decision."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    category = models.CharField(_("category"), max_length=80)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    product_category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="provisions", verbose_name=_("iWmo product category"))
    product_code = models.CharField(_("iWmo product code"), max_length=5, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("customised provision")
        verbose_name_plural = _("customised provisions")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="provision_unique_name_per_kind"),
            models.CheckConstraint(condition=~Q(kind="wmo") | Q(product_category__isnull=False),
                                   name="wmo_provision_has_product_category"),
        ]

    def __str__(self) -> str:
        return self.name

    def price_on(self, day: datetime.date) -> decimal.Decimal | None:
        """The price per unit that applied on `day`, so past decisions keep their price."""
        price = self.prices.filter(valid_from__lte=day).order_by("-valid_from").first()
        return price.amount if price else None


class ProvisionPrice(models.Model):
    """The price per unit of a provision from a date on (for hours: per hour)."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="prices",
                                  verbose_name=_("provision"))
    valid_from = models.DateField(_("valid from"))
    amount = models.DecimalField(_("price per unit (EUR)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["provision", "-valid_from"]
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [models.UniqueConstraint(fields=["provision", "valid_from"], name="one_price_per_date")]

    def __str__(self) -> str:
        return f"{self.provision}: € {self.amount} ({self.valid_from:%d-%m-%Y})"


class MandateQuerySet(models.QuerySet):
    def held_by(self, user) -> MandateQuerySet:
        return self.filter(Q(holder=user) | Q(holder_role=user.role))

    def valid_on(self, day: datetime.date) -> MandateQuerySet:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class Mandate(models.Model):
    """Authority to decide on behalf of the college (mandaat, Awb 10:1), held by a user or by a
    role, for one kind of decision, optionally up to a limit and for some Wmo categories, from a
    date to a date, granted by a mandate decree. A sub-mandate names its parent and never
    reaches further than it. History is kept: a mandate is ended, never deleted."""

    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="mandates", verbose_name=_("held by user"))
    holder_role = models.CharField(_("held by role"), max_length=20, blank=True,
                                   choices=[("worker", _("Meitinker / intake worker")),
                                            ("team_leader", _("Team leader"))])
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    max_amount = models.DecimalField(_("limit (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True,
                                     help_text=_("The highest total cost of one decision. Empty: no limit."))
    max_hours_per_week = models.DecimalField(_("limit (hours per week)"), max_digits=6, decimal_places=2,
                                             null=True, blank=True)
    categories = models.ManyToManyField(ProductCategory, blank=True, related_name="mandates",
                                        verbose_name=_("Wmo product categories"),
                                        help_text=_("Empty: every category."))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decree_reference = models.CharField(_("mandate decree"), max_length=160,
                                        help_text=_("The mandaatbesluit granting it, with its reference."))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="submandates",
                               verbose_name=_("sub-mandate of"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "valid_from"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(condition=(Q(holder__isnull=False) & Q(holder_role=""))
                                   | (Q(holder__isnull=True) & ~Q(holder_role="")),
                                   name="mandate_held_by_user_or_role"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                                   name="mandate_ends_after_start"),
        ]
        triggers = [pgtrigger.Protect(name="mandate_history_kept", operation=pgtrigger.Delete)]

    def __str__(self) -> str:
        holder = self.holder or self.get_holder_role_display()
        limit = f" ≤ € {self.max_amount}" if self.max_amount is not None else ""
        return f"{self.get_kind_display()}{limit} ({holder}, {self.decree_reference})"

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.kind != self.kind:
            raise ValidationError({"parent": _("A sub-mandate is for the same kind of decision as its parent.")})
        if self.parent_id and self.parent.max_amount is not None and (
                self.max_amount is None or self.max_amount > self.parent.max_amount):
            raise ValidationError({"max_amount": _("A sub-mandate cannot reach beyond its parent's limit.")})


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


class ClockKind(models.TextChoices):
    WMO_INVESTIGATION = "wmo_investigation", _("Wmo investigation (6 weeks after the melding)")
    WMO_DECISION = "wmo_decision", _("Wmo decision (2 weeks after the application)")
    DEBT_FIRST_CONVERSATION = "debt_first_conversation", _("First debt-help conversation")
    DEBT_ACCESS_DECISION = "debt_access_decision", _("Decision on access to debt help")


DECISION_CLOCKS = (ClockKind.WMO_DECISION, ClockKind.DEBT_ACCESS_DECISION)


class LegalClockQuerySet(models.QuerySet):
    def visible_to(self, user) -> LegalClockQuerySet:
        from intake.models import HelpRequest

        return self.filter(help_request__in=HelpRequest.objects.visible_to(user))

    def running(self) -> LegalClockQuerySet:
        """Not stopped by the act it waits for, and the request was not settled at intake (a
        settled question needs no investigation or decision)."""
        return self.filter(stopped_on__isnull=True).exclude(help_request__status="settled")


class LegalClock(models.Model):
    """A legal term that runs for a request for help (melding) from the event that starts it,
    before and independently of any decision: the Wmo investigation (art. 2.3.2) and decision
    (art. 2.3.5) terms, the debt-help first-conversation term (Wgs art. 4) and the term of the
    decision on access (Wgs art. 4a). Counted by mandates.clocks; `stopped_on` is the day the act
    it waits for happened (the investigation report, the first conversation, the decision sent).
    A decision prepared later links to its clock and takes its due date from it."""

    help_request = models.ForeignKey("intake.HelpRequest", on_delete=models.PROTECT, related_name="legal_clocks",
                                     verbose_name=_("request for help"))
    conversation = models.ForeignKey("intake.Conversation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("conversation"))
    kind = models.CharField(_("term"), max_length=30, choices=ClockKind.choices)
    started_on = models.DateField(_("started by the event of"))
    due_on = models.DateField(_("due on"))
    stopped_on = models.DateField(_("done on"), null=True, blank=True)
    receipt_confirmed_on = models.DateField(
        _("receipt confirmed on"), null=True, blank=True,
        help_text=_("Wmo: the day the receipt of the melding was confirmed to the resident, pointing to free, "
                    "independent client support (cliëntondersteuning)."))
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="legal_clocks", verbose_name=_("decision"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LegalClockQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("legal clock")
        verbose_name_plural = _("legal clocks")
        indexes = [models.Index(fields=["stopped_on", "due_on"], name="legal_clock_running")]
        constraints = [
            models.UniqueConstraint(fields=["help_request", "kind"], name="one_clock_per_request_and_term"),
            models.CheckConstraint(condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=models.F("started_on")),
                                   name="clock_stops_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d-%m-%Y}"

    def state(self, today: datetime.date, due_soon_days: int) -> str:
        if self.stopped_on is not None:
            return "on_time" if self.stopped_on <= self.due_on else "late"
        if today > self.due_on:
            return "overdue"
        if (self.due_on - today).days <= due_soon_days:
            return "due_soon"
        return "running"


class ClockTask(models.Model):
    """A to-do for the responsible worker, made by the daily monitoring job (cases.monitoring) when
    a legal clock is due soon or overdue. The key ("legal_clock:7:2026-12-04:overdue") is unique,
    so running the job twice creates nothing twice (the pattern of cases.Task, which belongs to a
    plan; most clocks run before any plan exists)."""

    key = models.CharField(max_length=80, unique=True)
    clock = models.ForeignKey(LegalClock, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("legal clock"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clock_tasks",
                             verbose_name=_("for"))
    overdue = models.BooleanField(_("overdue"), default=False)
    due_on = models.DateField(_("due on"))
    created_on = models.DateField(_("created on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("clock task")
        verbose_name_plural = _("clock tasks")
        indexes = [models.Index(fields=["user", "done_at", "due_on"], name="clock_task_user_open")]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.due_on:%d-%m-%Y}"


class ClockNotification(models.Model):
    """The in-app notice of a new clock task (one per task)."""

    task = models.OneToOneField(ClockTask, on_delete=models.CASCADE, related_name="notification")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clock_notifications")
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("clock notification")
        verbose_name_plural = _("clock notifications")

    def __str__(self) -> str:
        return str(self.task)
