"""The access log (NEN 7513): who did what with which resident's record, when and why.

Append-only: a database trigger rejects UPDATE and DELETE, whatever the application does, and
each row carries a SHA-256 hash over its content and the previous row's hash, so a row that
is changed or removed by someone with database rights breaks the chain (see services.verify).
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("View")
    LIST = "list", _("List")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    EXPORT = "export", _("Export")
    DELETE = "delete", _("Delete")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             related_name="+", verbose_name=_("user"))
    # Snapshots: the log must still say who it was if the account is renamed later.
    username = models.CharField(_("username"), max_length=150)
    role = models.CharField(_("role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    # Not a foreign key: residents' records may be removed after their retention period,
    # the log of who saw them may not.
    resident_id = models.BigIntegerField(_("resident"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        indexes = [
            models.Index(fields=["resident_id", "-at"], name="audit_resident_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            models.Index(fields=["-at"], name="audit_at"),
            # An access request (privacy.privacy_exporters) finds the entries about a resident's
            # records by their ids and by the residents and records a list or search showed.
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            GinIndex(fields=["detail"], opclasses=["jsonb_path_ops"], name="audit_detail"),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}#{self.object_id}"
