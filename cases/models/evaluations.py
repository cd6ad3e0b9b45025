"""Evaluations and follow-up: the regisseur's evaluations of the plan (goal results and
re-scored self-reliance), partners' feedback on their actions, and the follow-up contacts after
closure (nazorg)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intake.models import SelfReliance

from .plans import Action, Case, Goal


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
