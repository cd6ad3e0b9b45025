"""The decision figures against hand-computed fixtures: decisions sent in March 2026 in zone
Centrum, with rows just outside the period and in another zone."""

import datetime
import decimal

import pytest
from django.utils import timezone, translation

from intake.factories import ConversationFactory
from intake.models import ConversationOutcome, RequestStatus
from mandates import services as mandate_services
from mandates.factories import GeneralProvisionFactory, MandateFactory, ProvisionFactory
from mandates.models import (
    DecisionKind,
    DecisionOutcome,
    Delivery,
    ObjectionOutcome,
    OfferedGeneralProvision,
    ProductCategory,
    Unit,
)
from reporting.figures import decisions as figures
from reporting.figures import registered_figures
from reporting.figures.base import Scope
from reporting.suppression import suppress_sections
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

    # Columns: decisions on an application, median days, share on time, corrections.
    assert row(section, str(DecisionKind.WMO.label))[1:] == [(2, 1), (11.5, 1), (50.0, 1), (0, 0)]
    assert row(section, str(DecisionKind.SPECIAL_ASSISTANCE.label))[1:] == [(1, 1), (29.0, 1), (100.0, 1), (0, 0)]
    assert row(section, str(DecisionKind.DEBT_HELP.label))[1:] == [(0, 0), (None, 0), (None, 0), (0, 0)]


def test_a_correction_is_counted_apart_from_the_time_to_decision(two_residents, worker, scope):
    """The application of 1 March is decided on time on 10 March (due 15 March); a correction of
    that decision follows on 25 March. A correction answers no application (its term counts from
    the day it is prepared), so it must not count as a second, late, decision on the application:
    it is counted in a column of its own."""
    a1, _a2, _b = two_residents
    original = sent_decision(a1, worker, application_on=day(1), sent_on=day(10), due_on=day(15), start_on=day(10))
    sent_decision(a1, worker, application_on=day(1), sent_on=day(25), due_on=day(15), start_on=day(10),
                  corrects=original)

    section = figures.decision_terms(scope)

    assert row(section, str(DecisionKind.WMO.label))[1:] == [(1, 1), (9.0, 1), (100.0, 1), (1, 1)]


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


def test_a_correction_from_the_same_start_replaces_the_provision_and_its_cost(two_residents, worker, scope):
    """A sent decision cannot change: a correction is a new sent decision and the old one stays
    sent. Corrected from its own start, the old decision never stood: one provision is granted,
    at the corrected cost (not two, at both costs together)."""
    a1, _a2, _b = two_residents
    household_help = ProvisionFactory()
    original = sent_decision(a1, worker, sent_on=day(5), start_on=day(5), lines=((household_help, "2340.00"),))
    sent_decision(a1, worker, sent_on=day(12), start_on=day(5), corrects=original,
                  lines=((household_help, "1170.00"),))

    section = figures.customised_provisions(scope)

    assert table(section) == [
        [household_help.name, str(DecisionKind.WMO.label), (1, 1), (1170.0, 1)],
        ["Alle maatwerkvoorzieningen", "", (1, 1), (1170.0, 1)],
    ]


def test_a_decision_corrected_from_a_later_date_costs_the_weeks_before_it(two_residents, worker, zone):
    """3 hours a week of household help from 2 March for 26 weeks (at EUR 30: EUR 2 340) and a shower
    chair, corrected from 30 March to 2 hours a week (the chair granted again). The 4 weeks of
    3 hours were delivered: EUR 360 is real money. The chair is paid once, so the replaced
    decision's chair counts nothing. The correction was sent in April, and still replaces the
    March decision in March's figures: else March and April would not add up to their sum."""
    a1, _a2, _b = two_residents
    household_help = ProvisionFactory()
    chair = ProvisionFactory(name="Douchestoel", category="Hulpmiddelen", unit=Unit.PIECE)
    end_on = day(2) + datetime.timedelta(weeks=26, days=-1)
    original = sent_decision(a1, worker, sent_on=day(2), start_on=day(2), end_on=end_on,
                             lines=((household_help, "2340.00", "3"), (chair, "30.00", "1")))
    sent_decision(a1, worker, sent_on=day(1, 4), start_on=day(30), end_on=end_on, corrects=original,
                  lines=((household_help, "1320.00", "2"), (chair, "30.00", "1")))

    march = figures.customised_provisions(Scope(*MARCH, zone_id=zone.id))
    april = figures.customised_provisions(Scope(day(1, 4), day(30, 4), zone_id=zone.id))

    assert table(march) == [
        [household_help.name, str(DecisionKind.WMO.label), (1, 1), (360.0, 1)],
        ["Alle maatwerkvoorzieningen", "", (1, 1), (360.0, 1)],
    ]
    assert table(april)[-1] == ["Alle maatwerkvoorzieningen", "", (2, 1), (1350.0, 1)]


