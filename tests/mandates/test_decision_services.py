"""Preparing, deciding and routing decisions through the services, on the real database."""

import datetime
import decimal

import pytest
from django.db import ProgrammingError, transaction
from django.utils import timezone

from audit.models import AccessLogEntry
from mandates import clocks, services
from mandates.models import Decision, DecisionLetter, DecisionLine, DecisionStatus

pytestmark = pytest.mark.django_db
D = decimal.Decimal


def test_preparing_prices_the_provision_on_the_start_date_and_stores_the_clocks(prepare, household_help):
    decision = prepare(hours="3", weeks=26, start=datetime.date(2026, 1, 5))
    line = decision.lines.get()
    assert line.unit_price == D("32.00")
    assert decision.total_cost == D("3") * D("32.00") * 26
    cal = clocks.load_calendar()
    assert decision.due_on == clocks.wmo_decision_due(cal, application_on=decision.application_on)
    assert decision.investigation_due_on == clocks.wmo_investigation_due(cal, melding_on=decision.melding_on)
    assert decision.status == DecisionStatus.DRAFT


def test_a_past_start_date_keeps_the_old_price(prepare):
    assert prepare(start=datetime.date(2025, 12, 29)).lines.get().unit_price == D("30.00")


def test_inside_the_mandate_the_worker_decides_and_sends_on_the_spot(prepare, worker, worker_mandate,
                                                                   django_capture_on_commit_callbacks):
    decision = prepare()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks() as callbacks:
        decided = services.decision_decide(user=worker, request=None, decision=decision,
                                           expected_version=decision.version, today=today)
    assert decided.status == DecisionStatus.SENT
    assert decided.decided_by == worker
    assert decided.mandate == worker_mandate
    assert decided.sent_on == today
    assert decided.objection_period_ends_on == clocks.objection_period_ends(clocks.load_calendar(), sent_on=today)
    assert DecisionLetter.objects.filter(decision=decided).exists()
    assert len(callbacks) == 1  # the letter task is enqueued after the commit
    assert AccessLogEntry.objects.filter(purpose="mandates: decide under mandate", object_id=str(decision.pk)).exists()


def test_outside_the_mandate_nothing_is_decided(prepare, worker, worker_mandate):
    decision = prepare(hours="8", weeks=26)  # 8 x 32 x 26 = 6 656 > 5 000
    with pytest.raises(services.OutsideMandate, match="5000"):
        services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                                 today=timezone.localdate())
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert decision.decided_by is None


def test_above_the_mandate_it_goes_to_a_team_leader_and_the_wait_is_measured(prepare, worker, team_leader,
                                                                            worker_mandate, leader_mandate):
    decision = prepare(hours="8", weeks=26)
    routed = services.decision_submit(user=worker, request=None, decision=decision,
                                      expected_version=decision.version, today=timezone.localdate())
    assert routed.status == DecisionStatus.AWAITING_APPROVAL
    assert "5000" in routed.outside_mandate_reason
    decided = services.decision_decide(user=team_leader, request=None, decision=routed,
                                       expected_version=routed.version, today=timezone.localdate())
    assert decided.decided_by == team_leader
    assert decided.mandate == leader_mandate
    assert decided.waiting_time(timezone.now()) >= datetime.timedelta(0)


def test_two_approvers_cannot_both_decide(prepare, worker, team_leader, leader_mandate, worker_mandate):
    decision = prepare()
    services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                             today=timezone.localdate())
    with pytest.raises(services.DecisionConflict):
        services.decision_decide(user=team_leader, request=None, decision=decision,
                                 expected_version=decision.version, today=timezone.localdate())


def test_a_sent_decision_cannot_be_changed_even_in_the_database(prepare, worker, worker_mandate):
    decision = prepare()
    services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                             today=timezone.localdate())
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(reasoning="Anders bedacht")
    with pytest.raises(ProgrammingError, match="cannot change"), transaction.atomic():
        DecisionLine.objects.filter(decision=decision).update(volume=D("10"))
    with pytest.raises(ProgrammingError, match="cannot change"), transaction.atomic():
        DecisionLine.objects.filter(decision=decision).delete()


