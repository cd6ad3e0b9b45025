"""The partner network (ketenpartners): the directory of organisations, their services, finding
places and people (the "smoelenboek"), and referrals (warme overdracht) from the front door to a
partner's service with recorded consent."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from toegang.models import SingletonSettings

# The Dutch text-search configuration: stems "schulden" and "schuld" to the same lexeme.
SEARCH_CONFIG = "dutch"


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


class DirectorySettings(SingletonSettings):
    """The partner network's settings (one row), maintained by the functional administrator."""

    stale_after_days = models.PositiveSmallIntegerField(
        _("entry is stale after (days)"), default=183,
        help_text=_("A directory entry not confirmed for this many days is flagged as possibly out of date."),
    )
    acceptance_days = models.PositiveSmallIntegerField(
        _("referral acceptance term (days)"), default=5,
        help_text=_("A partner accepts or declines a referral within this many calendar days; after that "
                    "the referral is flagged as overdue to the sender."),
    )

    class Meta:
        verbose_name = _("partner network settings")
        verbose_name_plural = _("partner network settings")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    zones = models.ManyToManyField("accounts.Zone", blank=True, related_name="organisations",
                                   verbose_name=_("zones"))
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(_("general phone number"), max_length=20, blank=True,
                             help_text=_("Stored in international format (E.164)."))
    email = models.EmailField(_("general e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service of a partner organisation that residents can be referred to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="service_name_per_organisation")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class FindingPlaceKind(models.TextChoices):
    SCHOOL = "school", _("School")
    CONSULTATION_OFFICE = "consultation_office", _("Consultation office")
    GP_PRACTICE = "gp_practice", _("GP practice")
    COMMUNITY_CENTRE = "community_centre", _("Community centre")
    SERVICE_POINT = "service_point", _("Service point")
    OTHER = "other", _("Other")


class FindingPlace(models.Model):
    """A vindplaats: where people with a need are met (a school, a consultation office, a GP
    practice). Partners hold office hours there."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="finding_places",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=FindingPlaceKind.choices)
    street = models.CharField(_("street"), max_length=120)
    house_number = models.CharField(_("house number"), max_length=12)
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("town"), max_length=80)
    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="finding_places", verbose_name=_("zone"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("finding place")
        verbose_name_plural = _("finding places")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        postcode = f"{self.postcode[:4]} {self.postcode[4:]}" if len(self.postcode) == 6 else self.postcode
        return f"{self.street} {self.house_number}, {postcode} {self.city}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class PersonQuerySet(models.QuerySet):
    def active(self) -> PersonQuerySet:
        return self.filter(active=True)

    def stale(self, today: datetime.date) -> PersonQuerySet:
        days = DirectorySettings.current().stale_after_days
        return self.filter(confirmed_on__lt=today - datetime.timedelta(days=days))


def photo_path(instance: Person, filename: str) -> str:
    # The name never comes from the uploader: services.py names the file by a random token.
    return f"partners/photos/{filename}"


class Person(models.Model):
    """A professional in the directory. Not a resident: their entry is work contact data they keep
    current themselves (or their organisation's administrator does)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people",
                                     verbose_name=_("organisation"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="directory_entry", verbose_name=_("account"),
                                help_text=_("The account that may keep this entry current."))
    name = models.CharField(_("name"), max_length=150)
    job_title = models.CharField(_("role"), max_length=120)
    expertise = ArrayField(models.CharField(max_length=60), default=list, blank=True,
                           verbose_name=_("expertise"))
    zones = models.ManyToManyField("accounts.Zone", blank=True, related_name="directory_people",
                                   verbose_name=_("zones"))
    phone = models.CharField(_("direct phone number"), max_length=20, blank=True,
                             help_text=_("Stored in international format (E.164) for click-to-call."))
    email = models.EmailField(_("e-mail"), blank=True)
    availability = ArrayField(models.PositiveSmallIntegerField(choices=Weekday.choices), default=list,
                              blank=True, verbose_name=_("days present at the service point"))
    availability_note = models.CharField(_("where and when"), max_length=200, blank=True)
    photo = models.FileField(_("photo"), upload_to=photo_path, blank=True)
    photo_content_type = models.CharField(max_length=20, blank=True)
    is_organisation_admin = models.BooleanField(
        _("organisation administrator"), default=False,
        help_text=_("May add and edit the directory entries of the people of this organisation."))
    active = models.BooleanField(_("active"), default=True)
    confirmed_on = models.DateField(_("last confirmed"))
    version = models.PositiveIntegerField(default=1)
    # Denormalised by services.person_refresh_search so one indexed column answers a search by
    # name, role, expertise, organisation and zone.
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(), db_persist=True,
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        indexes = [
            GinIndex(fields=["search_vector"], name="person_search_vector"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="person_search_trgm"),
            models.Index(fields=["organisation", "name"], name="person_organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_stale(self, today: datetime.date, stale_after_days: int) -> bool:
        return self.confirmed_on < today - datetime.timedelta(days=stale_after_days)

    def availability_labels(self) -> list[str]:
        return [str(Weekday(day).label) for day in sorted(self.availability)]


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent: within a week")
    CRISIS = "crisis", _("Crisis: today")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    STARTED = "started", _("Started")
    FINISHED = "finished", _("Finished")


# The status flow: which status may follow which.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.ACCEPTED: (ReferralStatus.SENT,),
    ReferralStatus.DECLINED: (ReferralStatus.SENT,),
    ReferralStatus.STARTED: (ReferralStatus.ACCEPTED,),
    ReferralStatus.FINISHED: (ReferralStatus.STARTED,),
}


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user, *, today: datetime.date) -> ReferralQuerySet:
        """Front-door staff see the referrals of requests they may see, and those sent from plans
        they may see: a team leader may hand a plan to a director in another zone of the team,
        who then owns the plan and its referrals without seeing the request (Case.visible_to).
        A partner worker sees the referrals to their own organisation, and only while the
        resident's consent holds: withdrawn or expired consent ends the partner's access.
        Nobody else sees any."""
        from cases.models import Case
        from intake.models import HelpRequest

        if getattr(user, "handles_residents", False):
            # Both rules as an EXISTS on the referral's own request and plan. Joined by OR, an IN
            # is no semi-join any more: PostgreSQL hashed every visible request to fetch one
            # referral (23 ms instead of 0.4 at 10 000 residents; cf. docs/performance.md,
            # finding 2); a list may still choose the hash. Not the sender as such: whoever sent
            # a referral could see its request or plan then; once the plan is handed on, the
            # referral goes with it.
            return self.filter(
                Exists(HelpRequest.objects.visible_to(user).filter(pk=OuterRef("help_request_id")))
                | Exists(Case.objects.visible_to(user).filter(pk=OuterRef("case_id"))))
        if getattr(user, "is_partner_worker", False) and user.organisation_id:
            # Restricted processing (AVG art. 18) hides the resident from partners as well.
            return (self.filter(organisation_id=user.organisation_id).consent_active(today)
                    .filter(help_request__in=HelpRequest.objects.unrestricted().values("pk")))
        return self.none()

    def consent_active(self, today: datetime.date) -> ReferralQuerySet:
        return self.filter(consent_withdrawn_at__isnull=True, consent_until__gte=today)

    def acceptance_overdue(self, today: datetime.date) -> ReferralQuerySet:
        return self.filter(status=ReferralStatus.SENT, accept_by__lt=today)


class Referral(models.Model):
    """A warm handover (warme overdracht) of a resident to a partner's service: what is asked,
    how urgent, and the resident's consent (toestemming) for exactly which parts of the story
    the partner may read, and until when."""

    help_request = models.ForeignKey("intake.HelpRequest", on_delete=models.PROTECT, related_name="referrals",
                                     verbose_name=_("request for help"))
    conversation = models.ForeignKey("intake.Conversation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="referrals", verbose_name=_("conversation"))
    # Set when the worker referred from the household's plan (cases.Case): the plan page lists
    # these, and the consent may then include the plan's goals and actions.
    # Indexed by referral_case (case, -sent_on) below.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, db_index=False,
                             related_name="referrals", verbose_name=_("plan"))
    resident = models.ForeignKey("intake.Resident", on_delete=models.PROTECT, related_name="referrals",
                                 verbose_name=_("resident"))
    household = models.ForeignKey("intake.Household", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="referrals", verbose_name=_("household"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("service"))
    # Denormalised from the service: the partner's access rule filters on it.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals",
                                     verbose_name=_("organisation"))
    partner_contact = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="referrals", verbose_name=_("contact at the partner"))
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_sent",
                               verbose_name=_("referred by"))
    question = models.TextField(_("what is asked"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    # Consent: what the partner may read besides the question itself, and until when.
    share_request = models.BooleanField(_("the resident's own question"), default=False)
    share_summary = models.BooleanField(_("the conversation summary"), default=False)
    share_scores = models.BooleanField(_("the self-reliance scores"), default=False)
    share_debts = models.BooleanField(_("the debt screening"), default=False)
    # Only meaningful for a referral from a plan (the form offers them only then).
    share_goals = models.BooleanField(_("the plan's goals"), default=False)
    share_actions = models.BooleanField(_("the plan's actions"), default=False)
    consent_until = models.DateField(_("consent valid until"))
    consent_recorded_at = models.DateTimeField(_("consent recorded at"))
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT)
    sent_on = models.DateField(_("sent on"))
    accept_by = models.DateField(_("accept by"))
    responded_at = models.DateTimeField(_("accepted or declined at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    feedback = models.TextField(_("feedback on the outcome"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("handled by"))
    # The day the sender was told the partner has not answered in time (once per referral).
    overdue_notified_on = models.DateField(_("sender notified of overdue acceptance on"), null=True, blank=True)
    # Optimistic concurrency: a status change names the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["organisation", "status", "-sent_on"], name="referral_inbox"),
            models.Index(fields=["sender", "status"], name="referral_sender"),
            models.Index(fields=["household"], name="referral_household"),
            models.Index(fields=["resident"], name="referral_resident"),
            models.Index(fields=["case", "-sent_on"], name="referral_case"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="declined") | ~Q(decline_reason=""),
                                   name="declined_referral_has_reason"),
            models.CheckConstraint(condition=~Q(status="finished") | ~Q(feedback=""),
                                   name="finished_referral_has_feedback"),
            models.CheckConstraint(condition=Q(case__isnull=False) | Q(share_goals=False, share_actions=False),
                                   name="plan_parts_only_shared_from_a_plan"),
        ]

    def __str__(self) -> str:
        return f"{_('Referral')} {self.pk}"

    def consent_active_on(self, today: datetime.date) -> bool:
        return self.consent_withdrawn_at is None and self.consent_until >= today

    def acceptance_overdue_on(self, today: datetime.date) -> bool:
        return self.status == ReferralStatus.SENT and self.accept_by < today

    @property
    def shared_parts(self) -> list[str]:
        parts = [(self.share_request, Referral._meta.get_field("share_request").verbose_name),
                 (self.share_summary, Referral._meta.get_field("share_summary").verbose_name),
                 (self.share_scores, Referral._meta.get_field("share_scores").verbose_name),
                 (self.share_debts, Referral._meta.get_field("share_debts").verbose_name),
                 (self.share_goals, Referral._meta.get_field("share_goals").verbose_name),
                 (self.share_actions, Referral._meta.get_field("share_actions").verbose_name)]
        return [str(label) for shared, label in parts if shared]
