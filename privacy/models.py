"""The resident's rights under the GDPR (AVG) beyond access: disputed data (art. 16),
restriction of processing (art. 18), and the retention periods the nightly job enforces
(art. 5(1)(e)). See docs/privacy.md for the defaults and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings


class DisputeOutcome(models.TextChoices):
    CORRECTED = "corrected", _("Corrected")
    REJECTED = "rejected", _("Rejected: the data is right")


class DataDisputeQuerySet(models.QuerySet):
    def open(self) -> DataDisputeQuerySet:
        return self.filter(resolved_at__isnull=True)


class DataDispute(models.Model):
    """The resident disputes data held on them (AVG art. 16). While open, every page about the
    resident shows it, so nobody acts on data that may be wrong without knowing."""

    resident = models.ForeignKey("intake.Resident", on_delete=models.PROTECT, related_name="data_disputes",
                                 verbose_name=_("resident"))
    description = models.TextField(_("what is disputed"))
    reference = models.CharField(_("field or record"), max_length=200, blank=True,
                                 help_text=_("For example 'date of birth' or 'request 123'."))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DisputeOutcome.choices, blank=True)
    outcome_note = models.TextField(_("explanation"), blank=True)

    objects = DataDisputeQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("data dispute")
        verbose_name_plural = _("data disputes")
        indexes = [models.Index(fields=["resident"], condition=Q(resolved_at__isnull=True),
                                name="dispute_open_by_resident")]
        constraints = [
            models.CheckConstraint(condition=Q(resolved_at__isnull=True) | ~Q(outcome=""),
                                   name="resolved_dispute_has_outcome"),
        ]

    def __str__(self) -> str:
        return f"{_('Dispute')} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ProcessingRestriction(models.Model):
    """Restriction of processing (AVG art. 18): while active (not lifted), the resident and
    everything about them is hidden from everyone but the functional administrator. The
    visibility querysets of intake, cases and partners exclude them through
    intake.models.Resident.objects.restricted(), which follows this model's related name."""

    resident = models.ForeignKey("intake.Resident", on_delete=models.PROTECT,
                                 related_name="processing_restrictions", verbose_name=_("resident"))
    reason = models.TextField(_("reason"), help_text=_("For example: the resident disputes the data "
                                                      "and asks that it is not used meanwhile."))
    imposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("imposed by"))
    imposed_at = models.DateTimeField(_("imposed at"), auto_now_add=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("lifted by"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        ordering = ["-imposed_at"]
        verbose_name = _("processing restriction")
        verbose_name_plural = _("processing restrictions")
        # The visibility filter asks "has this resident an active restriction?" on every list.
        indexes = [models.Index(fields=["resident"], condition=Q(lifted_at__isnull=True),
                                name="restriction_active_resident")]
        constraints = [
            models.UniqueConstraint(fields=["resident"], condition=Q(lifted_at__isnull=True),
                                    name="one_active_restriction_per_resident"),
        ]

    def __str__(self) -> str:
        return f"{_('Restriction')} {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class LegalHold(models.Model):
    """Data that must be kept past its retention period (a court case, a complaint, an
    investigation): the retention job skips the resident while the hold is active."""

    resident = models.ForeignKey("intake.Resident", on_delete=models.PROTECT, related_name="legal_holds",
                                 verbose_name=_("resident"))
    reason = models.CharField(_("reason"), max_length=255)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        indexes = [models.Index(fields=["resident"], condition=Q(released_at__isnull=True),
                                name="legal_hold_active_resident")]

    def __str__(self) -> str:
        return f"{_('Legal hold')} {self.pk}"


class RetentionSettings(SingletonSettings):
    """How long records are kept after they end (one row, kept by the functional administrator).
    The defaults and their grounds are in docs/privacy.md; the municipality's own selection list
    (Selectielijst gemeenten en intergemeentelijke organen) governs and may set other terms."""

    settled_request_years = models.PositiveSmallIntegerField(
        _("requests settled at intake (years)"), default=2,
        help_text=_("Years after the request was settled or its conversation held, when no decision, "
                    "plan or referral followed."),
    )
    case_years = models.PositiveSmallIntegerField(
        _("plans (years after closure)"), default=7,
        help_text=_("Years after a plan was closed."),
    )
    decision_years = models.PositiveSmallIntegerField(
        _("decisions (years after the provision ended)"), default=7,
        help_text=_("Years after the end of the provision, or after the decision when it has no end date "
                    "(fiscal retention obligation)."),
    )
    referral_years = models.PositiveSmallIntegerField(
        _("referrals (years after they ended)"), default=2,
        help_text=_("Years after the partner finished, declined or the referral was sent."),
    )
    enabled = models.BooleanField(
        _("anonymise automatically"), default=True,
        help_text=_("When off, the nightly job only reports what it would anonymise."),
    )

    class Meta:
        verbose_name = _("retention settings")
        verbose_name_plural = _("retention settings")


class RecordKind(models.TextChoices):
    HELP_REQUEST = "help_request", _("Requests for help and their conversations")
    CASE = "case", _("Plans")
    DECISION = "decision", _("Decisions")
    REFERRAL = "referral", _("Referrals")
    RESIDENT = "resident", _("Residents")
    HOUSEHOLD = "household", _("Households")


class AnonymisedRecord(models.Model):
    """That a record's personal fields were blanked after its retention period. The row makes the
    nightly job idempotent (it never touches a record twice) and says when it happened; for a
    resident it is the moment they were anonymised entirely."""

    kind = models.CharField(_("record type"), max_length=20, choices=RecordKind.choices)
    object_id = models.BigIntegerField(_("record"))
    anonymised_at = models.DateTimeField(_("anonymised at"), auto_now_add=True)

    class Meta:
        ordering = ["-anonymised_at"]
        verbose_name = _("anonymised record")
        verbose_name_plural = _("anonymised records")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="anonymised_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
