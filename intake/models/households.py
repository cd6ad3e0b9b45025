"""Households and residents with their visibility rules: who may see a household or a resident,
and which residents (and so households) have their processing restricted (AVG art. 18)."""

from __future__ import annotations

import datetime
import functools

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..validators import mask_bsn, validate_bsn, validate_postcode


def household_visibility(user, via: str = "") -> Q | None:
    """Who may see a household, as a condition on a queryset whose household sits at `via`
    ("" for Household itself, "household__" for a model with a household foreign key): a
    meitinker sees the households of their zones and those whose request is assigned to them; a
    team leader those of the team's zones and of the team's workers' requests. None: no household.

    One rule for Household.visible_to and the models that derive their visibility from the
    household (cases), tested in the caller's own WHERE clause: a correlated EXISTS over the
    visible households made PostgreSQL hash every visible household first (docs/performance.md)."""
    # Imported here, not at the top: help_requests imports this module (HelpRequest needs the
    # households, residents, zones and restrictions defined here).
    from .help_requests import HelpRequest

    ref = OuterRef(f"{via.removesuffix('__')}_id") if via else OuterRef("pk")
    if getattr(user, "is_worker", False):
        assigned = HelpRequest.objects.filter(household=ref, assigned_worker=user)
        return Q(**{f"{via}zone__in": _zone_ids(user)}) | Q(Exists(assigned))
    if getattr(user, "is_team_leader", False):
        assigned = HelpRequest.objects.filter(household=ref, assigned_worker__team_id=user.team_id)
        return Q(**{f"{via}zone__team_id": user.team_id}) | Q(Exists(assigned))
    return None


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user) -> HouseholdQuerySet:
        """The households `household_visibility` lets the user see; nobody else sees any."""
        condition = household_visibility(user)
        if condition is None:
            return self.none()
        return self.filter(condition).unrestricted()

    def restricted(self) -> HouseholdQuerySet:
        """A household's record is about its members: while one of them has restricted processing
        (AVG art. 18), the household is hidden too."""
        return self.filter(pk__in=restricted_household_ids())

    def unrestricted(self) -> HouseholdQuerySet:
        return self.exclude(pk__in=restricted_household_ids())


class Household(models.Model):
    """Residents living together at one address (huishouden). Membership has a history."""

    street = models.CharField(_("street"), max_length=120)
    house_number = models.CharField(_("house number"), max_length=12)
    postcode = models.CharField(_("postcode"), max_length=6, validators=[validate_postcode])
    city = models.CharField(_("town"), max_length=80)
    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="households", verbose_name=_("zone"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["postcode", "house_number"], name="household_address")]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode_display} {self.city}"

    @property
    def postcode_display(self) -> str:
        return f"{self.postcode[:4]} {self.postcode[4:]}" if len(self.postcode) == 6 else self.postcode


def _zone_ids(user) -> models.QuerySet:
    return user.zones.values("id")


class ResidentQuerySet(models.QuerySet):
    def visible_to(self, user) -> ResidentQuerySet:
        """Residents of a household the user may see, or with a request the user may see."""
        from .help_requests import HelpRequest  # not at the top: see household_visibility

        if not getattr(user, "handles_residents", False):
            return self.none()
        households = Household.objects.visible_to(user)
        requests = HelpRequest.objects.visible_to(user)
        return self.filter(
            Exists(HouseholdMembership.objects.filter(resident=OuterRef("pk"), end_date__isnull=True,
                                                      household__in=households))
            | Exists(requests.filter(resident=OuterRef("pk")))
        ).unrestricted()

    def restricted(self) -> ResidentQuerySet:
        """Residents whose processing is restricted (AVG art. 18, privacy.ProcessingRestriction not
        lifted). Every visibility queryset hides them (`unrestricted()`)."""
        return self.filter(pk__in=restricted_resident_ids())

    def unrestricted(self) -> ResidentQuerySet:
        return self.exclude(pk__in=restricted_resident_ids())


# The two subqueries every visibility queryset embeds (AVG art. 18). They depend on nothing but
# the schema, so each process builds them once: building them anew for every visible_to() was a
# fifth of the team dashboard's Python time (docs/performance.md, finding 8). The cached
# querysets are never evaluated; callers get a copy (.all()), whose SQL, and so the restrictions
# in force, is run with every query.
@functools.cache
def _restricted_resident_ids() -> models.QuerySet:
    # The model is reached through its related name, so intake does not import the privacy app.
    restriction = Resident._meta.get_field("processing_restrictions").related_model
    return restriction.objects.filter(lifted_at__isnull=True).values("resident_id")


@functools.cache
def _restricted_household_ids() -> models.QuerySet:
    return HouseholdMembership.objects.filter(
        end_date__isnull=True, resident_id__in=_restricted_resident_ids().all()).values("household_id")


def restricted_resident_ids() -> models.QuerySet:
    """Ids of the residents with a restriction not lifted (a subquery)."""
    return _restricted_resident_ids().all()


def restricted_household_ids() -> models.QuerySet:
    """Ids of the households with a current member whose processing is restricted (a subquery)."""
    return _restricted_household_ids().all()


class Resident(models.Model):
    """A person living in the municipality (inwoner).

    The BSN is optional because a first contact may not know it (or the resident may have none
    yet), but when known it is unique: the same person is never registered twice.
    """

    bsn = models.CharField(_("BSN"), max_length=9, null=True, blank=True, unique=True,
                           validators=[validate_bsn],
                           help_text=_("Citizen service number: nine digits passing the eleven-test."))
    first_names = models.CharField(_("first names"), max_length=120)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True,
                                      help_text=_("For example 'van der'."))
    surname = models.CharField(_("surname"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "first_names"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [
            models.Index(models.functions.Lower("surname"), "date_of_birth", name="resident_name_dob"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_names, self.surname_prefix, self.surname) if p)

    @property
    def bsn_masked(self) -> str:
        return mask_bsn(self.bsn or "")

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Relation(models.TextChoices):
    HEAD = "head", _("Main resident")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other household member")


class HouseholdMembership(models.Model):
    """A resident's membership of a household over a period. One open membership per resident,
    so moving closes the old one and the history stays."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships",
                                   verbose_name=_("household"))
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="memberships",
                                  verbose_name=_("resident"))
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("household membership")
        verbose_name_plural = _("household memberships")
        constraints = [
            models.UniqueConstraint(fields=["resident"], condition=Q(end_date__isnull=True),
                                    name="one_current_household_per_resident"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="membership_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} in {self.household}"
