"""Fixtures of the mandates tests: a finished conversation that needs a decision, a catalogue
and mandates. The personas come from tests/conftest.py."""

import datetime
import decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from intake.factories import ConversationFactory, MembershipFactory
from intake.models import ConversationOutcome
from mandates import services
from mandates.factories import MandateFactory, ProvisionFactory
from mandates.models import DecisionKind, DecisionOutcome, Delivery, ProductCategory


@pytest.fixture
def membership(zone):
    """As tests/conftest.py, but without a BSN: intake's pool of ~900 test BSNs is shared by the
    whole test session and each draw uses one up, so these tests leave it to the intake tests."""
    return MembershipFactory(household__zone=zone, household__postcode="8441AB", resident__bsn=None)


@pytest.fixture
def needs_decision(help_request, worker):
    """The kitchen-table conversation is finished: household help needs a decision."""
    return ConversationFactory(help_request=help_request, worker=worker, finished=True,
                               outcome=ConversationOutcome.NEEDS_DECISION)


@pytest.fixture
def household_help(db):
    """Household help: EUR 30 an hour from 2020, EUR 32 from 1 January 2026."""
    provision = ProvisionFactory()
    provision.prices.get_or_create(valid_from=datetime.date(2026, 1, 1), defaults={"amount": decimal.Decimal("32.00")})
    return provision


@pytest.fixture
def white_goods(db):
    return ProvisionFactory(special_assistance=True)


@pytest.fixture
def worker_mandate(worker):
    """Anna decides Wmo household help (category 01) up to EUR 5 000 a decision."""
    return MandateFactory(holder=worker, kind=DecisionKind.WMO, max_amount=decimal.Decimal("5000"),
                          categories=[ProductCategory.objects.get(code="01")])


@pytest.fixture
def leader_mandate(team_leader):
    """Team leaders (the role) decide any Wmo provision up to EUR 50 000."""
    return MandateFactory(holder_role=Role.TEAM_LEADER, kind=DecisionKind.WMO, max_amount=decimal.Decimal("50000"))


def household_help_input(provision, *, hours="3", weeks=26, outcome=DecisionOutcome.GRANTED,
                         start=None) -> services.DecisionInput:
    start = start or timezone.localdate()
    return services.DecisionInput(
        kind=DecisionKind.WMO, outcome=outcome, delivery=Delivery.IN_KIND, start_on=start,
        end_on=start + datetime.timedelta(weeks=weeks, days=-1), application_on=timezone.localdate(),
        reasoning="Mevrouw kan na haar heupoperatie het huishouden niet zelf doen.",
        legal_ground="Wmo 2015, artikel 2.3.5", lines=(services.LineInput(provision=provision,
                                                                          volume=decimal.Decimal(hours)),))


@pytest.fixture
def prepare(needs_decision, household_help):
    def _prepare(user=None, **kwargs):
        return services.decision_prepare(user=user or needs_decision.worker, request=None,
                                         conversation=needs_decision,
                                         data=household_help_input(household_help, **kwargs))
    return _prepare


def lines(*rows) -> dict:
    """POST data of the decision form's provision rows (a Django formset with prefix "lines")."""
    data = {"lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "3"}
    for i, (provision, volume) in enumerate(rows):
        data[f"lines-{i}-provision"] = provision.pk
        data[f"lines-{i}-volume"] = volume
    return data


@pytest.fixture
def sent(prepare, worker, worker_mandate):
    """A decision prepared and decided under the worker's mandate."""
    decision = prepare()
    return services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                                    today=timezone.localdate())


@pytest.fixture
def assistance(needs_decision, white_goods, worker):
    """Special assistance (a washing machine in kind) prepared, not yet sent."""
    data = services.DecisionInput(
        kind=DecisionKind.SPECIAL_ASSISTANCE, outcome=DecisionOutcome.GRANTED, delivery=Delivery.IN_KIND,
        start_on=datetime.date(2026, 2, 6), end_on=None, application_on=datetime.date(2026, 2, 6),
        reasoning="De wasmachine is kapot en er is geen reserve.", legal_ground="Participatiewet, artikel 35",
        lines=(services.LineInput(provision=white_goods, volume=decimal.Decimal("650")),))
    return services.decision_prepare(user=worker, request=None, conversation=needs_decision, data=data)
