"""The figures of plans, referrals and self-reliance against hand-computed fixtures: March 2026
in zone Centrum, with rows just outside the period and in another zone."""

import pytest
from django.utils import translation

from cases.models import FollowUpResult
from partners.factories import OrganisationFactory, ReferralFactory, ServiceFactory
from partners.models import ReferralStatus
from reporting.figures import cases as case_figures
from reporting.figures import referrals as referral_figures
from reporting.figures import scores as score_figures
from reporting.figures.base import Scope
from tests.reporting.figure_builders import (
    MARCH,
    case,
    day,
    evaluation,
    follow_up,
    resident_in,
    row,
    table,
    visit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scope(zone):
    return Scope(*MARCH, zone_id=zone.id)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def residents(zone):
    return resident_in(zone), resident_in(zone), resident_in(zone)


def test_complex_cases_share_of_plans_opened(residents, zone, other_zone, worker, stranger, scope):
    a, b, c = residents

    def plan(member, opened_on, complex_decision, **kwargs):
        conv = visit(member, member.household.zone, worker, on=day(1, 1), held_on=day(2, 1))
        return case(conv, opened_on=opened_on, complex_decision=complex_decision, **kwargs)

    plan(a, day(1), True)
    plan(a, day(15), True, closed=True)  # the same household's earlier, closed plan: same resident
    plan(b, day(31), False)
    plan(c, day(20), None)
    plan(resident_in(zone), day(28, 2), True)  # opened before the period
    plan(resident_in(other_zone), day(10), True)

    section = case_figures.complex_cases(scope)

    assert [r[1:] for r in table(section)] == [
        [(4, 3), (100.0, 3)], [(2, 1), (50.0, 3)], [(1, 1), (25.0, 3)]]


def test_follow_up_results_by_moment(residents, zone, other_zone, worker, scope):
    a, b, c = residents
    cases = [case(visit(m, zone, worker, on=day(1, 1), held_on=day(2, 1)), opened_on=day(3, 1), closed=True)
             for m in (a, b, c)]
    follow_up(cases[0], worker, months=3, done_on=day(5), result=FollowUpResult.GOING_WELL)
    follow_up(cases[0], worker, months=12, done_on=day(6), result=FollowUpResult.CONCERNS)
    follow_up(cases[1], worker, months=3, done_on=day(7), result=FollowUpResult.NEEDS_SUPPORT)
    follow_up(cases[2], worker, months=3, done_on=day(31), result=FollowUpResult.GOING_WELL)
    follow_up(cases[2], worker, months=12, done_on=day(1, 4), result=FollowUpResult.NEEDS_SUPPORT)  # after
    elsewhere = case(visit(resident_in(other_zone), other_zone, worker, on=day(1, 1), held_on=day(2, 1)),
                     opened_on=day(3, 1), closed=True)
    follow_up(elsewhere, worker, months=3, done_on=day(5), result=FollowUpResult.NEEDS_SUPPORT)

    section = case_figures.follow_up_results(scope)

    # Columns: going well, concerns, needs support (shares), contacts.
    assert [r[1:] for r in table(section)] == [
        [(66.7, 3), (0.0, 3), (33.3, 3), (3, 3)],
        [(0.0, 1), (100.0, 1), (0.0, 1), (1, 1)],
        [(50.0, 3), (25.0, 3), (25.0, 3), (4, 3)],
    ]


def test_referrals_by_partner_and_outcome(residents, zone, other_zone, worker, stranger, scope):
    a, b, c = residents
    debts, welfare = OrganisationFactory(name="Schuldhulp Noord"), OrganisationFactory(name="Welzijn Centrum")
    to_debts, to_welfare = ServiceFactory(organisation=debts), ServiceFactory(organisation=welfare)
    conv = {m: visit(m, zone, worker, on=day(1), held_on=day(2)) for m in (a, b, c)}
    ReferralFactory(conversation=conv[a], service=to_debts, sent_on=day(3))
    ReferralFactory(conversation=conv[a], service=to_debts, sent_on=day(4), finished=True)
    ReferralFactory(conversation=conv[b], service=to_debts, sent_on=day(5), declined=True)
    ReferralFactory(conversation=conv[b], service=to_welfare, sent_on=day(6), status=ReferralStatus.ACCEPTED)
    ReferralFactory(conversation=conv[c], service=to_welfare, sent_on=day(31), status=ReferralStatus.STARTED)
    ReferralFactory(conversation=conv[c], service=to_welfare, sent_on=day(28, 2))  # before the period
    there = visit(resident_in(other_zone), other_zone, stranger, on=day(1), held_on=day(2))
    ReferralFactory(conversation=there, service=to_welfare, sent_on=day(3))

    section = referral_figures.referrals_by_partner(scope)

    # Columns: awaiting an answer, declined, under way, finished, all referrals.
    assert table(section)[:2] == [
        ["Schuldhulp Noord", (1, 1), (1, 1), (0, 0), (1, 1), (3, 2)],
        ["Welzijn Centrum", (0, 0), (0, 0), (2, 2), (0, 0), (2, 2)],
    ]
    assert table(section)[2][1:] == [(1, 1), (1, 1), (2, 2), (1, 1), (5, 3)]


def test_self_reliance_change_compares_intake_with_the_latest_evaluation(residents, zone, other_zone, worker,
                                                                         scope):
    a, b, c = residents
    plan_a = case(visit(a, zone, worker, on=day(1, 1), held_on=day(2, 1),
                        scores={"financien": 2, "werk-en-opleiding": 3}), opened_on=day(3, 1))
    evaluation(plan_a, worker, held_on=day(15, 2), scores={"financien": 3})
    evaluation(plan_a, worker, held_on=day(10), scores={"financien": 4, "werk-en-opleiding": 3})
    evaluation(plan_a, worker, held_on=day(20), scores={"financien": 3})  # the latest in the period
    evaluation(plan_a, worker, held_on=day(5, 4), scores={"financien": 5})  # after the period
    plan_b = case(visit(b, zone, worker, on=day(1, 1), held_on=day(2, 1), scores={"financien": 1}),
                  opened_on=day(3, 1))
    # Work was not scored at intake: no pair, no change to measure.
    evaluation(plan_b, worker, held_on=day(5), scores={"financien": 1, "werk-en-opleiding": 4})
    plan_c = case(visit(c, zone, worker, on=day(1, 1), held_on=day(2, 1), scores={"financien": 2}),
                  opened_on=day(3, 1))
    evaluation(plan_c, worker, held_on=day(20, 2), scores={"financien": 4})  # evaluated before the period only
    plan_there = case(visit(resident_in(other_zone), other_zone, worker, on=day(1, 1), held_on=day(2, 1),
                            scores={"financien": 1}), opened_on=day(3, 1))
    evaluation(plan_there, worker, held_on=day(10), scores={"financien": 5})

    section = score_figures.self_reliance_change(scope)

    # Columns: pairs, mean at intake, mean at the latest evaluation, mean change, share improved.
    assert row(section, "Financiën") == [(2, 2), (1.5, 2), (2.0, 2), (0.5, 2), (50.0, 2)]
    assert row(section, "Werk en opleiding") == [(1, 1), (3.0, 1), (3.0, 1), (0.0, 1), (0.0, 1)]
    assert table(section)[-1][1:] == [(3, 2), (2.0, 2), (2.33, 2), (0.33, 2), (33.3, 2)]
    assert len(table(section)) == 3
