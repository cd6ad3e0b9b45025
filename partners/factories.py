"""Factories for the partner network, shared by the tests and the demo data."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.factories import PlainFaker

from .models import (
    FindingPlace,
    FindingPlaceKind,
    Organisation,
    OrganisationKind,
    Person,
    Referral,
    ReferralStatus,
    Service,
)
from .services import search_text_for


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partnerorganisatie {n}")
    kind = OrganisationKind.WELFARE


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Dienst {n}")
    description = "Ondersteuning voor inwoners."


class FindingPlaceFactory(DjangoModelFactory):
    class Meta:
        model = FindingPlace

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Basisschool De Klimop {n}")
    kind = FindingPlaceKind.SCHOOL
    street = "Schoolstraat"
    house_number = "3"
    postcode = "8441AB"
    city = "Meerhoven"


class PersonFactory(DjangoModelFactory):
    """A directory entry; its search text is derived as the services derive it."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = PlainFaker("name", locale="nl_NL")
    job_title = "Consulent"
    expertise = factory.LazyFunction(list)
    phone = "+31612345678"
    email = factory.Sequence(lambda n: f"medewerker{n}@partner.example")
    availability = factory.LazyFunction(lambda: [0, 2])
    confirmed_on = factory.LazyFunction(timezone.localdate)

    class Params:
        stale = factory.Trait(confirmed_on=factory.LazyFunction(
            lambda: timezone.localdate() - datetime.timedelta(days=400)))

    @factory.post_generation
    def zones(self, create, extracted, **kwargs):
        if create and extracted:
            self.zones.set(extracted)
        if create:
            self.search_text = search_text_for(self, organisation=self.organisation, zones=self.zones.all())
            Person.objects.filter(pk=self.pk).update(search_text=self.search_text)


class ReferralFactory(DjangoModelFactory):
    """A referral from a conversation; pass conversation=... (its request gives the resident)."""

    class Meta:
        model = Referral

    conversation = None
    help_request = factory.LazyAttribute(lambda r: r.conversation.help_request)
    resident = factory.LazyAttribute(lambda r: r.help_request.resident)
    household = factory.LazyAttribute(lambda r: r.help_request.household)
    service = factory.SubFactory(ServiceFactory)
    organisation = factory.LazyAttribute(lambda r: r.service.organisation)
    sender = factory.LazyAttribute(lambda r: r.conversation.worker)
    question = "Graag een eerste gesprek over de schulden en een budgetplan."
    share_request = True
    share_summary = True
    share_scores = False
    share_debts = True
    consent_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))
    consent_recorded_at = factory.LazyFunction(timezone.now)
    sent_on = factory.LazyFunction(timezone.localdate)
    accept_by = factory.LazyAttribute(lambda r: r.sent_on + datetime.timedelta(days=5))
    status = ReferralStatus.SENT

    class Params:
        declined = factory.Trait(status=ReferralStatus.DECLINED, decline_reason="Geen plek deze maand.")
        finished = factory.Trait(status=ReferralStatus.FINISHED, feedback="Budgetplan opgesteld; loopt goed.",
                                 started_on=factory.LazyFunction(timezone.localdate),
                                 finished_on=factory.LazyFunction(timezone.localdate))
        overdue = factory.Trait(sent_on=factory.LazyFunction(
            lambda: timezone.localdate() - datetime.timedelta(days=12)))
        withdrawn = factory.Trait(consent_withdrawn_at=factory.LazyFunction(timezone.now))
