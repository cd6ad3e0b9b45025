"""Partner-network fixtures on top of the shared personas (tests/conftest.py)."""

from __future__ import annotations

import pytest

from accounts.factories import UserFactory
from accounts.models import Role
from intake.factories import MembershipFactory
from partners.factories import OrganisationFactory, PersonFactory, ReferralFactory, ServiceFactory
from partners.models import OrganisationKind


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def membership(zone):
    """As the shared fixture, without a BSN: the ~900 test-range BSNs are one pool for the whole
    session, and the intake tests that run after these need theirs."""
    return MembershipFactory(household__zone=zone, household__postcode="8441AB", resident__bsn=None)


@pytest.fixture
def debt_org(db):
    return OrganisationFactory(name="Schuldhulpmaatje Meerhoven", kind=OrganisationKind.DEBT_COUNSELLING)


@pytest.fixture
def welfare_org(db):
    return OrganisationFactory(name="Welzijn Meerhoven", kind=OrganisationKind.WELFARE)


@pytest.fixture
def debt_service(debt_org):
    return ServiceFactory(organisation=debt_org, name="Schuldhulp en budgetcoaching")


@pytest.fixture
def debt_partner(debt_org):
    """A partner worker of the organisation the resident is referred to."""
    return UserFactory(username="ronald", first_name="Ronald", last_name="Mulder", role=Role.PARTNER_WORKER,
                       organisation=debt_org)


@pytest.fixture
def welfare_partner(welfare_org):
    """A partner worker of another organisation: must not see the referral."""
    return UserFactory(username="wieke", role=Role.PARTNER_WORKER, organisation=welfare_org)


@pytest.fixture
def counsellor(debt_org, zone, debt_partner):
    return PersonFactory(organisation=debt_org, name="Ronald Mulder", job_title="Schuldhulpverlener",
                         expertise=["schuldhulp", "budgetbeheer"], zones=[zone], user=debt_partner)


@pytest.fixture
def referral(conversation, debt_service, counsellor):
    return ReferralFactory(conversation=conversation, service=debt_service, partner_contact=counsellor)
