"""Work items from the daily monitoring job: a worker's tasks, their in-app notifications and the
daily digest e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .plans import Case


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