def test_a_draft_can_still_change(prepare):
    decision = prepare()
    assert Decision.objects.filter(pk=decision.pk).update(reasoning="Aangevuld") == 1
    assert DecisionLine.objects.filter(decision=decision).update(volume=D("2")) == 1


def test_a_correction_is_a_new_decision_referring_to_the_old_one(prepare, needs_decision, household_help, worker,
                                                                worker_mandate):
    from tests.mandates.conftest import household_help_input

    old = prepare()
    services.decision_decide(user=worker, request=None, decision=old, expected_version=old.version,
                             today=timezone.localdate())
    correction = services.decision_prepare(user=worker, request=None, conversation=needs_decision,
                                           data=household_help_input(household_help, hours="2"), corrects=old)
    assert correction.corrects == old
    assert correction.pk != old.pk


def test_the_urgent_debt_flag_starts_the_three_working_day_clock(needs_decision, worker):
    from mandates.factories import ProvisionFactory
    from mandates.models import DecisionKind, DecisionOutcome, Delivery

    needs_decision.debt_urgent = True
    needs_decision.save()
    provision = ProvisionFactory(debt_help=True)
    today = timezone.localdate()
    decision = services.decision_prepare(
        user=worker, request=None, conversation=needs_decision,
        data=services.DecisionInput(kind=DecisionKind.DEBT_HELP, outcome=DecisionOutcome.GRANTED,
                                    delivery=Delivery.IN_KIND, start_on=today, end_on=None, application_on=today,
                                    reasoning="Huurachterstand, ontruiming dreigt.", legal_ground="Wgs art. 4a",
                                    lines=(services.LineInput(provision=provision, volume=D("1")),)))
    cal = clocks.load_calendar()
    melding = needs_decision.help_request.first_contact_on
    assert decision.first_conversation_due_on == cal.add_working_days(melding, 3)
    assert decision.due_on == clocks.debt_access_decision_due(cal, first_conversation_on=needs_decision.held_on)


def test_a_decision_on_the_last_day_is_on_time_and_a_day_later_is_late(prepare):
    decision = prepare()
    decision.status = DecisionStatus.SENT
    decision.sent_on = decision.due_on
    assert decision.clock_state(decision.due_on, 5) == "on_time"
    decision.sent_on = decision.due_on + datetime.timedelta(days=1)
    assert decision.clock_state(decision.due_on, 5) == "late"


def test_an_open_decision_is_due_soon_then_overdue(prepare):
    decision = prepare()
    assert decision.clock_state(decision.due_on - datetime.timedelta(days=10), 5) == "running"
    assert decision.clock_state(decision.due_on - datetime.timedelta(days=5), 5) == "due_soon"
    assert decision.clock_state(decision.due_on, 5) == "due_soon"
    assert decision.clock_state(decision.due_on + datetime.timedelta(days=1), 5) == "overdue"


def test_the_same_decision_posted_twice_is_prepared_once(prepare, needs_decision):
    first = prepare()
    assert prepare() == first
    assert prepare(hours="2") != first  # different content is a decision of its own
    assert Decision.objects.filter(conversation=needs_decision).count() == 2


def test_a_double_posted_decision_form_makes_one_draft(worker, needs_decision, household_help):
    from django.urls import reverse

    from tests.conftest import login
    from tests.mandates.test_correction_and_offers import form_data

    client = login(worker)
    url = reverse("mandates:decision_new", args=[needs_decision.pk])
    first, second = client.post(url, form_data(household_help)), client.post(url, form_data(household_help))
    decision = Decision.objects.get(conversation=needs_decision)
    assert first["Location"] == second["Location"] == reverse("mandates:decision", args=[decision.pk])
