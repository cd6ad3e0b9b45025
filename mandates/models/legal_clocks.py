"""Legal clocks: the terms that run for a request for help from the events that start them,
and the to-dos and notices the daily monitoring makes of them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toegang.models import WorkItem, WorkItemNotice

from .decisions import Decision


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


class ClockTask(WorkItem):
    """A to-do for the responsible worker, made by the daily monitoring job (cases.monitoring) when
    a legal clock is due soon or overdue; the key reads "legal_clock:7:2026-12-04:overdue"."""

    clock = models.ForeignKey(LegalClock, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("legal clock"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clock_tasks",
                             verbose_name=_("for"))
    overdue = models.BooleanField(_("overdue"), default=False)

    class Meta(WorkItem.Meta):
        verbose_name = _("clock task")
        verbose_name_plural = _("clock tasks")
        indexes = [models.Index(fields=["user", "done_at", "due_on"], name="clock_task_user_open")]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.due_on:%d-%m-%Y}"


class ClockNotification(WorkItemNotice):
    """The in-app notice of a new clock task (one per task)."""

    task = models.OneToOneField(ClockTask, on_delete=models.CASCADE, related_name="notification")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clock_notifications")

    class Meta(WorkItemNotice.Meta):
        verbose_name = _("clock notification")
        verbose_name_plural = _("clock notifications")

    def __str__(self) -> str:
        return str(self.task)
