"""Plans: the case type, the case (the household's one plan) with its case directors over time,
its goals and its actions."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from intake.models import (
    Conversation,
    Household,
    SelfReliance,
    household_visibility,
    restricted_household_ids,
    restricted_resident_ids,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the last day of the month when that day does not exist
    (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class CaseType(models.Model):
    """The kind of case, maintained by the functional administrator: how often the plan is
    evaluated and when follow-up contacts are due after closure (data, not code)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    evaluation_interval_months = models.PositiveSmallIntegerField(
        _("evaluate every (months)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(24)])
    follow_up_months = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name=_("follow-up after (months)"),
        help_text=_("Months after closure at which the household is contacted again, e.g. 3, 12, 18."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    PARTLY_REACHED = "partly_reached", _("Goals partly reached")
    NOT_REACHED = "not_reached", _("Goals not reached")
    REFERRED = "referred", _("Handed over to another organisation")
    MOVED = "moved", _("Household moved away")
    WITHDRAWN = "withdrawn", _("Household ended the support")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Staff: the case director, and whoever may see the household (workers of its zone, the
        team leader of the zone's team) plus the director's team leader. Partner workers: only
        cases shared with their organisation by a consent that is in force today."""
        if getattr(user, "is_worker", False) or getattr(user, "is_team_leader", False):
            # The household rule in this query's own WHERE clause: IN (visible households) or
            # EXISTS over them builds the set of every visible household before looking at one
            # case (docs/performance.md, findings 2 and 4).
            condition = household_visibility(user, via="household__")
            if user.is_worker:
                condition |= Q(director=user)
            else:
                condition |= Q(director__team_id=user.team_id)
            return self.filter(condition).unrestricted()
        if getattr(user, "is_partner_worker", False) and user.organisation_id:
            from django.utils import timezone

            from .sharing import Consent  # not at the top: sharing imports this module

            return self.filter(Exists(Consent.objects.in_force(timezone.localdate()).filter(
                case=OuterRef("pk"), organisation_id=user.organisation_id))).unrestricted()
        return self.none()

    def unrestricted(self) -> CaseQuerySet:
        """Without the plans of households with a member whose processing is restricted (AVG art. 18),
        nor a plan opened from a restricted resident's request after they moved out (it names them
        and holds their story), as HelpRequest.unrestricted() does for the request."""
        # The few conversations of restricted residents as a subquery (hashed once), not a join
        # through every plan's conversation and request.
        of_restricted = Conversation.objects.filter(help_request__resident_id__in=restricted_resident_ids())
        return (self.exclude(household_id__in=restricted_household_ids())
                .exclude(conversation_id__in=of_restricted.values("pk")))

    def open(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.OPEN)

    def evaluation_due(self, today: datetime.date) -> CaseQuerySet:
        return self.open().filter(next_evaluation_on__lte=today)


class Case(models.Model):
    """A household's case and its one plan, opened from a kitchen-table conversation whose
    outcome was "needs a plan". The regisseur (case director) is the household's single contact."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("household"))
    conversation = models.OneToOneField("intake.Conversation", on_delete=models.PROTECT, related_name="case",
                                        verbose_name=_("kitchen-table conversation"))
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("case type"))
    director = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="directed_cases",
                                 verbose_name=_("case director"))
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    summary = models.TextField(_("what the household wants to achieve"), blank=True,
                               help_text=_("In the resident's own words."))
    opened_on = models.DateField(_("opened on"))
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    # Complex: several life domains and several organisations. The app suggests it; the
    # worker decides, and the decision is what the council report counts.
    complex_decision = models.BooleanField(_("complex case"), null=True, blank=True)
    complex_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name=_("complexity decided by"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    # Each closure starts a new round of follow-ups; a reopened and re-closed case gets its own.
    closure_count = models.PositiveSmallIntegerField(default=0)
    # Optimistic concurrency: every plan edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+", verbose_name=_("last changed by"))

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case (plan)")
        verbose_name_plural = _("cases (plans)")
        indexes = [
            models.Index(fields=["director", "status"], name="case_director_status"),
            models.Index(fields=["status", "next_evaluation_on"], name="case_evaluation_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(status="open"),
                                    name="one_open_case_per_household"),
            models.CheckConstraint(condition=Q(status="open") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                                   name="closed_case_has_outcome"),
        ]

    def __str__(self) -> str:
        return f"{_('Plan')} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    def complex_suggested(self, *, domain_count: int, organisation_count: int) -> bool:
        """The suggestion: goals in several life domains and actions by several organisations."""
        return domain_count >= 2 and organisation_count >= 2


class Assignment(models.Model):
    """Who carried the case when: one row per period as case director; the open row is current."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case"))
    director = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("case director"))
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["start_on", "id"]
        verbose_name = _("case director period")
        verbose_name_plural = _("case director periods")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(end_on__isnull=True),
                                    name="one_current_director_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.director} {self.start_on} - {self.end_on or ''}"


class Goal(models.Model):
    """A goal for one life domain, written in the resident's own words."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case"))
    domain = models.ForeignKey("intake.LifeDomain", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("life domain"))
    text = models.TextField(_("goal in the resident's own words"))
    start_score = models.PositiveSmallIntegerField(_("score at the start"), choices=SelfReliance.choices,
                                                   null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain__position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.domain}: {self.text[:40]}"


class Actor(models.TextChoices):
    RESIDENT = "resident", _("The resident")
    NETWORK = "network", _("The resident's network")
    MUNICIPALITY = "municipality", _("The municipality")
    PARTNER = "partner", _("A partner organisation")
    WORKER = "worker", _("A named worker")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class Action(models.Model):
    """Who does what, by when, towards a goal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions", verbose_name=_("case"))
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
                             verbose_name=_("goal"))
    description = models.CharField(_("what"), max_length=500)
    actor = models.CharField(_("who"), max_length=20, choices=Actor.choices)
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="plan_actions", verbose_name=_("partner organisation"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="plan_actions", verbose_name=_("worker"))
    due_on = models.DateField(_("by"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["status", "due_on"], name="action_due")]
        constraints = [
            models.CheckConstraint(condition=~Q(actor="partner") | Q(organisation__isnull=False),
                                   name="partner_action_names_organisation"),
            models.CheckConstraint(condition=~Q(actor="worker") | Q(worker__isnull=False),
                                   name="worker_action_names_worker"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def by_partner(self) -> bool:
        """A partner organisation carries it out: its feedback on the action can be recorded."""
        return self.actor == Actor.PARTNER and self.organisation_id is not None

    @property
    def who(self) -> str:
        if self.by_partner:
            return str(self.organisation)
        if self.actor == Actor.WORKER and self.worker_id:
            return str(self.worker)
        return str(self.get_actor_display())
