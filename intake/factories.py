"""Residents, households, requests and conversations in every state, with test-range BSNs."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from stdnum.nl import bsn as stdnum_bsn

from accounts.factories import PlainFaker, UserFactory, ZoneFactory

from . import events
from .models import (
    Channel,
    Conversation,
    ConversationOutcome,
    ConversationStatus,
    HelpRequest,
    Household,
    HouseholdMembership,
    LifeDomain,
    Relation,
    RequestStatus,
    Resident,
    SelfRelianceScore,
    SettledBy,
)


def iter_test_bsns(start: int = 999990000) -> Iterator[str]:
    """Every BSN in the test range 999990000-999999999 that passes the eleven-test (about 900)."""
    for number in range(start, 1_000_000_000):
        candidate = str(number)
        if stdnum_bsn.is_valid(candidate):
            yield candidate


_bsn_pool = iter_test_bsns()


def next_test_bsn() -> str | None:
    """The next test BSN not yet in the database. The pool wraps around: tests roll back, so
    numbers used by earlier tests are free again. None only when all ~900 are taken at once
    (residents may legitimately lack a known BSN at first contact)."""
    global _bsn_pool
    for _attempt in range(2):
        for candidate in _bsn_pool:
            if not Resident.objects.filter(bsn=candidate).exists():
                return candidate
        _bsn_pool = iter_test_bsns()
    return None


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    street = PlainFaker("street_name", locale="nl_NL")
    house_number = factory.Sequence(lambda n: str(n % 200 + 1))
    postcode = "8441AB"
    city = "Meerhoven"
    zone = factory.SubFactory(ZoneFactory)


class ResidentFactory(DjangoModelFactory):
    class Meta:
        model = Resident

    bsn = factory.LazyFunction(next_test_bsn)
    first_names = PlainFaker("first_name", locale="nl_NL")
    surname = PlainFaker("last_name", locale="nl_NL")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=90)
    phone = factory.Sequence(lambda n: f"06{12000000 + n:08d}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = HouseholdMembership

    household = factory.SubFactory(HouseholdFactory)
    resident = factory.SubFactory(ResidentFactory)
    relation = Relation.HEAD
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3650))


class HelpRequestFactory(DjangoModelFactory):
    """A request in any state: HelpRequestFactory(assigned=True), (settled=True), (web=True) …"""

    class Meta:
        model = HelpRequest
        skip_postgeneration_save = True

    household = factory.LazyAttribute(lambda r: MembershipFactory(household__zone=r.zone).household)
    resident = factory.LazyAttribute(lambda r: r.household.memberships.first().resident)
    zone = factory.SubFactory(ZoneFactory)
    channel = Channel.PHONE
    question = factory.Faker("sentence", nb_words=12, locale="nl_NL")
    first_contact_on = factory.LazyFunction(timezone.localdate)
    visit_due_on = factory.LazyAttribute(lambda r: r.first_contact_on + datetime.timedelta(days=7))
    status = RequestStatus.NEW

    class Params:
        settled = factory.Trait(status=RequestStatus.SETTLED, settled_by=SettledBy.INFORMATION,
                                settled_note="Informatie gegeven over de maaltijdservice.")
        assigned = factory.Trait(status=RequestStatus.ASSIGNED,
                                 assigned_worker=factory.SubFactory(UserFactory))
        overdue = factory.Trait(
            first_contact_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10)))
        web = factory.Trait(channel=Channel.WEB_FORM, resident=None, household=None,
                            submitted_contact={"name": "J. de Vries", "postcode": "8441AB",
                                               "house_number": "12", "phone": "0612345678",
                                               "email": "", "date_of_birth": ""})

    @factory.post_generation
    def life_domains(self, create, extracted, **kwargs):
        if create and extracted:
            self.life_domains.set(extracted)

    @factory.post_generation
    def announce(self, create, extracted, **kwargs):
        # A created request has been registered: downstream apps react as they do to the service.
        if create:
            events.request_changed(self)


class ConversationFactory(DjangoModelFactory):
    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    help_request = factory.SubFactory(HelpRequestFactory, status=RequestStatus.IN_CONVERSATION,
                                      assigned_worker=factory.SelfAttribute("..worker"))
    household = factory.LazyAttribute(lambda c: c.help_request.household)
    worker = factory.SubFactory(UserFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    updated_by = factory.SelfAttribute("worker")
    own_strength = "Dochter komt twee keer per week langs."

    class Params:
        finished = factory.Trait(status=ConversationStatus.FINISHED, outcome=ConversationOutcome.SETTLED,
                                 finished_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        """Pass scores={domain_code: score}; every active domain gets a row either way."""
        if not create:
            return
        given = extracted or {}
        SelfRelianceScore.objects.bulk_create(
            SelfRelianceScore(conversation=self, domain=d, score=given.get(d.code))
            for d in LifeDomain.objects.filter(active=True)
        )

