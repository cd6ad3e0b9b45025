"""Named personas and shared fixtures. Tests run against the real PostgreSQL (and Redis for
the cache)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.factories import PostcodeAreaFactory, TeamFactory, UserFactory, ZoneFactory
from accounts.models import Role
from accounts.testing import log_in
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Stad")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Team Dorpen")


@pytest.fixture
def zone(team):
    zone = ZoneFactory(name="Centrum", code="centrum", team=team)
    PostcodeAreaFactory(prefix="8441", zone=zone)
    return zone


@pytest.fixture
def other_zone(other_team):
    zone = ZoneFactory(name="Dorpen Zuid", code="dorpen-zuid", team=other_team)
    PostcodeAreaFactory(prefix="8456", zone=zone)
    return zone


@pytest.fixture
def worker(zone, team):
    """The meitinker who owns the case: works in the resident's zone."""
    return UserFactory(username="anna", first_name="Anna", last_name="de Boer", team=team, zones=[zone])


@pytest.fixture
def colleague(zone, team):
    """Another meitinker of the same zone (may stand in)."""
    return UserFactory(username="bauke", first_name="Bauke", last_name="Hoekstra", team=team, zones=[zone])


@pytest.fixture
def stranger(other_zone, other_team):
    """A meitinker from another zone and team: must not see the resident."""
    return UserFactory(username="jikke", first_name="Jikke", last_name="Wiersma", team=other_team,
                       zones=[other_zone])


@pytest.fixture
def team_leader(team):
    return UserFactory(username="teamleider", role=Role.TEAM_LEADER, team=team)


@pytest.fixture
def other_team_leader(other_team):
    return UserFactory(username="teamleider-dorpen", role=Role.TEAM_LEADER, team=other_team)


@pytest.fixture
def council_member(db):
    return UserFactory(username="raadslid", council_member=True)


@pytest.fixture
def administrator(db):
    return UserFactory(username="beheerder", administrator=True)


@pytest.fixture
def partner_worker(db):
    return UserFactory(username="partner", partner_worker=True)


@pytest.fixture
def membership(zone):
    return MembershipFactory(household__zone=zone, household__postcode="8441AB")


@pytest.fixture
def resident(membership):
    return membership.resident


@pytest.fixture
def household(membership):
    return membership.household


@pytest.fixture
def help_request(membership, zone, worker):
    return HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                              assigned=True, assigned_worker=worker)


@pytest.fixture
def conversation(help_request, worker):
    return ConversationFactory(help_request=help_request, worker=worker)


def login(user) -> Client:
    """A client logged in with both factors (accounts.testing.log_in)."""
    return log_in(Client(), user)


@pytest.fixture
def as_user():
    return login
