"""The legal calendar and the municipality's own terms: the holidays that move the end of a
legal term (Algemene termijnenwet) and the decision settings kept by the administrator."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings


class HolidaySource(models.TextChoices):
    STATUTORY = "statutory", _("Algemene termijnenwet art. 3")
    DECREE = "decree", _("Equated by royal decree")


class LegalHoliday(models.Model):
    """A generally recognised holiday in the sense of the Algemene termijnenwet (Atw art. 3), or
    a day a royal decree equates with one. Legal terms that end on such a day run on to the next
    working day. Data, so the functional administrator adds the equated days of each decree."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(_("source"), max_length=10, choices=HolidaySource.choices,
                              default=HolidaySource.STATUTORY)
    decree_reference = models.CharField(_("decree reference"), max_length=120, blank=True,
                                        help_text=_("For an equated day: the Staatscourant publication."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("legal holiday")
        verbose_name_plural = _("legal holidays")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class DecisionSettings(SingletonSettings):
    """The municipality's terms that the law leaves to it and its letterhead (one row), kept by
    the administrator."""

    municipality_name = models.CharField(_("municipality"), max_length=120, default="Gemeente")
    municipality_code = models.CharField(_("municipality code (CBS)"), max_length=4, default="0000",
                                         help_text=_("Four digits; the sender of iWmo messages."))
    objection_address = models.CharField(
        _("objection address"), max_length=255, default="Postbus 1, 1000 AA",
        help_text=_("Where residents send an objection; printed in every decision letter."))

    debt_access_weeks = models.PositiveSmallIntegerField(
        _("decision on debt-help access (weeks after the first conversation)"), default=8)
    objection_decision_weeks = models.PositiveSmallIntegerField(
        _("decision on an objection (weeks)"), default=6,
        help_text=_("Awb 7:10: six weeks after the end of the objection period."))
    objection_committee_weeks = models.PositiveSmallIntegerField(
        _("decision on an objection with an advisory committee (weeks)"), default=12)
    due_soon_days = models.PositiveSmallIntegerField(
        _("warn this many days before a term ends"), default=5)

    class Meta:
        verbose_name = _("decision settings")
        verbose_name_plural = _("decision settings")
