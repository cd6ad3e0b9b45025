"""Partner organisations (ketenpartners). The directory and referrals build on these."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    YOUTH_AND_FAMILY = "youth_and_family", _("Youth and family centre")
    WELFARE = "welfare", _("Welfare")
    DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")
    WORK_AND_INCOME = "work_and_income", _("Work and income")
    CARE_PROVIDER = "care_provider", _("Care provider")
    GP = "gp", _("General practitioner")
    SCHOOL = "school", _("School")
    HOUSING = "housing", _("Housing corporation")
    VOLUNTEERS = "volunteers", _("Volunteer organisation")
    CLIENT_SUPPORT = "client_support", _("Client support")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    zones = models.ManyToManyField("accounts.Zone", blank=True, related_name="organisations",
                                   verbose_name=_("zones"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name
