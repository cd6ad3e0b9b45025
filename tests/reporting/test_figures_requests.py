"""The front-door figures against hand-computed fixtures: period March 2026 in zone Centrum, with
rows just outside the period and in another zone to prove the filtering."""

import pytest
from django.utils import translation

from intake.factories import HelpRequestFactory
from intake.models import Channel, LifeDomain, RequestStatus, SettledBy
from mandates.models import ClockKind, LegalClock
from reporting.figures import requests as figures
from reporting.figures.base import Scope
from tests.reporting.figure_builders import (
    MARCH,
    conversation,
    day,
    help_request,
    resident_in,
    row,
    table,
    visit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scope(zone):
    return Scope(*MARCH, zone_id=zone.id)


@pytest.fixture
def municipality():
    return Scope(*MARCH)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def test_requests_by_channel_counts_requests_and_distinct_residents(zone, other_zone, scope, municipality):
    a, b = resident_in(zone), resident_in(zone)
    help_request(a, zone, on=day(1), channel=Channel.PHONE)
    help_request(a, zone, on=day(31), channel=Channel.PHONE)  # both ends of the period count
    help_request(b, zone, on=day(10), channel=Channel.WALK_IN)
    help_request(b, zone, on=day(28, 2), channel=Channel.PHONE)  # just before the period
    help_request(b, zone, on=day(1, 4), channel=Channel.PHONE)  # just after it
    HelpRequestFactory(zone=zone, first_contact_on=day(5), web=True)  # no resident linked yet
    elsewhere = resident_in(other_zone)
    help_request(elsewhere, other_zone, on=day(15), channel=Channel.PHONE)

    section = figures.requests_by_channel(scope)

    assert table(section) == [
        [str(Channel.PHONE.label), (2, 1)], [str(Channel.WALK_IN.label), (1, 1)],
        [str(Channel.WEB_FORM.label), (1, 0)], [str(Channel.FINDING_PLACE.label), (0, 0)],
        [str(Channel.ARREARS_SIGNAL.label), (0, 0)], ["Alle kanalen", (4, 2)],
    ]
    everywhere = table(figures.requests_by_channel(municipality))
    assert everywhere[0][1] == (3, 2)
    assert everywhere[-1][1] == (5, 3)


def test_requests_by_life_domain_counts_named_domains_and_problem_scores(zone, other_zone, worker, scope):
    finance, work = LifeDomain.objects.get(code="financien"), LifeDomain.objects.get(code="werk-en-opleiding")
    a, b = resident_in(zone), resident_in(zone)
    help_request(a, zone, on=day(2), life_domains=[finance, work])
    help_request(a, zone, on=day(20), life_domains=[finance])
    help_request(b, zone, on=day(3), life_domains=[finance])
    help_request(b, zone, on=day(1, 4), life_domains=[work])  # after the period
    help_request(resident_in(other_zone), other_zone, on=day(3), life_domains=[work])
    # Scores 1 and 2 are problems, 3 is not; a draft conversation does not count yet.
    visit(a, zone, worker, on=day(1), held_on=day(5), scores={"financien": 1, "werk-en-opleiding": 3})
    visit(b, zone, worker, on=day(1), held_on=day(6), scores={"financien": 2})
    visit(b, zone, worker, on=day(1), held_on=day(7), finished=False, scores={"financien": 1})
    visit(b, zone, worker, on=day(1), held_on=day(28, 2), scores={"financien": 1})
    visit(resident_in(other_zone), other_zone, worker, on=day(1), held_on=day(5), scores={"financien": 1})

    section = figures.requests_by_life_domain(scope)

    assert row(section, finance.name) == [(3, 2), (2, 2)]
    assert row(section, work.name) == [(1, 1), (0, 0)]
    assert len(table(section)) == LifeDomain.objects.count()


def test_settled_at_intake_shares_rest_on_all_requests(zone, other_zone, scope):
    a, b, c = resident_in(zone), resident_in(zone), resident_in(zone)
    help_request(a, zone, on=day(2), settled=True, settled_by=SettledBy.GENERAL_PROVISION)
    help_request(a, zone, on=day(3), settled=True, settled_by=SettledBy.INFORMATION)
    help_request(b, zone, on=day(4), settled=True, settled_by=SettledBy.INFORMATION)
    help_request(c, zone, on=day(5))
    help_request(c, zone, on=day(28, 2), settled=True)  # before the period
    help_request(resident_in(other_zone), other_zone, on=day(5), settled=True)

    section = figures.settled_at_intake(scope)

    assert table(section) == [
        ["Afgehandeld aan de voorkant", (3, 2), (75.0, 3)],
        [str(SettledBy.INFORMATION.label), (2, 2), (50.0, 3)],
        [str(SettledBy.GENERAL_PROVISION.label), (1, 1), (25.0, 3)],
        [str(SettledBy.OWN_NETWORK.label), (0, 0), (0.0, 3)],
        ["Alle hulpvragen", (4, 3), (100.0, 3)],
    ]


def test_time_to_home_visit_takes_the_median_and_the_promise(zone, other_zone, worker, scope):
    a, b = resident_in(zone), resident_in(zone)
    # Waits of 2, 5, 8 and 14 days: median 6.5; within a week 2 of 4. The promise is the request's
    # own date: 10 days for the third (a longer promise then), 7 for the others.
    visit(a, zone, worker, on=day(1), held_on=day(3))
    visit(a, zone, worker, on=day(1), held_on=day(6))
    third = visit(b, zone, worker, on=day(2), held_on=day(10))
    third.help_request.visit_due_on = day(12)
    third.help_request.save(update_fields=["visit_due_on"])
    visit(b, zone, worker, on=day(17), held_on=day(31), finished=False)  # a draft: the visit took place
    visit(b, zone, worker, on=day(20, 2), held_on=day(28, 2))  # held before the period
    visit(resident_in(other_zone), other_zone, worker, on=day(1), held_on=day(2))

    section = figures.time_to_home_visit(scope)

    assert [r[1] for r in table(section)] == [(4, 2), (6.5, 2), (50.0, 2), (75.0, 2)]


def test_debt_signals_and_time_to_the_first_debt_help_conversation(zone, other_zone, worker, scope):
    a, b, c = resident_in(zone), resident_in(zone), resident_in(zone)
    urgent = visit(a, zone, worker, on=day(1), held_on=day(2), debt_urgent=True, threats=["eviction"])
    arrears = visit(b, zone, worker, on=day(1), held_on=day(3), arrears=["rent"])
    visit(c, zone, worker, on=day(1), held_on=day(4))
    visit(c, zone, worker, on=day(1), held_on=day(5), debt_note="Schulden bij de zorgverzekeraar.")
    visit(c, zone, worker, on=day(1), held_on=day(6), finished=False, arrears=["energy"])  # a draft
    outside = visit(resident_in(other_zone), other_zone, worker, on=day(1), held_on=day(2), arrears=["rent"])

    def first_conversation(conv, *, started, due, stopped):
        LegalClock.objects.create(help_request=conv.help_request, conversation=conv,
                                  kind=ClockKind.DEBT_FIRST_CONVERSATION, started_on=started, due_on=due,
                                  stopped_on=stopped)

    first_conversation(urgent, started=day(2), due=day(5), stopped=day(4))  # 2 days, on time
    first_conversation(arrears, started=day(3), due=day(31), stopped=day(1, 4))  # stopped after the period
    first_conversation(outside, started=day(2), due=day(30), stopped=day(10))
    other = visit(b, zone, worker, on=day(1), held_on=day(20, 2), arrears=["rent"])  # held before the period
    first_conversation(other, started=day(20, 2), due=day(20, 3), stopped=day(24, 3))  # 20 Feb to 24 Mar: 32 days, late

    section = figures.debt_signals(scope)

    assert [r[1:] for r in table(section)] == [
        [(4, 3), (100.0, 3)], [(3, 3), (75.0, 3)], [(1, 1), (25.0, 3)]]
    assert [r[1:] for r in table(section, 1)] == [
        [(1, 1), (2.0, 1), (100.0, 1)], [(1, 1), (32.0, 1), (0.0, 1)]]


def _first_contact_clock(request, *, started, due, stopped):
    """The clock legal_clocks_start starts at the first contact of a request registered as a
    question for debt help: it has no conversation."""
    LegalClock.objects.update_or_create(
        help_request=request, kind=ClockKind.DEBT_FIRST_CONVERSATION,
        defaults={"conversation": None, "started_on": started, "due_on": due, "stopped_on": stopped})


def test_a_threat_registered_with_a_debt_question_makes_its_first_conversation_urgent(zone, scope):
    """A question for debt help registered at the first contact, an eviction threatening: the term
    is 3 working days from that contact (Wgs art. 4), on a clock without a conversation. Reading
    urgency from the clock's conversation only filed it under the 4 weeks."""
    request = help_request(resident_in(zone), zone, on=day(2), debt_help_question=True, debt_threat=True,
                           status=RequestStatus.NEW)
    _first_contact_clock(request, started=day(2), due=day(5), stopped=day(4))

    section = figures.debt_signals(scope)

    urgent, other = [r[1:] for r in table(section, 1)]
    assert urgent == [(1, 1), (2.0, 1), (100.0, 1)]
    assert other == [(0, 0), (None, 0), (None, 0)]


def test_a_threat_the_conversation_found_counts_only_before_the_first_debt_help_conversation(zone, worker, scope):
    """A debt question registered without a threat: the kitchen-table conversation that finds one
    shortens the running term to 3 working days (mandates' _debt_threat_found), so that first
    debt-help conversation was urgent. A threat found only after the first debt-help conversation
    moved nothing: that one ran the 4 weeks."""
    found_first = help_request(resident_in(zone), zone, on=day(2), debt_help_question=True)
    conversation(found_first, worker, held_on=day(3), debt_urgent=True, threats=["eviction"])
    _first_contact_clock(found_first, started=day(2), due=day(6), stopped=day(5))
    found_later = help_request(resident_in(zone), zone, on=day(2), debt_help_question=True)
    conversation(found_later, worker, held_on=day(12), debt_urgent=True, threats=["eviction"])
    _first_contact_clock(found_later, started=day(2), due=day(30), stopped=day(10))

    section = figures.debt_signals(scope)

    urgent, other = [r[1:] for r in table(section, 1)]
    assert urgent == [(1, 1), (3.0, 1), (100.0, 1)]
    assert other == [(1, 1), (8.0, 1), (100.0, 1)]
