"""Legal clocks of a request for help, started by its own events: the Wmo melding, the finished
conversation with a debt question, and what the worker records on the request page. Hand-worked
dates with the Atw holidays (Christmas 2026 falls on a Friday)."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from intake.factories import ConversationFactory, HelpRequestFactory
from mandates import services
from mandates.models import ClockKind, DecisionKind, DecisionSettings, LegalClock
from tests.conftest import login
from tests.mandates.conftest import household_help_input

pytestmark = pytest.mark.django_db

MELDING = datetime.date(2026, 11, 6)  # a Friday


@pytest.fixture
def melding(membership, zone, worker):
    return HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                              assigned=True, assigned_worker=worker, first_contact_on=MELDING)


def clock(help_request, kind) -> LegalClock:
    return LegalClock.objects.get(help_request=help_request, kind=kind)


def record(worker, help_request, step, on):
    return services.legal_clock_record(user=worker, request=None, help_request=help_request, step=step, on=on)


def test_registering_a_melding_starts_the_wmo_investigation_clock_of_six_weeks(melding):
    investigation = clock(melding, ClockKind.WMO_INVESTIGATION)
    assert (investigation.started_on, investigation.due_on) == (MELDING, datetime.date(2026, 12, 18))
    assert investigation.stopped_on is None and investigation.decision is None


def test_starting_the_clocks_again_creates_nothing_twice(melding):
    services.legal_clocks_start(help_request=melding)
    services.legal_clocks_start(help_request=melding)
    assert LegalClock.objects.filter(help_request=melding).count() == 1


def test_a_request_settled_at_intake_runs_no_clock(zone):
    settled = HelpRequestFactory(zone=zone, settled=True)
    assert not LegalClock.objects.filter(help_request=settled).exists()


def test_receipt_and_report_are_recorded_on_the_investigation_clock(melding, worker):
    record(worker, melding, "receipt", datetime.date(2026, 11, 9))
    record(worker, melding, "report", datetime.date(2026, 12, 18))
    investigation = clock(melding, ClockKind.WMO_INVESTIGATION)
    assert investigation.receipt_confirmed_on == datetime.date(2026, 11, 9)
    assert investigation.stopped_on == datetime.date(2026, 12, 18)
    assert investigation.state(datetime.date(2027, 1, 4), 5) == "on_time"


def test_a_report_one_day_after_the_term_is_late(melding, worker):
    record(worker, melding, "report", datetime.date(2026, 12, 19))
    assert clock(melding, ClockKind.WMO_INVESTIGATION).state(datetime.date(2027, 1, 4), 5) == "late"


def test_the_application_starts_the_two_week_decision_clock_rolled_past_christmas(melding, worker):
    # Friday 11 December + 2 weeks = Friday 25 December (Christmas), then Saturday, Sunday, and
    # Monday 28 December is the last day.
    record(worker, melding, "application", datetime.date(2026, 12, 11))
    decision_clock = clock(melding, ClockKind.WMO_DECISION)
    assert decision_clock.due_on == datetime.date(2026, 12, 28)


def test_recording_the_same_event_twice_changes_nothing_but_another_date_is_refused(melding, worker):
    record(worker, melding, "application", datetime.date(2026, 12, 11))
    record(worker, melding, "application", datetime.date(2026, 12, 11))
    with pytest.raises(services.DecisionError):
        record(worker, melding, "application", datetime.date(2026, 12, 14))
    assert LegalClock.objects.filter(help_request=melding, kind=ClockKind.WMO_DECISION).count() == 1


def test_a_date_before_the_melding_is_refused(melding, worker):
    with pytest.raises(services.DecisionError, match=r"vóór|before"):
        record(worker, melding, "report", MELDING - datetime.timedelta(days=1))


def test_an_urgent_debt_conversation_starts_the_three_working_day_clock(melding, worker):
    # Wednesday 23 December: Thursday 24 (1), Christmas and Boxing Day and the weekend skipped,
    # Monday 28 (2), Tuesday 29 (3).
    ConversationFactory(help_request=melding, worker=worker, finished=True, held_on=datetime.date(2026, 12, 23),
                        debt_urgent=True, threats=["eviction"])
    assert services.legal_clocks_catch_up() == 1
    first = clock(melding, ClockKind.DEBT_FIRST_CONVERSATION)
    assert (first.started_on, first.due_on) == (datetime.date(2026, 12, 23), datetime.date(2026, 12, 29))
    assert services.legal_clocks_catch_up() == 0


def test_a_debt_question_without_urgency_starts_the_four_week_clock(melding, worker):
    ConversationFactory(help_request=melding, worker=worker, finished=True, held_on=datetime.date(2026, 11, 20),
                        arrears=["energy"])
    services.legal_clocks_start(help_request=melding)
    assert clock(melding, ClockKind.DEBT_FIRST_CONVERSATION).due_on == datetime.date(2026, 12, 18)


def test_a_conversation_without_a_debt_question_starts_no_debt_clock(melding, worker):
    ConversationFactory(help_request=melding, worker=worker, finished=True)
    services.legal_clocks_catch_up()
    assert not LegalClock.objects.filter(help_request=melding, kind=ClockKind.DEBT_FIRST_CONVERSATION).exists()


def test_the_first_debt_conversation_starts_the_access_decision_clock_of_the_settings(melding, worker):
    settings = DecisionSettings.current()
    settings.debt_access_weeks = 6
    settings.save()
    ConversationFactory(help_request=melding, worker=worker, finished=True, held_on=datetime.date(2026, 11, 20),
                        arrears=["rent"])
    record(worker, melding, "debt_conversation", datetime.date(2026, 11, 27))
    assert clock(melding, ClockKind.DEBT_FIRST_CONVERSATION).stopped_on == datetime.date(2026, 11, 27)
    assert clock(melding, ClockKind.DEBT_ACCESS_DECISION).due_on == datetime.date(2027, 1, 8)


def test_a_prepared_wmo_decision_takes_its_dates_from_the_running_clocks_and_sending_stops_them(
        help_request, needs_decision, household_help, worker, worker_mandate):
    record(worker, help_request, "application", help_request.first_contact_on)
    decision_clock = clock(help_request, ClockKind.WMO_DECISION)
    LegalClock.objects.filter(pk=decision_clock.pk).update(due_on=decision_clock.due_on + datetime.timedelta(days=3))
    decision = services.decision_prepare(user=worker, request=None, conversation=needs_decision,
                                         data=household_help_input(household_help))
    decision_clock.refresh_from_db()
    assert decision.kind == DecisionKind.WMO and decision_clock.decision == decision
    assert decision.due_on == decision_clock.due_on
    assert decision.investigation_due_on == clock(help_request, ClockKind.WMO_INVESTIGATION).due_on
    services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                             today=help_request.first_contact_on)
    decision_clock.refresh_from_db()
    assert decision_clock.stopped_on == help_request.first_contact_on


def test_preparing_a_wmo_decision_without_a_recorded_application_records_it(help_request, prepare):
    decision = prepare()
    decision_clock = clock(help_request, ClockKind.WMO_DECISION)
    assert (decision_clock.started_on, decision_clock.due_on, decision_clock.decision) == (
        decision.application_on, decision.due_on, decision)


# --- the request page -------------------------------------------------------------------------


def url(help_request, step="report") -> str:
    return reverse("mandates:clock_record", args=[help_request.pk, step])


def test_the_request_page_shows_the_running_clocks_and_the_forms(worker, help_request):
    response = login(worker).get(reverse("intake:request_detail", args=[help_request.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wettelijke termijnen" in body and "Wmo-onderzoek" in body
    assert url(help_request, "receipt") in body and url(help_request, "application") in body


def test_a_worker_records_the_receipt_confirmation_with_client_support(worker, help_request):
    on = help_request.first_contact_on
    response = login(worker).post(url(help_request, "receipt"),
                                  {"receipt-on": on.isoformat(), "receipt-client_support": "on"})
    assert response.status_code == 302
    assert clock(help_request, ClockKind.WMO_INVESTIGATION).receipt_confirmed_on == on
    entry = AccessLogEntry.objects.filter(purpose="mandates: record legal clock").latest("id")
    assert entry.user == worker and entry.resident_id == help_request.resident_id


def test_a_receipt_without_pointing_to_client_support_is_refused_in_dutch(worker, help_request):
    response = login(worker).post(url(help_request, "receipt"),
                                  {"receipt-on": help_request.first_contact_on.isoformat()})
    assert response.status_code == 200
    assert "cliëntondersteuning" in response.content.decode()
    assert clock(help_request, ClockKind.WMO_INVESTIGATION).receipt_confirmed_on is None


def test_a_future_date_gives_a_dutch_error_and_changes_nothing(worker, help_request):
    future = help_request.first_contact_on + datetime.timedelta(days=400)
    response = login(worker).post(url(help_request), {"report-on": future.isoformat()})
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert clock(help_request, ClockKind.WMO_INVESTIGATION).stopped_on is None


@pytest.mark.parametrize(("persona", "status"), [("stranger", 404), ("other_team_leader", 404),
                                                 ("council_member", 403), ("partner_worker", 403),
                                                 ("colleague", 302), ("team_leader", 302)])
def test_recording_answers_each_role_as_its_relation_allows(request, help_request, persona, status):
    response = login(request.getfixturevalue(persona)).post(
        url(help_request), {"report-on": help_request.first_contact_on.isoformat()})
    assert response.status_code == status
    stopped = clock(help_request, ClockKind.WMO_INVESTIGATION).stopped_on
    assert (stopped is not None) == (status == 302)


def test_a_get_on_the_record_url_is_refused(worker, help_request):
    assert login(worker).get(url(help_request)).status_code == 405


def test_an_unknown_step_is_not_found(worker, help_request):
    assert login(worker).post(url(help_request, "nonsense"), {}).status_code == 404


def test_the_clocks_overview_lists_legal_clocks_with_their_state(worker, help_request, stranger):
    LegalClock.objects.filter(help_request=help_request).update(due_on=help_request.first_contact_on)
    body = login(worker).get(reverse("mandates:clocks") + "?only=due_soon").content.decode()
    assert help_request.resident.full_name in body and "Wmo-onderzoek" in body
    assert help_request.resident.full_name not in login(stranger).get(reverse("mandates:clocks")).content.decode()


def test_sending_the_first_of_two_prepared_decisions_stops_the_wmo_decision_clock(
        prepare, worker, worker_mandate, needs_decision):
    """A second draft (the form filled in again differently) links the request's one decision
    clock to itself; sending the first still is the act the clock waited for."""
    from django.utils import timezone

    first = prepare()
    second = prepare(hours="2")
    services.decision_decide(user=worker, request=None, decision=first, expected_version=first.version,
                             today=timezone.localdate())
    services.decision_discard(user=worker, request=None, decision=second, expected_version=second.version)
    clock = LegalClock.objects.get(help_request=needs_decision.help_request, kind=ClockKind.WMO_DECISION)
    assert (clock.stopped_on, clock.decision_id) == (timezone.localdate(), first.pk)


def test_a_wmo_decision_sent_without_a_recorded_report_ends_the_investigation_term(
        help_request, prepare, worker, worker_mandate):
    """On the spot at the kitchen table the report is often not recorded apart: the decision ends
    the investigation, and the term no longer shows overdue on the request, the overview and the
    daily job."""
    decision = prepare()
    sent_on = help_request.first_contact_on + datetime.timedelta(weeks=8)  # after the 6-week term
    services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                             today=sent_on)
    investigation = clock(help_request, ClockKind.WMO_INVESTIGATION)
    assert investigation.stopped_on == sent_on
    assert investigation.state(sent_on, 5) == "late"
    assert not LegalClock.objects.running().filter(pk=investigation.pk).exists()
    entry = AccessLogEntry.objects.get(purpose="mandates: investigation term ended by the Wmo decision")
    assert (entry.user, entry.resident_id, entry.detail["decision"]) == (worker, help_request.resident_id, decision.pk)


def test_a_recorded_report_keeps_its_own_date_when_the_decision_is_sent(help_request, prepare, worker,
                                                                          worker_mandate):
    reported_on = help_request.first_contact_on + datetime.timedelta(days=3)
    record(worker, help_request, "report", reported_on)
    decision = prepare()
    services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                             today=reported_on + datetime.timedelta(days=10))
    assert clock(help_request, ClockKind.WMO_INVESTIGATION).stopped_on == reported_on
    assert not AccessLogEntry.objects.filter(purpose="mandates: investigation term ended by the Wmo decision").exists()
