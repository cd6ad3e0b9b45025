"""One plan per household (één gezin, één plan): the case, its goals and actions, its case
director (regisseur) and their history, evaluations, closure and follow-up monitoring.

A Case *is* the household's plan: they are one-to-one, so the plan's fields (summary, version)
live on the case and "plan" and "case" name the same record in the UI.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from intake.models import Household, SelfReliance, household_visibility, restricted_household_ids


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

            return self.filter(Exists(Consent.objects.in_force(timezone.localdate()).filter(
                case=OuterRef("pk"), organisation_id=user.organisation_id))).unrestricted()
        return self.none()

    def unrestricted(self) -> CaseQuerySet:
        """Without the plans of households with a member whose processing is restricted (AVG art. 18)."""
        return self.exclude(household_id__in=restricted_household_ids())

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
    def who(self) -> str:
        if self.actor == Actor.PARTNER and self.organisation_id:
            return str(self.organisation)
        if self.actor == Actor.WORKER and self.worker_id:
            return str(self.worker)
        return str(self.get_actor_display())


class GoalResult(models.TextChoices):
    REACHED = "reached", _("Reached")
    PARTLY = "partly", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")


class Evaluation(models.Model):
    """The regisseur's evaluation of the plan at a set moment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("case"))
    held_on = models.DateField(_("held on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    note = models.TextField(_("conclusions"), blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{_('Evaluation')} {self.held_on:%d-%m-%Y}"


class GoalEvaluation(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="goal_results")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="results")
    result = models.CharField(_("result"), max_length=20, choices=GoalResult.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "goal"], name="one_result_per_goal")]

    def __str__(self) -> str:
        return str(self.get_result_display())


class EvaluationScore(models.Model):
    """Self-reliance re-scored per domain at an evaluation (the ZRM levels of intake)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey("intake.LifeDomain", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), choices=SelfReliance.choices,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "domain"], name="one_evaluation_score_per_domain"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="evaluation_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.score}"


class Worked(models.TextChoices):
    YES = "yes", _("It worked")
    PARTLY = "partly", _("It partly worked")
    NO = "no", _("It did not work")


class PartnerFeedback(models.Model):
    """A partner's answer to "did your part of the plan work?", recorded on the plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("case"))
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("action"))
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("by"))
    worked = models.CharField(_("did it work?"), max_length=10, choices=Worked.choices)
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("partner feedback")
        verbose_name_plural = _("partner feedback")

    def __str__(self) -> str:
        return str(self.get_worked_display())


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled: the case was reopened")


class FollowUpResult(models.TextChoices):
    GOING_WELL = "going_well", _("Going well")
    CONCERNS = "concerns", _("Concerns, no new support needed")
    NEEDS_SUPPORT = "needs_support", _("Needs support again: reopen the case")


class FollowUp(models.Model):
    """A follow-up contact after closure (nazorg), scheduled from the case type."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("case"))
    closure = models.PositiveSmallIntegerField(_("closure round"))
    months = models.PositiveSmallIntegerField(_("months after closure"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.PLANNED)
    result = models.CharField(_("result"), max_length=20, choices=FollowUpResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("done by"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_due")]
        constraints = [
            models.UniqueConstraint(fields=["case", "closure", "months"], name="one_follow_up_per_moment"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(result=""), name="done_follow_up_has_result"),
        ]

    def __str__(self) -> str:
        return f"{_('Follow-up')} {self.due_on:%d-%m-%Y}"


class TaskKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up contact")
    EVALUATION = "evaluation", _("Plan evaluation")
    ACTION = "action", _("Action due")


class Task(models.Model):
    """A to-do for a worker, created by the daily monitoring job. The key names what it is about
    (e.g. "follow_up:12"), and is unique, so running the job twice creates nothing twice."""

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_tasks",
                             verbose_name=_("for"))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("case"))
    due_on = models.DateField(_("due on"))
    created_on = models.DateField(_("created on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["user", "done_at", "due_on"], name="task_user_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d-%m-%Y}"


class Notification(models.Model):
    """The in-app notice of a new task (one per task)."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="notification")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications")
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return str(self.task)


class DigestSent(models.Model):
    """One daily digest e-mail per worker per day, whatever the number of runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_digests")
    day = models.DateField()
    task_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class SharedPart(models.TextChoices):
    GOALS = "goals", _("Goals")
    ACTIONS = "actions", _("Actions")
    EVALUATIONS = "evaluations", _("Evaluations and scores")


class ConsentQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True, valid_until__gte=today)


class Consent(models.Model):
    """The resident's recorded permission (toestemming) to share parts of the plan with one
    partner organisation until a date. Withdrawal ends the partner's access at once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("partner organisation"))
    parts = ArrayField(models.CharField(max_length=20, choices=SharedPart.choices), verbose_name=_("parts shared"))
    valid_until = models.DateField(_("until"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("withdrawn by"))

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], condition=Q(withdrawn_at__isnull=True),
                                    name="one_active_consent_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {_('until')} {self.valid_until:%d-%m-%Y}"

    @property
    def parts_display(self) -> list[str]:
        labels = dict(SharedPart.choices)
        return [str(labels.get(p, p)) for p in self.parts]

    def in_force_on(self, today: datetime.date) -> bool:
        return self.withdrawn_at is None and self.valid_until >= today


class CaseDocument(models.Model):
    """A document uploaded to a case: a signed plan, a creditor's letter, a medical statement.

    The file lives in the "private" storage (outside the web root, no URL) under a random name;
    the uploader's file name is kept only, sanitised, for display and the download's name. A
    removed document keeps its row as a tombstone for the history and the access log; its file
    is deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case"))
    description = models.CharField(_("description"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("removed by"))

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        indexes = [
            # The case page lists the documents still present, newest first.
            models.Index(fields=["case", "-uploaded_at"], condition=Q(removed_at__isnull=True),
                         name="casedocument_present"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
