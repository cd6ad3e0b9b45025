"""Sharing and documents: the resident's consent to share parts of the plan with a partner
organisation, and the documents uploaded to a case."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .plans import Case


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
