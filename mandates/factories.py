"""factory-boy factories for the catalogue, mandates and decisions (tests and demo data)."""

import datetime
import decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from .models import (
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionOutcome,
    DecisionStatus,
    GeneralProvision,
    Mandate,
    ProductCategory,
    Provision,
    ProvisionPrice,
    Unit,
)


class GeneralProvisionFactory(DjangoModelFactory):
    class Meta:
        model = GeneralProvision
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Algemene voorziening {n}")
    category = "Ontmoeting"


class ProvisionFactory(DjangoModelFactory):
    class Meta:
        model = Provision
        django_get_or_create = ("kind", "name")

    name = "Hulp bij het huishouden"
    kind = DecisionKind.WMO
    category = "Huishouden"
    unit = Unit.HOURS_PER_WEEK
    product_category = factory.LazyFunction(lambda: ProductCategory.objects.get(code="01"))
    product_code = "01A01"
    price = decimal.Decimal("30.00")
    price_from = datetime.date(2020, 1, 1)

    class Params:
        special_assistance = factory.Trait(name="Bijzondere bijstand: witgoed", kind=DecisionKind.SPECIAL_ASSISTANCE,
                                           category="Duurzame gebruiksgoederen", unit=Unit.EURO,
                                           product_category=None, product_code="", price=decimal.Decimal("1.00"))
        debt_help = factory.Trait(name="Toegang schuldhulpverlening", kind=DecisionKind.DEBT_HELP,
                                  category="Schuldhulp", unit=Unit.PIECE, product_category=None, product_code="",
                                  price=decimal.Decimal("0.00"))

    @classmethod
    def _create(cls, model_class, *args, price=None, price_from=None, **kwargs):
        provision = super()._create(model_class, *args, **kwargs)
        if price is not None:
            ProvisionPrice.objects.get_or_create(provision=provision, valid_from=price_from,
                                                 defaults={"amount": price})
        return provision


class MandateFactory(DjangoModelFactory):
    class Meta:
        model = Mandate
        skip_postgeneration_save = True

    kind = DecisionKind.WMO
    valid_from = datetime.date(2024, 1, 1)
    decree_reference = factory.Sequence(lambda n: f"Mandaatbesluit sociaal domein 2024, nr. {n}")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class DecisionFactory(DjangoModelFactory):
    """A prepared decision on a conversation; traits for the other states."""

    class Meta:
        model = Decision

    conversation = None
    help_request = factory.LazyAttribute(lambda o: o.conversation.help_request)
    resident = factory.LazyAttribute(lambda o: o.help_request.resident)
    household = factory.LazyAttribute(lambda o: o.conversation.household)
    kind = DecisionKind.WMO
    outcome = DecisionOutcome.GRANTED
    start_on = factory.LazyFunction(timezone.localdate)
    reasoning = "Mevrouw kan het huishouden niet meer zelf doen; haar netwerk helpt al met boodschappen."
    legal_ground = "Wmo 2015, artikel 2.3.5"
    melding_on = factory.LazyAttribute(lambda o: o.help_request.first_contact_on)
    application_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda o: o.application_on + datetime.timedelta(days=14))
    prepared_by = factory.LazyAttribute(lambda o: o.conversation.worker)
    total_cost = decimal.Decimal("0")

    class Params:
        awaiting = factory.Trait(status=DecisionStatus.AWAITING_APPROVAL, submitted_at=factory.LazyFunction(timezone.now))


class DecisionLineFactory(DjangoModelFactory):
    class Meta:
        model = DecisionLine

    provision = factory.SubFactory(ProvisionFactory)
    volume = decimal.Decimal("3")
    unit = factory.LazyAttribute(lambda o: o.provision.unit)
    unit_price = decimal.Decimal("30.00")
    cost = factory.LazyAttribute(lambda o: o.volume * o.unit_price)
