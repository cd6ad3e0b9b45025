"""Work items from the daily monitoring job: a worker's tasks, their in-app notifications and the
daily digest e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from toegang.models import WorkItem, WorkItemNotice

from .plans import Case


class TaskKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up contact")
    EVALUATION = "evaluation", _("Plan evaluation")
    ACTION = "action", _("Action due")


class Task(WorkItem):
    """A plan's to-do for a worker; the key names what it is about (e.g. "follow_up:12")."""

    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_tasks",
                             verbose_name=_("for"))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("case"))

    class Meta(WorkItem.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["user", "done_at", "due_on"], name="task_user_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d-%m-%Y}"


class Notification(WorkItemNotice):
    """The in-app notice of a new task (one per task)."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="notification")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications")

    class Meta(WorkItemNotice.Meta):
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
