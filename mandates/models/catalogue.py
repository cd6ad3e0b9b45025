"""The catalogue: the kinds of decision with their laws, the iWmo product categories, the
general provisions offered first and the customised provisions with their units and prices."""

from __future__ import annotations

import datetime
import decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    WMO = "wmo", _("Wmo customised provision")
    SPECIAL_ASSISTANCE = "special_assistance", _("Special assistance")
    DEBT_HELP = "debt_help", _("Access to debt help")


LAW_OF_KIND = {
    DecisionKind.WMO: "Wet maatschappelijke ondersteuning 2015",
    DecisionKind.SPECIAL_ASSISTANCE: "Participatiewet, artikel 35",
    DecisionKind.DEBT_HELP: "Wet gemeentelijke schuldhulpverlening, artikel 4a",
}


class ProductCategory(models.Model):
    """An iWmo product category (codelist WMO020, two digits), kept as data."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("iWmo product category")
        verbose_name_plural = _("iWmo product categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GeneralProvision(models.Model):
    """A general provision (algemene voorziening): free, no decision needed, offered first."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    category = models.CharField(_("category"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("general provision")
        verbose_name_plural = _("general provisions")

    def __str__(self) -> str:
        return self.name


class OfferedGeneralProvision(models.Model):
    """A general provision offered in a kitchen-table conversation before a customised one was
    considered (own strength, network and free provisions first)."""

    conversation = models.ForeignKey("intake.Conversation", on_delete=models.CASCADE,
                                     related_name="offered_general_provisions", verbose_name=_("conversation"))
    provision = models.ForeignKey(GeneralProvision, on_delete=models.PROTECT, related_name="offers",
                                  verbose_name=_("general provision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["provision__name"]
        verbose_name = _("general provision offered")
        verbose_name_plural = _("general provisions offered")
        constraints = [models.UniqueConstraint(fields=["conversation", "provision"], name="offer_once_per_conversation")]

    def __str__(self) -> str:
        return str(self.provision)


class Unit(models.TextChoices):
    HOURS_PER_WEEK = "hours_per_week", _("hours per week")
    DAYPARTS_PER_WEEK = "dayparts_per_week", _("day parts per week")
    PIECE = "piece", _("piece")
    EURO = "euro", _("euro")


class Delivery(models.TextChoices):
    IN_KIND = "in_kind", _("In kind")
    PGB = "pgb", _("Personal budget (pgb)")


class Provision(models.Model):
    """A customised provision (maatwerkvoorziening) in the catalogue: needs a decision."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    category = models.CharField(_("category"), max_length=80)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    product_category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="provisions", verbose_name=_("iWmo product category"))
    product_code = models.CharField(_("iWmo product code"), max_length=5, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("customised provision")
        verbose_name_plural = _("customised provisions")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="provision_unique_name_per_kind"),
            models.CheckConstraint(condition=~Q(kind="wmo") | Q(product_category__isnull=False),
                                   name="wmo_provision_has_product_category"),
        ]

    def __str__(self) -> str:
        return self.name

    def price_on(self, day: datetime.date) -> decimal.Decimal | None:
        """The price per unit that applied on `day`, so past decisions keep their price."""
        price = self.prices.filter(valid_from__lte=day).order_by("-valid_from").first()
        return price.amount if price else None


class ProvisionPrice(models.Model):
    """The price per unit of a provision from a date on (for hours: per hour)."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="prices",
                                  verbose_name=_("provision"))
    valid_from = models.DateField(_("valid from"))
    amount = models.DecimalField(_("price per unit (EUR)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["provision", "-valid_from"]
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [models.UniqueConstraint(fields=["provision", "valid_from"], name="one_price_per_date")]

    def __str__(self) -> str:
        return f"{self.provision}: € {self.amount} ({self.valid_from:%d-%m-%Y})"
