"""Settings and life domains: the life domains scored for self-reliance (leefgebied), the ZRM
self-reliance levels, and the municipality's intake settings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings


class LifeDomain(models.Model):
    """A life domain scored for self-reliance (leefgebied). Data: the default 13 follow the ZRM 2017
    domain names; only the names and level labels are shipped, never the ZRM criteria texts."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")

    def __str__(self) -> str:
        return self.name


class SelfReliance(models.IntegerChoices):
    """The five ZRM levels (labels only)."""

    ACUTE = 1, _("1 acute problems")
    NOT_SELF_RELIANT = 2, _("2 not self-reliant")
    LIMITED = 3, _("3 limited self-reliance")
    SUFFICIENT = 4, _("4 sufficiently self-reliant")
    FULL = 5, _("5 fully self-reliant")


class IntakeSettings(SingletonSettings):
    """The municipality's intake settings (one row), maintained by the functional administrator."""

    home_visit_promise_days = models.PositiveSmallIntegerField(
        _("home visit promise (calendar days)"), default=7,
        help_text=_("A generalist visits within this many calendar days of the first contact."),
    )

    class Meta:
        verbose_name = _("intake settings")
        verbose_name_plural = _("intake settings")
