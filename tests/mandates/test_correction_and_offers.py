"""Corrections through the HTTP interface, general provisions offered first, sub-mandate rules
in the register, and decisions on the household timeline."""

import datetime
import decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from mandates.factories import GeneralProvisionFactory, MandateFactory
from mandates.models import Decision, DecisionKind, DecisionStatus, OfferedGeneralProvision
from tests.conftest import login
from tests.mandates.conftest import lines

pytestmark = pytest.mark.django_db


def form_data(provision, **extra):
    today = timezone.localdate()
    return {"kind": "wmo", "outcome": "granted", **lines((provision, "2")), "delivery": "in_kind",
            "application_on": today, "start_on": today, "reasoning": "Gecorrigeerd: twee uur is genoeg.",
            "legal_ground": "Wmo 2015, artikel 2.3.5", **extra}


def test_a_correction_is_a_new_decision_and_the_sent_one_stays_as_it_was(sent, worker, household_help):
    client = login(worker)
    page = client.get(reverse("mandates:decision_correct", args=[sent.pk])).content.decode()
    assert sent.reasoning in page  # prefilled from the decision it corrects
    response = client.post(reverse("mandates:decision_correct", args=[sent.pk]), form_data(household_help))
    correction = Decision.objects.exclude(pk=sent.pk).get()
    assert response["Location"] == reverse("mandates:decision", args=[correction.pk])
    assert correction.corrects_id == sent.pk
    assert correction.status == DecisionStatus.DRAFT
    sent.refresh_from_db()
    assert sent.status == DecisionStatus.SENT
    assert "Mevrouw kan na haar heupoperatie" in sent.reasoning


def test_a_correction_of_a_decision_sent_long_ago_is_not_overdue_the_day_it_is_prepared(sent, worker,
                                                                                       household_help):
    """Its term is its kind's, counted from the day it is prepared: not the stopped clock of the
    application the corrected decision answered. The request's clock stays that decision's."""
    from mandates.clocks import load_calendar, wmo_decision_due
    from mandates.models import ClockKind, LegalClock

    long_ago = sent.sent_on - datetime.timedelta(days=120)
    LegalClock.objects.filter(help_request=sent.help_request, kind=ClockKind.WMO_DECISION).update(due_on=long_ago)
    login(worker).post(reverse("mandates:decision_correct", args=[sent.pk]), form_data(household_help))
    correction = Decision.objects.get(corrects=sent)
    today = timezone.localdate()
    assert correction.due_on == wmo_decision_due(load_calendar(), application_on=today)
    assert correction.clock_state(today, 5) == "running"
    assert correction in Decision.objects.filter(due_on__gte=today)  # not in the overdue lists
    clock = LegalClock.objects.get(help_request=sent.help_request, kind=ClockKind.WMO_DECISION)
    assert (clock.decision_id, clock.due_on) == (sent.pk, long_ago)


def test_only_a_sent_decision_is_corrected(prepare, worker):
    assert login(worker).get(reverse("mandates:decision_correct", args=[prepare().pk])).status_code == 403


def test_a_stranger_cannot_correct(sent, stranger):
    assert login(stranger).get(reverse("mandates:decision_correct", args=[sent.pk])).status_code == 404


def test_the_general_provisions_offered_first_are_recorded_on_the_conversation(worker, needs_decision,
                                                                                 household_help):
    meals = GeneralProvisionFactory(name="Maaltijdservice")
    buddy = GeneralProvisionFactory(name="Vrijwillige maatjes")
    login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]),
                       form_data(household_help, general_provisions=[meals.pk, buddy.pk]))
    offered = OfferedGeneralProvision.objects.filter(conversation=needs_decision)
    assert {o.provision.name for o in offered} == {"Maaltijdservice", "Vrijwillige maatjes"}
    decision = Decision.objects.get()
    assert "Maaltijdservice" in login(worker).get(reverse("mandates:decision", args=[decision.pk])).content.decode()


def test_a_sub_mandate_cannot_be_registered_beyond_its_parent(team_leader, worker):
    parent = MandateFactory(holder_role=Role.TEAM_LEADER, max_amount=decimal.Decimal("3000"))
    with pytest.raises(ValidationError):
        MandateFactory.build(holder=worker, parent=parent, max_amount=decimal.Decimal("4000")).clean()
    with pytest.raises(ValidationError):
        MandateFactory.build(holder=worker, parent=parent, kind=DecisionKind.SPECIAL_ASSISTANCE,
                             max_amount=decimal.Decimal("100")).clean()
    MandateFactory.build(holder=worker, parent=parent, max_amount=decimal.Decimal("2000")).clean()


def test_open_decisions_show_their_clock_on_the_household_timeline(prepare, worker):
    decision = prepare()
    page = login(worker).get(reverse("intake:household", args=[decision.household_id])).content.decode()
    assert reverse("mandates:decision", args=[decision.pk]) in page
    assert "Besluit in voorbereiding" in page
