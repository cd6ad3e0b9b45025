"""Fixtures of the plans tests, on top of the personas in tests/conftest.py."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role
from cases import services
from cases.factories import CaseTypeFactory
from intake import factories as intake_factories
from intake.factories import ConversationFactory
from intake.models import ConversationOutcome, ConversationStatus
from partners.factories import OrganisationFactory

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _fresh_test_bsn_pool():
    """intake.factories hands out the ~900 test-range BSNs from one iterator per session; every test
    here runs in a rolled-back transaction, so after it all numbers are free again: restart the
    iterator so the plan tests never use up the numbers other tests need."""
    yield
    intake_factories._bsn_pool = intake_factories.iter_test_bsns()


@pytest.fixture
def plan_conversation(help_request, worker):
    """A finished conversation that needs a plan: money and housing scored low, in the resident's words."""
    conversation = ConversationFactory(
        help_request=help_request, worker=worker, status=ConversationStatus.FINISHED,
        outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now(),
        outcome_note="Weer rust in huis en de schulden op een rij.",
        scores={"financien": 2, "huisvesting": 3, "sociaal-netwerk": 4},
    )
    conversation.scores.filter(domain__code="financien").update(note="Ik wil de rekeningen weer zelf betalen.")
    return conversation


@pytest.fixture
def case_type(db):
    return CaseTypeFactory(code="safety-at-home", name="Gezin na onderzoek veiligheid thuis",
                           follow_up_months=[3, 12, 18])


@pytest.fixture
def case(plan_conversation, worker, case_type):
    return services.case_open(user=worker, request=None, conversation=plan_conversation, case_type=case_type,
                              today=timezone.localdate())


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Schuldhulpmaatje Meerhoven", kind="debt_counselling")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Welzijn Meerhoven", kind="welfare")


@pytest.fixture
def debt_partner(organisation):
    """A partner worker of the organisation the plan is shared with."""
    return UserFactory(username="ronald", role=Role.PARTNER_WORKER, organisation=organisation)


@pytest.fixture
def life_domains_loaded(transactional_db):
    """transaction=True tests flush the database, data migrations included: put the domains back."""
    import importlib

    from django.apps import apps

    importlib.import_module("intake.migrations.0002_life_domains").add_domains(apps, None)


@pytest.fixture
def partner_action(case, worker, organisation):
    """An action of the plan carried out by the partner organisation (budget coaching)."""
    from cases import services

    return services.action_add(user=worker, request=None, case=case, expected_version=case.version,
                               description="Budgetcoaching", actor="partner", organisation=organisation,
                               due_on=timezone.localdate() + datetime.timedelta(days=30))