def test_through_the_services_a_corrected_decision_counts_once_and_on_time(zone, worker, monkeypatch):
    """The same, with the decisions made by mandates.services as the app makes them: a Wmo
    application of 2 March decided on 6 March (3 hours a week of household help for 26 weeks at
    EUR 32: EUR 2 496), corrected on 27 March to 2 hours a week (EUR 1 664) from the same start.
    One provision granted at EUR 1 664, and the one application decided on time."""
    household_help = ProvisionFactory()
    household_help.prices.get_or_create(valid_from=datetime.date(2026, 1, 1),
                                        defaults={"amount": decimal.Decimal("32.00")})
    MandateFactory(holder=worker, kind=DecisionKind.WMO, max_amount=decimal.Decimal("5000"),
                   categories=[ProductCategory.objects.get(code="01")])
    request = help_request(resident_in(zone), zone, on=day(2), status=RequestStatus.COMPLETED, assigned_worker=worker)
    conv = ConversationFactory(help_request=request, worker=worker, finished=True, held_on=day(2),
                               outcome=ConversationOutcome.NEEDS_DECISION)

    def data(hours: str) -> mandate_services.DecisionInput:
        return mandate_services.DecisionInput(
            kind=DecisionKind.WMO, outcome=DecisionOutcome.GRANTED, delivery=Delivery.IN_KIND, start_on=day(9),
            end_on=day(9) + datetime.timedelta(weeks=26, days=-1), application_on=day(2),
            reasoning="Mevrouw kan het huishouden niet zelf doen.", legal_ground="Wmo 2015, artikel 2.3.5",
            lines=(mandate_services.LineInput(provision=household_help, volume=decimal.Decimal(hours)),))

    def decide(decision, on: datetime.date):
        # The clock is the outside world: a correction's term counts from the day it is prepared.
        monkeypatch.setattr(timezone, "localdate", lambda *args: on)
        return mandate_services.decision_decide(user=worker, request=None, decision=decision,
                                                expected_version=decision.version, today=on)

    monkeypatch.setattr(timezone, "localdate", lambda *args: day(6))
    old = decide(mandate_services.decision_prepare(user=worker, request=None, conversation=conv, data=data("3")),
                 day(6))
    monkeypatch.setattr(timezone, "localdate", lambda *args: day(27))
    new = decide(mandate_services.decision_prepare(user=worker, request=None, conversation=conv, data=data("2"),
                                                   corrects=old), day(27))
    assert (old.total_cost, new.total_cost) == (decimal.Decimal("2496.00"), decimal.Decimal("1664.00"))
    assert old.due_on < day(27) < new.due_on  # the correction's own term, from the day it was prepared

    scope = Scope(*MARCH, zone_id=zone.id)
    costs = table(figures.customised_provisions(scope))[-1][2:]
    wmo = row(figures.decision_terms(scope), str(DecisionKind.WMO.label))

    assert costs == [(1, 1), (1664.0, 1)]
    assert wmo[1:] == [(1, 1), (4.0, 1), (100.0, 1), (1, 1)]


def test_a_count_hidden_to_protect_another_is_not_given_away_by_the_time_to_decision(zone, worker):
    """Six residents got a Wmo decision, one a special-assistance decision. The one is hidden; the
    decisions sent (all kinds, under objections) minus the Wmo decisions would give it back, so
    the Wmo count is hidden too. "Time to decision" counts decisions on an application, not all
    decisions sent (corrections apart), so it has its own ref: only the sum of its two columns
    tells suppression that they show the hidden Wmo count again."""
    for _ in range(6):
        sent_decision(visit(resident_in(zone), zone, worker, on=day(1), held_on=day(2)), worker, sent_on=day(10))
    sent_decision(visit(resident_in(zone), zone, worker, on=day(1), held_on=day(2)), worker, sent_on=day(10),
                  kind=DecisionKind.SPECIAL_ASSISTANCE)
    scope = Scope(*MARCH, zone_id=zone.id)
    sections = suppress_sections([function(scope).as_json() for _key, function in registered_figures()], 5)
    by_key = {section["key"]: section for section in sections}

    def wmo_row(key: str) -> list[dict]:
        return next(r for r in by_key[key]["tables"][0]["rows"] if r[0]["value"] == str(DecisionKind.WMO.label))

    assert wmo_row("decisions_by_kind")[-1]["suppressed"]  # 6 residents, hidden to protect the one
    decisions_on_application = wmo_row("decision_terms")[2]
    assert (decisions_on_application["value"], decisions_on_application["suppressed"]) == (None, True)
