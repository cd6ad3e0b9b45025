"""Every registered figure: a constant, small number of queries whatever the data size, output
that the engine can store as JSON, and no personal data in it."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases.models import FollowUpResult
from intake.factories import next_test_bsn
from intake.models import LifeDomain
from mandates.factories import GeneralProvisionFactory, ProvisionFactory
from mandates.models import DecisionKind, ObjectionOutcome, OfferedGeneralProvision
from partners.factories import ReferralFactory
from reporting.figures import registered_figures
from reporting.figures.base import Scope
from tests.reporting.figure_builders import (
    MARCH,
    case,
    day,
    evaluation,
    follow_up,
    help_request,
    objection,
    resident_in,
    sent_decision,
    visit,
)

pytestmark = pytest.mark.django_db

FIGURES = dict(registered_figures())
OWN_FIGURES = ["requests_by_channel", "requests_by_life_domain", "settled_at_intake", "time_to_home_visit",
               "debt_signals", "decisions_by_kind", "decision_terms", "objections", "general_provisions",
               "customised_provisions", "complex_cases", "referrals_by_partner", "self_reliance_change",
               "follow_up_results"]


def build(n, *, zone, worker, with_bsn=False):
    """n households in the zone, each with a row for every figure in March 2026."""
    finance = LifeDomain.objects.get(code="financien")
    provision = ProvisionFactory()
    general = GeneralProvisionFactory(name="Maaltijdservice")
    members = []
    for i in range(n):
        member = resident_in(zone, bsn=next_test_bsn() if with_bsn else None)
        members.append(member)
        help_request(member, zone, on=day(2), settled=True, settled_by="general_provision", life_domains=[finance])
        conv = visit(member, zone, worker, on=day(3), held_on=day(5 + i % 10), arrears=["rent"],
                     scores={"financien": 2})
        decision = sent_decision(conv, worker, sent_on=day(20), kind=DecisionKind.WMO, lines=((provision, "100"),))
        objection(decision, worker, received_on=day(25), outcome=ObjectionOutcome.UNFOUNDED)
        OfferedGeneralProvision.objects.create(conversation=conv, provision=general, recorded_by=worker)
        ReferralFactory(conversation=conv, sent_on=day(6))
        plan = case(conv, opened_on=day(7), complex_decision=True, closed=True)
        evaluation(plan, worker, held_on=day(15), scores={"financien": 3})
        follow_up(plan, worker, months=3, done_on=day(28), result=FollowUpResult.GOING_WELL)
    return members


def queries_of(function, scope) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function(scope)
    return len(ctx.captured_queries)


def test_the_figures_of_this_module_set_are_registered_in_report_order():
    keys = [key for key, _function in registered_figures()]
    assert [key for key in keys if key in OWN_FIGURES] == OWN_FIGURES


@pytest.mark.parametrize("key", OWN_FIGURES)
def test_a_figure_costs_at_most_two_queries_with_2_and_7_households(key, zone, worker,
                                                                     django_assert_max_num_queries):
    scope = Scope(*MARCH, zone_id=zone.id)
    build(2, zone=zone, worker=worker)
    small = queries_of(FIGURES[key], scope)
    build(5, zone=zone, worker=worker)
    assert small <= 2
    with django_assert_max_num_queries(small):
        FIGURES[key](scope)


@pytest.mark.parametrize("zone_scoped", [False, True])
def test_every_figure_is_json_and_names_no_resident(zone_scoped, zone, worker):
    members = build(2, zone=zone, worker=worker, with_bsn=True)
    scope = Scope(*MARCH, zone_id=zone.id if zone_scoped else None)
    with translation.override("nl"):
        output = json.dumps([function(scope).as_json() for _key, function in registered_figures()])
    assert '"value": 2' in output  # the fixture shows up in the figures, so the check below means something
    for member in members:
        resident, household = member.resident, member.household
        assert resident.bsn and resident.bsn not in output
        assert resident.full_name not in output
        assert household.postcode not in output and household.postcode_display not in output
        for form in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            assert resident.date_of_birth.strftime(form) not in output
