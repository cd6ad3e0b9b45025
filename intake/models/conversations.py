"""Kitchen-table conversations (keukentafelgesprek) with their debt screening (arrears and
threats), and the self-reliance scores given in them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .help_requests import HelpRequest
from .households import Household, Resident
from .life_domains import LifeDomain, SelfReliance


class ConversationOutcome(models.TextChoices):
    SETTLED = "settled", _("Settled in the conversation")
    NEEDS_DECISION = "needs_decision", _("Needs a decision (customised provision)")
    NEEDS_PLAN = "needs_plan", _("Needs a plan (one household, one plan)")
    REFERRED = "referred", _("Referred to a partner")


class ConversationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINISHED = "finished", _("Finished")


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConversationQuerySet:
        return self.filter(help_request__in=HelpRequest.objects.visible_to(user))

    def drafts(self) -> ConversationQuerySet:
        return self.filter(status=ConversationStatus.DRAFT)


class Conversation(models.Model):
    """The kitchen-table conversation (keukentafelgesprek): the whole household, every life
    domain, own strength and network first, and a debt screening every time (debts play a part
    in 80-90% of cases)."""

    help_request = models.OneToOneField(HelpRequest, on_delete=models.PROTECT, related_name="conversation",
                                        verbose_name=_("request for help"))
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="conversations",
                                  verbose_name=_("household"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conversations",
                               verbose_name=_("meitinker"))
    held_on = models.DateField(_("held on"))
    present_residents = models.ManyToManyField(Resident, blank=True, related_name="conversations_attended",
                                               verbose_name=_("household members present"))
    others_present = models.CharField(_("others present"), max_length=255, blank=True,
                                      help_text=_("For example a neighbour, an informal carer or an interpreter."))
    own_strength = models.TextField(_("own strength"), blank=True,
                                    help_text=_("What the household can do itself (eigen kracht)."))
    network = models.TextField(_("network"), blank=True,
                               help_text=_("Family, friends and neighbours who can help."))
    general_provisions_considered = models.TextField(
        _("general provisions considered"), blank=True,
        help_text=_("Free services without a decision, considered before a customised provision."),
    )
    # Debt screening (schuldhulpverlening starts here).
    arrears = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name=_("arrears"))
    threats = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name=_("threats"))
    debt_note = models.TextField(_("note on money and debts"), blank=True)
    debt_urgent = models.BooleanField(
        _("urgent debt situation"), default=False,
        help_text=_("Eviction, cut-off of energy or water, or termination of health insurance threatens: "
                    "the first debt-help conversation must follow within 3 working days."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ConversationOutcome.choices, blank=True)
    outcome_note = models.TextField(_("agreements and next steps"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ConversationStatus.choices,
                              default=ConversationStatus.DRAFT)
    # Optimistic concurrency: every save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    # The page (browser tab) that saved last: lets a tab's own final submit win over its own
    # autosave still in flight, without ever letting another tab or person overwrite silently.
    last_editor = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, verbose_name=_("last saved by"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("kitchen-table conversation")
        verbose_name_plural = _("kitchen-table conversations")
        indexes = [
            models.Index(fields=["worker", "status"], name="conversation_worker_status"),
            models.Index(fields=["household", "-held_on"], name="conversation_household"),
            # The council report counts conversations (home visits) by the day they were held.
            models.Index(fields=["held_on"], name="conversation_held_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status="draft") | ~Q(outcome=""),
                                   name="finished_conversation_has_outcome"),
        ]

    def __str__(self) -> str:
        return f"{_('Conversation')} {self.held_on:%d-%m-%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == ConversationStatus.DRAFT


class Arrears(models.TextChoices):
    RENT = "rent", _("Rent or mortgage")
    ENERGY = "energy", _("Energy")
    WATER = "water", _("Water")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance")


class Threat(models.TextChoices):
    """The threats that start the 3-working-day debt-help clock (Wgs art. 4)."""

    EVICTION = "eviction", _("Forced eviction")
    ENERGY_CUTOFF = "energy_cutoff", _("Cut-off of gas, electricity or district heating")
    WATER_CUTOFF = "water_cutoff", _("Cut-off of water")
    INSURANCE_TERMINATION = "insurance_end", _("Termination of the health insurance")


class SelfRelianceScore(models.Model):
    """A self-reliance score (1-5) for one life domain in one conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="scores",
                                     verbose_name=_("conversation"))
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="scores",
                               verbose_name=_("life domain"))
    score = models.PositiveSmallIntegerField(_("score"), choices=SelfReliance.choices, null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["domain__position"]
        verbose_name = _("self-reliance score")
        verbose_name_plural = _("self-reliance scores")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "domain"], name="one_score_per_domain"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                                   name="score_between_1_and_5"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score or '-'}"


def today() -> datetime.date:
    return timezone.localdate()
