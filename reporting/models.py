"""The council report (raadsrapportage): immutable snapshots of the registered figures per period
and zone, and the anonymised example cases (voorbeeldcasussen) that accompany them."""

from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings


class ReportSettings(SingletonSettings):
    """The report engine's settings (one row), maintained by the functional administrator."""

    suppression_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"), default=5, validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("A figure that rests on fewer residents than this is shown as '<threshold>', so no "
                    "resident can be recognised in a published report. Applies to reports generated after "
                    "the change; published reports keep the threshold they were made with."),
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class ReportStatus(models.TextChoices):
    GENERATING = "generating", _("Being generated")
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


def period_bounds(kind: str, year: int, quarter: int | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last day (inclusive) of a calendar quarter or year."""
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    assert quarter in (1, 2, 3, 4)
    start = datetime.date(year, 3 * quarter - 2, 1)
    next_start = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, next_start - datetime.timedelta(days=1)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportQuerySet:
        """Council members read published reports only; team leaders and the functional
        administrator see every version, drafts and failures included. Nobody else reads reports."""
        if getattr(user, "is_team_leader", False) or getattr(user, "is_administrator", False):
            return self.all()
        if getattr(user, "is_council_member", False):
            return self.filter(status=ReportStatus.PUBLISHED)
        return self.none()

    def of_period(self, *, period_kind: str, period_start: datetime.date, zone_id: int | None) -> ReportQuerySet:
        return self.filter(period_kind=period_kind, period_start=period_start, zone_id=zone_id)


class Report(models.Model):
    """One generated version of the report for a period and zone. Regenerating makes a new
    version; a published version never changes (service check and a database trigger), so what
    the council read stays what the council can read again."""

    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="reports", verbose_name=_("zone"),
                             help_text=_("Empty: the whole municipality."))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.GENERATING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                                validators=[MaxValueValidator(100)])
    current_figure = models.CharField(_("figure being generated"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The sections (Section.as_json()) after small-cell suppression: the snapshot itself.
    data = models.JSONField(_("figures"), default=list, blank=True)
    # Approved example cases as text only: no name, address, date of birth, BSN or case number.
    examples = models.JSONField(_("example cases"), default=list, blank=True)
    suppression_threshold = models.PositiveSmallIntegerField(_("small-cell threshold used"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # Empty for the reports the quarterly schedule makes.
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "zone__name", "-version"]
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        indexes = [
            models.Index(fields=["status", "-period_start"], name="report_status_period"),
            models.Index(fields=["period_kind", "period_start", "zone"], name="report_period_zone"),
        ]
        constraints = [
            # nulls_distinct=False: two municipality-wide (zone NULL) reports of a period are still
            # the same series and may not share a version number.
            models.UniqueConstraint(fields=["period_kind", "period_start", "zone", "version"],
                                    nulls_distinct=False, name="report_version_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="report_period_ends_after_start"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
            models.CheckConstraint(
                condition=~Q(status="published") | (Q(published_at__isnull=False) & Q(published_by__isnull=False)
                                                     & Q(generated_at__isnull=False)),
                name="published_report_records_who_and_when"),
        ]
        triggers = [
            pgtrigger.Protect(name="published_report_immutable", operation=pgtrigger.Update | pgtrigger.Delete,
                              condition=pgtrigger.Q(old__status="published")),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} · {self.zone or _('Municipality')} · v{self.version}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.YEAR:
            return str(self.period_start.year)
        return f"Q{(self.period_start.month - 1) // 3 + 1} {self.period_start.year}"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_generating(self) -> bool:
        return self.status == ReportStatus.GENERATING


class ExampleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned to the author")


class ExampleCaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExampleCaseQuerySet:
        """Staff who may see the case may see its stories (the case's own chokepoint decides);
        council members read approved stories only inside a published report, never here."""
        from cases.models import Case

        if not (getattr(user, "is_worker", False) or getattr(user, "is_team_leader", False)):
            return self.none()
        return self.filter(case__in=Case.objects.visible_to(user))

    def for_report(self, *, date_from: datetime.date, date_to: datetime.date, zone_id: int | None):
        """Approved stories of cases that were open at some time in the period (and zone)."""
        qs = self.filter(status=ExampleStatus.APPROVED, case__opened_on__lte=date_to).filter(
            Q(case__closed_on__isnull=True) | Q(case__closed_on__gte=date_from))
        if zone_id is not None:
            qs = qs.filter(case__household__zone_id=zone_id)
        return qs


class ExampleCase(models.Model):
    """A voorbeeldcasus: an anonymised story of one case for the council. Written by a worker who
    can see the case, approved by a team leader of the case's team who is not the author (four
    eyes). It is checked for the household's names, address, dates of birth and BSNs before it
    can be submitted; the report carries its three texts only."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="example_cases",
                             verbose_name=_("case"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    asked = models.TextField(_("what was asked"))
    done = models.TextField(_("what was done"))
    result = models.TextField(_("what it yielded"))
    status = models.CharField(_("status"), max_length=10, choices=ExampleStatus.choices, default=ExampleStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("note from the reviewer"), blank=True)
    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ExampleCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("example case")
        verbose_name_plural = _("example cases")
        indexes = [models.Index(fields=["status", "case"], name="example_status_case")]
        constraints = [
            models.CheckConstraint(condition=~Q(reviewed_by=models.F("author")), name="example_four_eyes"),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected"]) | Q(reviewed_by__isnull=False),
                name="reviewed_example_records_reviewer"),
        ]

    def __str__(self) -> str:
        return f"{_('Example case')} {self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ExampleStatus.DRAFT, ExampleStatus.REJECTED)
