"""Fixtures of the council report tests: small figures registered for the test only (the real
figures are written elsewhere and may not exist yet), a plan with a named household, reports in
each state."""

from __future__ import annotations

import datetime

import pytest

from intake.factories import MembershipFactory
from intake.models import Relation
from reporting import services
from reporting.figures import base
from reporting.models import PeriodKind
from tests.cases.conftest import _fresh_test_bsn_pool, case, case_type, plan_conversation  # noqa: F401
from tests.reporting.figures_for_tests import costs, requests_by_channel

QUARTER = (2026, 3)
IN_QUARTER = datetime.date(2026, 8, 14)


@pytest.fixture
def test_figures():
    """Only the two figures above, for the length of the test; the real registry is put back after."""
    saved = dict(base._registry)
    base._registry.clear()
    base.figure("test-requests", order=1)(requests_by_channel)
    base.figure("test-costs", order=2)(costs)
    yield
    base._registry.clear()
    base._registry.update(saved)


def make_requests(n: int, *, zone, channel: str = "phone", day: datetime.date = IN_QUARTER):
    from intake.factories import HelpRequestFactory

    for _ in range(n):
        membership = MembershipFactory(household__zone=zone)
        HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                           channel=channel, first_contact_on=day)


@pytest.fixture
def draft_report(test_figures, team_leader, zone):
    make_requests(5, zone=zone, channel="phone")
    make_requests(4, zone=zone, channel="walk_in")
    report = services.report_request(user=team_leader, request=None, period_kind=PeriodKind.QUARTER,
                                     year=QUARTER[0], quarter=QUARTER[1], zone=None, enqueue=False)
    return services.report_generate_run(report_id=report.pk)


@pytest.fixture
def published_report(draft_report, team_leader):
    return services.report_publish(user=team_leader, request=None, report=draft_report)


@pytest.fixture
def named_case(case, household, resident):  # noqa: F811 - the imported fixture
    """The plan's household with known identifying data, and a second member."""
    household.street, household.house_number, household.postcode = "Tjaskerwei", "12", "8441AB"
    household.save()
    resident.first_names, resident.surname_prefix, resident.surname = "Sjoukje Maria", "", "Terpstra"
    resident.date_of_birth, resident.bsn = datetime.date(1961, 4, 3), "999998018"
    resident.save()
    MembershipFactory(household=household, relation=Relation.CHILD, resident__first_names="Jelle",
                      resident__surname="Terpstra", resident__date_of_birth=datetime.date(2012, 9, 30))
    return case


CLEAN = {"asked": "Een moeder met twee kinderen liep vast met rekeningen en de zorg voor haar zoon.",
         "done": "Samen met de schuldhulp een plan gemaakt; de zoon gaat naar dagbesteding.",
         "result": "De rekeningen worden weer betaald en de moeder heeft weer rust."}


@pytest.fixture
def submitted_example(named_case, worker):
    example = services.example_create(user=worker, request=None, case=named_case, **CLEAN)
    return services.example_submit(user=worker, request=None, example=example, expected_version=example.version)


@pytest.fixture
def approved_example(submitted_example, team_leader):
    return services.example_review(user=team_leader, request=None, example=submitted_example, approve=True)


def opened_in_quarter(plan) -> None:
    type(plan).objects.filter(pk=plan.pk).update(opened_on=IN_QUARTER)

