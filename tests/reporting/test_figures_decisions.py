"""The decision figures against hand-computed fixtures: decisions sent in March 2026 in zone
Centrum, with rows just outside the period and in another zone."""

import pytest
from django.utils import translation

from mandates.factories import GeneralProvisionFactory, ProvisionFactory
from mandates.models import DecisionKind, DecisionOutcome, ObjectionOutcome, OfferedGeneralProvision
from reporting.figures import decisions as figures
from reporting.figures.base import Scope
from tests.reporting.figure_builders import (
    MARCH,
    day,
    help_request,
    objection,
    resident_in,
    row,
    sent_decision,
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
def two_residents(zone, worker):
    """Two residents of the zone, the first with two conversations."""
    a, b = resident_in(zone), resident_in(zone)
    return (visit(a, zone, worker, on=day(1), held_on=day(2)), visit(a, zone, worker, on=day(1), held_on=day(3)),
            visit(b, zone, worker, on=day(1), held_on=day(4)))


@pytest.fixture
def elsewhere(other_zone, stranger):
    return visit(resident_in(other_zone), other_zone, stranger, on=day(1), held_on=day(2))


def test_decisions_by_kind_and_outcome(two_residents, elsewhere, worker, stranger, scope):
    a1, a2, b = two_residents
    sent_decision(a1, worker, sent_on=day(1))
    sent_decision(a2, worker, sent_on=day(31), outcome=DecisionOutcome.REFUSED)
    sent_decision(b, worker, sent_on=day(10))
    sent_decision(b, worker, sent_on=day(11), kind=DecisionKind.SPECIAL_ASSISTANCE, outcome=DecisionOutcome.PARTLY)
    sent_decision(b, worker, sent_on=day(1, 4))  # after the period
    sent_decision(elsewhere, stranger, sent_on=day(10))

    section = figures.decisions_by_kind(scope)

    # Columns: granted, partly, refused, total.
    assert row(section, str(DecisionKind.WMO.label)) == [(2, 2), (0, 0), (1, 1), (3, 2)]
    assert row(section, str(DecisionKind.SPECIAL_ASSISTANCE.label)) == [(0, 0), (1, 1), (0, 0), (1, 1)]
    assert row(section, str(DecisionKind.DEBT_HELP.label)) == [(0, 0), (0, 0), (0, 0), (0, 0)]


def test_decision_terms_measure_from_application_to_sending(two_residents, elsewhere, worker, stranger, scope):
    a1, a2, b = two_residents
    # Wmo: 7 and 16 days (median 11.5), due on day 14 after the application: one late.
    sent_decision(a1, worker, application_on=day(1), sent_on=day(8), due_on=day(15))
    sent_decision(a2, worker, application_on=day(1), sent_on=day(17), due_on=day(15))
    sent_decision(b, worker, kind=DecisionKind.SPECIAL_ASSISTANCE, application_on=day(1, 2), sent_on=day(2),
                  due_on=day(29, 3))
    sent_decision(b, worker, application_on=day(1, 2), sent_on=day(28, 2), due_on=day(15, 2))  # before the period
    sent_decision(elsewhere, stranger, application_on=day(1), sent_on=day(30), due_on=day(15))

    section = figures.decision_terms(scope)

    assert row(section, str(DecisionKind.WMO.label))[1:] == [(2, 1), (11.5, 1), (50.0, 1)]
    assert row(section, str(DecisionKind.SPECIAL_ASSISTANCE.label))[1:] == [(1, 1), (29.0, 1), (100.0, 1)]
    assert row(section, str(DecisionKind.DEBT_HELP.label))[1:] == [(0, 0), (None, 0), (None, 0)]


def test_objections_by_outcome_and_share_of_decisions_objected_to(two_residents, elsewhere, worker, stranger, scope):
    a1, a2, b = two_residents
    first = sent_decision(a1, worker, sent_on=day(2))
    second = sent_decision(a2, worker, sent_on=day(3))
    sent_decision(b, worker, sent_on=day(4))
    earlier = sent_decision(b, worker, sent_on=day(20, 1))
    objection(first, worker, received_on=day(10))
    objection(first, worker, received_on=day(20), outcome=ObjectionOutcome.UNFOUNDED)
    objection(second, worker, received_on=day(1, 4))  # received after the period, yet the decision is objected to
    objection(earlier, worker, received_on=day(25), outcome=ObjectionOutcome.FOUNDED)
    objection(sent_decision(elsewhere, stranger, sent_on=day(2)), stranger, received_on=day(10))

    section = figures.objections(scope)

    assert [r[1] for r in table(section)] == [(1, 1), (1, 1), (1, 1), (0, 0), (3, 2)]
    assert table(section, 1)[1][1:] == [(2, 1), (66.7, 2)]
    assert table(section, 1)[0][1:] == [(3, 2), (100.0, 2)]


def test_general_provisions_count_settled_requests_and_offers(zone, other_zone, worker, stranger, scope):
    a, b = resident_in(zone), resident_in(zone)
    help_request(a, zone, on=day(5), settled=True, settled_by="general_provision")
    help_request(a, zone, on=day(6), settled=True)  # settled with information
    help_request(b, zone, on=day(28, 2), settled=True, settled_by="general_provision")  # before the period
    meals, buddy = GeneralProvisionFactory(name="Maaltijdservice"), GeneralProvisionFactory(name="Maatjesproject")
    conv_a = visit(a, zone, worker, on=day(1), held_on=day(3))
    conv_b = visit(b, zone, worker, on=day(1), held_on=day(4))
    conv_late = visit(b, zone, worker, on=day(1), held_on=day(1, 4))
    conv_there = visit(resident_in(other_zone), other_zone, stranger, on=day(1), held_on=day(4))
    for conv, provision in ((conv_a, meals), (conv_a, buddy), (conv_b, meals), (conv_late, meals),
                            (conv_there, meals)):
        OfferedGeneralProvision.objects.create(conversation=conv, provision=provision, recorded_by=worker)

    section = figures.general_provisions(scope)

    assert [r[1] for r in table(section)] == [(1, 1), (2, 2), (3, 2)]
    assert table(section, 1) == [["Maaltijdservice", (2, 2)], ["Maatjesproject", (1, 1)]]


def test_customised_provisions_sum_the_cost_of_granted_lines(two_residents, elsewhere, worker, stranger, scope):
    a1, a2, b = two_residents
    household_help, white_goods = ProvisionFactory(), ProvisionFactory(special_assistance=True)
    sent_decision(a1, worker, sent_on=day(5), lines=((household_help, "2340.00"),))
    sent_decision(a2, worker, sent_on=day(6), outcome=DecisionOutcome.PARTLY, lines=((household_help, "1000.50"),))
    sent_decision(b, worker, sent_on=day(7), lines=((household_help, "500.00"),))
    sent_decision(b, worker, sent_on=day(8), kind=DecisionKind.SPECIAL_ASSISTANCE, lines=((white_goods, "450.00"),))
    sent_decision(b, worker, sent_on=day(9), outcome=DecisionOutcome.REFUSED, lines=((household_help, "999.00"),))
    sent_decision(b, worker, sent_on=day(1, 4), lines=((household_help, "999.00"),))  # after the period
    sent_decision(elsewhere, stranger, sent_on=day(5), lines=((household_help, "999.00"),))

    section = figures.customised_provisions(scope)

    assert table(section) == [
        [white_goods.name, str(DecisionKind.SPECIAL_ASSISTANCE.label), (1, 1), (450.0, 1)],
        [household_help.name, str(DecisionKind.WMO.label), (3, 2), (3840.5, 2)],
        ["Alle maatwerkvoorzieningen", "", (4, 2), (4290.5, 2)],
    ]
