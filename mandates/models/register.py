"""The mandate register: who may decide which kind of decision on behalf of the college, up to
which limit, from when to when."""

from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalogue import DecisionKind, ProductCategory


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
