"""Residents, households, requests for help (meldingen) and kitchen-table conversations."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings

from .validators import mask_bsn, validate_bsn, validate_postcode


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


def household_visibility(user, via: str = "") -> Q | None:
    """Who may see a household, as a condition on a queryset whose household sits at `via`
    ("" for Household itself, "household__" for a model with a household foreign key): a
    meitinker sees the households of their zones and those whose request is assigned to them; a
    team leader those of the team's zones and of the team's workers' requests. None: no household.

    One rule for Household.visible_to and the models that derive their visibility from the
    household (cases), tested in the caller's own WHERE clause: a correlated EXISTS over the
    visible households made PostgreSQL hash every visible household first (docs/performance.md)."""
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


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in point")
    WEB_FORM = "web_form", _("Web form")
    FINDING_PLACE = "finding_place", _("Partner at a finding place")
    ARREARS_SIGNAL = "arrears_signal", _("Early-warning arrears signal")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRISIS = "crisis", _("Crisis: act today")


class RequestStatus(models.TextChoices):
    NEW = "new", _("New, awaiting triage")
    SETTLED = "settled", _("Settled at intake")
    ASSIGNED = "assigned", _("Assigned for a home visit")
    IN_CONVERSATION = "in_conversation", _("Conversation in progress")
    COMPLETED = "completed", _("Conversation held")


OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_CONVERSATION)
# The home-visit promise is kept once the conversation has started.
AWAITING_VISIT = (RequestStatus.NEW, RequestStatus.ASSIGNED)


class SettledBy(models.TextChoices):
    INFORMATION = "information", _("Information and advice")
    GENERAL_PROVISION = "general_provision", _("A general provision")
    OWN_NETWORK = "own_network", _("The resident's own network")


class HelpRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> HelpRequestQuerySet:
        if getattr(user, "is_worker", False):
            # The intaker who registered a request keeps sight of it, also when the resident
            # lives in another zone and it lands in that zone's queue.
            return self.filter(
                Q(zone__in=_zone_ids(user)) | Q(assigned_worker=user) | Q(created_by=user)).unrestricted()
        if getattr(user, "is_team_leader", False):
            return self.filter(
                Q(zone__team_id=user.team_id) | Q(assigned_worker__team_id=user.team_id)).unrestricted()
        return self.none()

    def unrestricted(self) -> HelpRequestQuerySet:
        """Without the requests of residents (or of households with a member) whose processing is
        restricted; cases, decisions, clocks and referrals build on this queryset."""
        return (self.exclude(resident_id__in=restricted_resident_ids())
                .exclude(household_id__in=restricted_household_ids()))

    def open(self) -> HelpRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def visit_overdue(self, today: datetime.date) -> HelpRequestQuerySet:
        """No conversation held yet and the home-visit promise date has passed."""
        return self.filter(status__in=AWAITING_VISIT, visit_due_on__lt=today)


class HelpRequest(models.Model):
    """A request for help (melding / hulpvraag): the first contact with a question."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="help_requests", verbose_name=_("resident"),
                                 help_text=_("Empty for a web-form request until intake links it to a resident."))
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="help_requests", verbose_name=_("household"))
    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="help_requests", verbose_name=_("zone"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # Whether the question reports a need for support under the Wmo: only a Wmo melding starts
    # the six-week investigation term. True unless intake says otherwise: a missed legal term is
    # worse than a warning too many (a web-form request is judged when intake links it).
    wmo_melding = models.BooleanField(
        _("Wmo melding"), default=True,
        help_text=_("The resident reports a need for support under the Wmo, so the six-week investigation "
                    "term starts (Wmo art. 2.3.2). Untick for a question about money, debts, work or "
                    "information only."))
    life_domains = models.ManyToManyField(LifeDomain, blank=True, related_name="help_requests",
                                          verbose_name=_("life domains"))
    question = models.TextField(_("question"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    first_contact_on = models.DateField(_("date of first contact"))
    visit_due_on = models.DateField(_("home visit promised by"))
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW)
    settled_by = models.CharField(_("settled with"), max_length=20, choices=SettledBy.choices, blank=True)
    settled_note = models.TextField(_("how it was settled"), blank=True)
    assigned_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="assigned_requests", verbose_name=_("meitinker"))
    visit_planned_at = models.DateTimeField(_("home visit planned at"), null=True, blank=True)
    # What an unauthenticated web-form sender typed about themselves, until intake links the
    # request to a resident record (we never match unverified input to a record automatically).
    submitted_contact = models.JSONField(_("submitted contact details"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["visit_due_on", "id"]
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        indexes = [
            models.Index(fields=["zone", "status", "visit_due_on"], name="request_zone_queue"),
            models.Index(fields=["assigned_worker", "status", "visit_due_on"], name="request_worker_queue"),
            # Open work is a few percent of all requests: the queues, my work and the team
            # dashboard read it from this small index, not from five years of history.
            models.Index(fields=["zone", "assigned_worker"], condition=Q(status__in=OPEN_STATUSES),
                         name="request_open"),
            # Household visibility asks "which households had a request of these workers": an
            # index-only scan instead of reading every request (docs/performance.md, finding 4).
            models.Index(fields=["assigned_worker", "household"], name="request_worker_household"),
            models.Index(fields=["resident", "-first_contact_on"], name="request_resident"),
            # The council report counts requests by the period of their first contact.
            models.Index(fields=["first_contact_on", "zone"], name="request_first_contact"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="settled") | ~Q(settled_by=""), name="settled_request_says_how",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["assigned", "in_conversation"]) | Q(assigned_worker__isnull=False),
                name="assigned_request_has_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Request')} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaiting_visit(self) -> bool:
        return self.status in AWAITING_VISIT

    def visit_overdue_on(self, today: datetime.date) -> bool:
        return self.awaiting_visit and self.visit_due_on < today

    @property
    def display_name(self) -> str:
        if self.resident_id:
            return self.resident.full_name
        return self.submitted_contact.get("name", "")


class ConversationOutcome(models.TextChoices):
    SETTLED = "settled", _("Settled in the conversation")
    NEEDS_DECISION = "needs_decision", _("Needs a decision (customised provision)")
    NEEDS_PLAN = "needs_plan", _("Needs a plan (one household, one plan)")
    REFERRED = "referred", _("Referred to a partner")


class ConversationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINISHED = "finished", _("Finished")


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConversationQuerySet:
        return self.filter(help_request__in=HelpRequest.objects.visible_to(user))

    def drafts(self) -> ConversationQuerySet:
        return self.filter(status=ConversationStatus.DRAFT)


class Conversation(models.Model):
    """The kitchen-table conversation (keukentafelgesprek): the whole household, every life
    domain, own strength and network first, and a debt screening every time (debts play a part
    in 80-90% of cases)."""

    help_request = models.OneToOneField(HelpRequest, on_delete=models.PROTECT, related_name="conversation",
                                        verbose_name=_("request for help"))
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="conversations",
                                  verbose_name=_("household"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conversations",
                               verbose_name=_("meitinker"))
    held_on = models.DateField(_("held on"))
    present_residents = models.ManyToManyField(Resident, blank=True, related_name="conversations_attended",
                                               verbose_name=_("household members present"))
    others_present = models.CharField(_("others present"), max_length=255, blank=True,
                                      help_text=_("For example a neighbour, an informal carer or an interpreter."))
    own_strength = models.TextField(_("own strength"), blank=True,
                                    help_text=_("What the household can do itself (eigen kracht)."))
    network = models.TextField(_("network"), blank=True,
                               help_text=_("Family, friends and neighbours who can help."))
    general_provisions_considered = models.TextField(
        _("general provisions considered"), blank=True,
        help_text=_("Free services without a decision, considered before a customised provision."),
    )
    # Debt screening (schuldhulpverlening starts here).
    arrears = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name=_("arrears"))
    threats = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name=_("threats"))
    debt_note = models.TextField(_("note on money and debts"), blank=True)
    debt_urgent = models.BooleanField(
        _("urgent debt situation"), default=False,
        help_text=_("Eviction, cut-off of energy or water, or termination of health insurance threatens: "
                    "the first debt-help conversation must follow within 3 working days."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ConversationOutcome.choices, blank=True)
    outcome_note = models.TextField(_("agreements and next steps"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ConversationStatus.choices,
                              default=ConversationStatus.DRAFT)
    # Optimistic concurrency: every save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    # The page (browser tab) that saved last: lets a tab's own final submit win over its own
    # autosave still in flight, without ever letting another tab or person overwrite silently.
    last_editor = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, verbose_name=_("last saved by"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("kitchen-table conversation")
        verbose_name_plural = _("kitchen-table conversations")
        indexes = [
            models.Index(fields=["worker", "status"], name="conversation_worker_status"),
            models.Index(fields=["household", "-held_on"], name="conversation_household"),
            # The council report counts conversations (home visits) by the day they were held.
            models.Index(fields=["held_on"], name="conversation_held_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status="draft") | ~Q(outcome=""),
                                   name="finished_conversation_has_outcome"),
        ]

    def __str__(self) -> str:
        return f"{_('Conversation')} {self.held_on:%d-%m-%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == ConversationStatus.DRAFT


class Arrears(models.TextChoices):
    RENT = "rent", _("Rent or mortgage")
    ENERGY = "energy", _("Energy")
    WATER = "water", _("Water")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance")


class Threat(models.TextChoices):
    """The threats that start the 3-working-day debt-help clock (Wgs art. 4)."""

    EVICTION = "eviction", _("Forced eviction")
    ENERGY_CUTOFF = "energy_cutoff", _("Cut-off of gas, electricity or district heating")
    WATER_CUTOFF = "water_cutoff", _("Cut-off of water")
    INSURANCE_TERMINATION = "insurance_end", _("Termination of the health insurance")


class SelfRelianceScore(models.Model):
    """A self-reliance score (1-5) for one life domain in one conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="scores",
                                     verbose_name=_("conversation"))
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="scores",
                               verbose_name=_("life domain"))
    score = models.PositiveSmallIntegerField(_("score"), choices=SelfReliance.choices, null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["domain__position"]
        verbose_name = _("self-reliance score")
        verbose_name_plural = _("self-reliance scores")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "domain"], name="one_score_per_domain"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                                   name="score_between_1_and_5"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score or '-'}"


def today() -> datetime.date:
    return timezone.localdate()


