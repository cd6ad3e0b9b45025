"""Fixtures of the reporting tests.

Team dashboard: a small hand-counted caseload (expected figures in the tests). Team Stad has
zones Centrum and Noord and meitinkers Anna (anna) and Bauke (bauke); Jikke (stranger) works in
Dorpen Zuid for the other team. Dates are relative to today so the overdue and due-soon
boundaries fall on known days.

Council reports: small figures registered for the test only, a plan with a named household,
reports in each state."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.factories import ZoneFactory
from cases.factories import CaseFactory, FollowUpFactory
from cases.models import Case
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import HelpRequest, Relation, RequestStatus
from mandates.factories import DecisionFactory
from mandates.models import ClockKind, LegalClock
from reporting import services
from reporting.figures import base
from reporting.models import PeriodKind
from tests.cases.conftest import _fresh_test_bsn_pool, case, case_type, plan_conversation  # noqa: F401
from tests.reporting.figures_for_tests import costs, requests_by_channel

QUARTER = (2026, 3)
IN_QUARTER = datetime.date(2026, 8, 14)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_request(*, zone, worker=None, status=RequestStatus.ASSIGNED, first_contact: int = 0,
                 planned: bool = False) -> HelpRequest:
    first_contact_on = days(first_contact)
    return HelpRequestFactory(zone=zone, assigned_worker=worker, status=status, first_contact_on=first_contact_on,
                              visit_due_on=first_contact_on + datetime.timedelta(days=7),
                              visit_planned_at=timezone.now() if planned else None,
                              **({"settled_by": "information"} if status == RequestStatus.SETTLED else {}))


def make_case(*, zone, director, complex_decision=None, next_evaluation: int = 30, opened: int = -30,
              closed: bool = False) -> Case:
    return CaseFactory(conversation__worker=director, conversation__help_request__zone=zone,
                       conversation__help_request__status=RequestStatus.COMPLETED, director=director,
                       complex_decision=complex_decision, next_evaluation_on=days(next_evaluation),
                       opened_on=days(opened), closed=closed)


def make_clock(help_request: HelpRequest, *, due: int, kind=ClockKind.WMO_INVESTIGATION,
               stopped: int | None = None) -> LegalClock:
    """Registering a request already started its Wmo investigation clock (six weeks ahead, never
    due soon here): set that clock's dates rather than adding a second one."""
    clock, _created = LegalClock.objects.update_or_create(
        help_request=help_request, kind=kind,
        defaults={"started_on": days(min(due, 0) - 10), "due_on": days(due),
                  "stopped_on": days(stopped) if stopped is not None else None})
    return clock


@dataclass
class Caseload:
    r1: HelpRequest
    r2: HelpRequest
    r3: HelpRequest
    r4: HelpRequest
    r6: HelpRequest
    r8: HelpRequest
    c1: Case
    c2: Case
    c3: Case


@pytest.fixture
def zone_noord(team):
    return ZoneFactory(name="Noord", code="noord", team=team)


@pytest.fixture
def caseload(zone, zone_noord, other_zone, worker, colleague, stranger) -> Caseload:
    anna, bauke = worker, colleague
    # Requests. r1: overdue visit, planned; r2: due in 5 days; r3: in conversation (the promise
    # is kept once it starts); r4: unassigned and overdue; r5: settled (not open); r6: Anna's in
    # another team's zone; r7: invisible; r8: the team's zone, another team's worker.
    r1 = make_request(zone=zone, worker=anna, first_contact=-10, planned=True)
    r2 = make_request(zone=zone, worker=anna, first_contact=-2)
    r3 = make_request(zone=zone_noord, worker=bauke, status=RequestStatus.IN_CONVERSATION, first_contact=-20)
    r4 = make_request(zone=zone, status=RequestStatus.NEW, first_contact=-8)
    r5 = make_request(zone=zone, worker=anna, status=RequestStatus.SETTLED, first_contact=-3)
    r6 = make_request(zone=other_zone, worker=anna, first_contact=0)
    r7 = make_request(zone=other_zone, worker=stranger, first_contact=-10)
    r8 = make_request(zone=zone_noord, worker=stranger, first_contact=-1)

    # Plans. c1: complex, evaluation due today; c2: not complex, evaluation tomorrow; c3: not
    # decided, evaluation overdue; c4: closed, one follow-up due yesterday; c5: invisible.
    c1 = make_case(zone=zone, director=anna, complex_decision=True, next_evaluation=0, opened=-30)
    c2 = make_case(zone=zone, director=anna, complex_decision=False, next_evaluation=1, opened=-5)
    c3 = make_case(zone=zone_noord, director=bauke, next_evaluation=-10, opened=-60)
    c4 = make_case(zone=zone, director=anna, closed=True, opened=-400)
    FollowUpFactory(case=c4, months=3, due_on=days(-1))
    FollowUpFactory(case=c4, months=12, due_on=days(300))
    FollowUpFactory(case=c4, months=18, due_on=days(-30), status="done", result="going_well", done_on=days(-30))
    make_case(zone=other_zone, director=stranger, next_evaluation=-1)

    # Legal clocks (due soon = within DecisionSettings.due_soon_days, 5 by default).
    make_clock(r1, due=-1)                      # overdue
    make_clock(r2, due=5)                       # due soon, on the boundary
    make_clock(r3, due=6)                       # running, not yet due soon
    make_clock(r4, due=0)                       # due soon today, not overdue
    make_clock(r2, due=-3, kind=ClockKind.DEBT_FIRST_CONVERSATION, stopped=-4)  # done in time
    make_clock(r5, due=-1)                      # the request was settled: no clock runs
    make_clock(r7, due=-1)                      # invisible

    # Decisions: one routed to a mandated colleague (Bauke's, Noord), one still a draft.
    DecisionFactory(conversation=ConversationFactory(help_request=r3, worker=bauke), awaiting=True)
    DecisionFactory(conversation=c1.conversation)
    return Caseload(r1=r1, r2=r2, r3=r3, r4=r4, r6=r6, r8=r8, c1=c1, c2=c2, c3=c3)


@contextlib.contextmanager
def only_figures(*figures: tuple[str, int, Callable]) -> Iterator[None]:
    """Only these figures (key, order, function) are registered inside the block; the real
    registry is put back after."""
    saved = dict(base._registry)
    base._registry.clear()
    for key, order, function in figures:
        base.figure(key, order=order)(function)
    try:
        yield
    finally:
        base._registry.clear()
        base._registry.update(saved)


@pytest.fixture
def test_figures():
    """Only the two figures above, for the length of the test."""
    with only_figures(("test-requests", 1, requests_by_channel), ("test-costs", 2, costs)):
        yield


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

