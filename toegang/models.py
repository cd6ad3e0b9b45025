"""Model bases shared by the apps."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class SingletonSettings(models.Model):
    """A municipality's settings for one app: a single row (pk 1), kept by the functional
    administrator in the admin, created with its defaults the first time it is read."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return capfirst(str(self._meta.verbose_name))

    @classmethod
    def current(cls) -> Self:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    @classmethod
    def peek(cls) -> Self:
        """What `current()` gives, without creating the row: for a read that must write nothing
        (a dry run)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class WorkItem(models.Model):
    """A to-do that the daily monitoring job makes for a worker (cases.Task for a plan,
    mandates.ClockTask for a legal clock, which mostly runs before any plan exists). `key` names
    what it is about and is unique, so running the job twice creates nothing twice; the subclass
    adds whose it is and what it belongs to."""

    key = models.CharField(max_length=80, unique=True)
    due_on = models.DateField(_("due on"))
    created_on = models.DateField(_("created on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]


class WorkItemNotice(models.Model):
    """The in-app notice of a new work item (one per item): the subclass adds the item and its user."""

    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
