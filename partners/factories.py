import factory
from factory.django import DjangoModelFactory

from .models import Organisation, OrganisationKind


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partnerorganisatie {n}")
    kind = OrganisationKind.WELFARE
