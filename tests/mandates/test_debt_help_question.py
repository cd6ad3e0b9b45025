"""The Wgs term for the first debt-help conversation runs from the help question (art. 4), which
may be oral: a request registered as a question for debt help starts it at the first contact,
before any visit; corrections of the marker and the threat move it, until the conversation is
recorded. A threat that only the kitchen-table conversation finds makes the term 3 working days
from that conversation, unless the running term ends sooner. Hand-worked dates with the Atw
holidays (Christmas 2026 falls on a Friday)."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from intake import services as intake_services
from intake.factories import ConversationFactory, HelpRequestFactory
from intake.models import LifeDomain
from mandates import services
from mandates.models import ClockKind, LegalClock
from tests.conftest import login

pytestmark = pytest.mark.django_db

PHONED = datetime.date(2026, 12, 23)  # a Wednesday, two days before Christmas


def debt_clock(help_request) -> LegalClock | None:
    return LegalClock.objects.filter(help_request=help_request, kind=ClockKind.DEBT_FIRST_CONVERSATION).first()


@pytest.fixture
def register(worker, resident):
    def register(question="Schulden, deurwaarder belt.", **markers):
        return intake_services.help_request_register(
            user=worker, request=None, resident=resident, channel="phone", question=question,
            urgency="normal", first_contact_on=PHONED, life_domains=LifeDomain.objects.filter(code="financien"),
            wmo_melding=False, **markers)
    return register


def test_a_question_for_debt_help_starts_the_four_week_term_at_the_first_contact(register):
    request = register(debt_help_question=True)
    clock = debt_clock(request)
    # Four weeks after Wednesday 23 December 2026: Wednesday 20 January 2027.
    assert (clock.started_on, clock.due_on, clock.conversation_id) == (PHONED, datetime.date(2027, 1, 20), None)


def test_a_threat_makes_it_three_working_days(register):
    # Thursday 24 (1), Christmas, Boxing Day and the weekend skipped, Monday 28 (2), Tuesday 29 (3).
    clock = debt_clock(register(debt_help_question=True, debt_threat=True))
    assert clock.due_on == datetime.date(2026, 12, 29)


def test_without_the_marker_no_term_runs_until_the_conversation_finds_the_question(register):
    assert debt_clock(register()) is None


def test_the_conversation_later_does_not_start_a_second_term_or_move_the_first(register, worker):
    request = register(debt_help_question=True)
    ConversationFactory(help_request=request, worker=worker, finished=True, held_on=datetime.date(2027, 1, 6),
                        arrears=["energy"])
    services.legal_clocks_start(help_request=request)
    services.legal_clocks_catch_up()
    assert LegalClock.objects.filter(help_request=request, kind=ClockKind.DEBT_FIRST_CONVERSATION).count() == 1
    assert debt_clock(request).started_on == PHONED


def test_the_registration_form_refuses_a_threat_without_the_question_in_dutch(worker, resident):
    response = login(worker).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": PHONED.isoformat(), "urgency": "normal",
        "question": "Afsluiting dreigt.", "debt_threat": "on"})
    assert response.status_code == 200
    assert "is een vraag om schuldhulp: vink die ook aan" in response.context["form"].errors["debt_help_question"][0]
    assert "Afsluiting dreigt." in response.content.decode()
    assert not LegalClock.objects.filter(kind=ClockKind.DEBT_FIRST_CONVERSATION).exists()


def test_the_request_page_says_the_question_and_its_term(worker, register):
    request = register(debt_help_question=True, debt_threat=True)
    body = login(worker).get(reverse("intake:request_detail", args=[request.pk])).content.decode()
    assert "binnen 3 werkdagen" in body


def correct(worker, request, **markers):
    data = {"seen": request.updated_at.isoformat(), "question": request.question, "urgency": request.urgency,
            "life_domains": [d.pk for d in request.life_domains.all()],
            **{k: "on" for k, v in markers.items() if v}}
    return login(worker).post(reverse("intake:request_correct", args=[request.pk]), data)


def test_ticking_the_marker_later_starts_the_term_from_the_first_contact(worker, register):
    request = register()
    assert correct(worker, request, debt_help_question=True).status_code == 302
    assert (debt_clock(request).started_on, debt_clock(request).due_on) == (PHONED, datetime.date(2027, 1, 20))


def test_a_corrected_threat_changes_the_due_date_and_is_logged(worker, register):
    request = register(debt_help_question=True)
    clock = debt_clock(request)
    assert correct(worker, request, debt_help_question=True, debt_threat=True).status_code == 302
    assert debt_clock(request).due_on == datetime.date(2026, 12, 29)
    entry = AccessLogEntry.objects.get(purpose="mandates: debt-help term follows the corrected threat")
    assert entry.user == worker and entry.object_id == str(clock.pk)
    assert entry.detail["due_on"] == "2027-01-20" and entry.detail["new_due_on"] == "2026-12-29"


def test_unticking_the_marker_withdraws_the_term_logged(worker, register):
    request = register(debt_help_question=True)
    clock = debt_clock(request)
    assert correct(worker, request).status_code == 302
    assert debt_clock(request) is None
    withdrawn = AccessLogEntry.objects.get(action="delete", object_id=str(clock.pk))
    assert withdrawn.purpose == "mandates: withdraw debt-help term (no question for debt help)"


def test_once_the_first_debt_conversation_is_recorded_the_marker_stays(worker, register):
    request = register(debt_help_question=True)
    services.legal_clock_record(user=worker, request=None, help_request=request,
                                step=services.ClockStep.DEBT_CONVERSATION, on=datetime.date(2027, 1, 5))
    response = correct(worker, request)
    assert response.status_code == 200
    assert "Het eerste schuldhulpgesprek is al vastgelegd" in \
        response.context["correct_form"].errors["debt_help_question"][0]
    request.refresh_from_db()
    assert request.debt_help_question is True and debt_clock(request) is not None


def question_found_on_6_january(worker, membership, zone, **screening):
    """A request registered on 23 December without the debt marker, whose kitchen-table
    conversation of Wednesday 6 January found the debt question (and its clock started then)."""
    request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                 assigned=True, assigned_worker=worker, first_contact_on=PHONED, wmo_melding=False)
    ConversationFactory(help_request=request, worker=worker, finished=True, held_on=datetime.date(2027, 1, 6),
                        **screening)
    services.legal_clocks_start(help_request=request)
    return request


def test_ticking_the_marker_moves_a_term_the_conversation_started_to_the_first_contact(worker, membership, zone):
    request = question_found_on_6_january(worker, membership, zone, arrears=["energy"])
    assert debt_clock(request).started_on == datetime.date(2027, 1, 6)
    assert correct(worker, request, debt_help_question=True).status_code == 302
    clock = debt_clock(request)
    assert (clock.started_on, clock.due_on, clock.conversation_id) == (PHONED, datetime.date(2027, 1, 20), None)
    # The clock is no longer the conversation's; the log still says which one started it.
    entry = AccessLogEntry.objects.get(object_type="mandates.legalclock", object_id=str(clock.pk),
                                       purpose="mandates: debt-help term runs from the first contact")
    assert entry.detail["conversation"] == request.conversation.pk
    assert entry.detail["started_on"] == "2027-01-06" and entry.detail["new_started_on"] == PHONED.isoformat()


def test_the_daily_job_starts_the_term_of_a_request_written_in_bulk(membership, zone):
    from intake.models import HelpRequest

    request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                 first_contact_on=PHONED, wmo_melding=False)
    HelpRequest.objects.filter(pk=request.pk).update(debt_help_question=True)  # no event announced it
    assert debt_clock(request) is None
    assert services.legal_clocks_catch_up() == 1
    assert (debt_clock(request).started_on, debt_clock(request).conversation_id) == (PHONED, None)
    assert services.legal_clocks_catch_up() == 0


def test_ticking_the_marker_keeps_the_short_term_the_conversation_found(worker, membership, zone):
    request = question_found_on_6_january(worker, membership, zone, debt_urgent=True, threats=["eviction"])
    assert debt_clock(request).due_on == datetime.date(2027, 1, 11)
    assert correct(worker, request, debt_help_question=True).status_code == 302
    # The question was put on 23 December, the threat became known on Wednesday 6 January: three
    # working days from then (Monday 11 January), not the four weeks from the first contact.
    assert (debt_clock(request).started_on, debt_clock(request).due_on) == (PHONED, datetime.date(2027, 1, 11))


def test_ticking_the_marker_after_the_recorded_first_conversation_is_refused(worker, membership, zone):
    request = question_found_on_6_january(worker, membership, zone, arrears=["energy"])
    services.legal_clock_record(user=worker, request=None, help_request=request,
                                step=services.ClockStep.DEBT_CONVERSATION, on=datetime.date(2027, 1, 8))
    response = correct(worker, request, debt_help_question=True)
    assert response.status_code == 200
    assert "Het eerste schuldhulpgesprek is al vastgelegd" in \
        response.context["correct_form"].errors["debt_help_question"][0]
    request.refresh_from_db()
    assert request.debt_help_question is False
    assert debt_clock(request).started_on == datetime.date(2027, 1, 6)


def finish_conversation(worker, request, held_on: datetime.date, **screening):
    conversation = ConversationFactory(help_request=request, worker=worker, held_on=held_on,
                                       outcome="settled", **screening)
    return intake_services.conversation_finish(user=worker, request=None, conversation=conversation)


def test_a_threat_the_conversation_finds_makes_the_term_three_working_days_from_that_day(worker, register):
    request = register(debt_help_question=True)
    assert debt_clock(request).due_on == datetime.date(2027, 1, 20)
    # Wednesday 6 January: Thursday 7 (1), Friday 8 (2), Monday 11 (3).
    finish_conversation(worker, request, datetime.date(2027, 1, 6), debt_urgent=True, threats=["eviction"])
    clock = debt_clock(request)
    assert (clock.started_on, clock.due_on, clock.conversation_id) == (PHONED, datetime.date(2027, 1, 11), None)


def test_a_threat_found_late_keeps_the_sooner_end_of_the_running_term(worker, register):
    request = register(debt_help_question=True)
    # Monday 18 January + 3 working days is Thursday 21, after the 4 weeks end on Wednesday 20.
    finish_conversation(worker, request, datetime.date(2027, 1, 18), debt_urgent=True, threats=["energy_cutoff"])
    assert debt_clock(request).due_on == datetime.date(2027, 1, 20)


def test_a_conversation_without_a_threat_leaves_the_term_alone(worker, register):
    request = register(debt_help_question=True)
    finish_conversation(worker, request, datetime.date(2027, 1, 6), arrears=["energy"])
    assert debt_clock(request).due_on == datetime.date(2027, 1, 20)


def test_a_threat_found_after_the_first_debt_conversation_changes_nothing(worker, register):
    request = register(debt_help_question=True)
    services.legal_clock_record(user=worker, request=None, help_request=request,
                                step=services.ClockStep.DEBT_CONVERSATION, on=datetime.date(2027, 1, 5))
    finish_conversation(worker, request, datetime.date(2027, 1, 6), debt_urgent=True, threats=["eviction"])
    clock = debt_clock(request)
    assert (clock.due_on, clock.stopped_on) == (datetime.date(2027, 1, 20), datetime.date(2027, 1, 5))


def test_a_later_correction_keeps_the_term_the_conversation_s_threat_set(worker, register):
    request = register(debt_help_question=True)
    finish_conversation(worker, request, datetime.date(2027, 1, 6), debt_urgent=True, threats=["eviction"])
    request.refresh_from_db()
    # A change of another marker runs the debt term's follow-up too (_follow_debt_marker).
    assert correct(worker, request, debt_help_question=True, wmo_melding=True).status_code == 302
    request.refresh_from_db()
    assert request.wmo_melding is True
    assert debt_clock(request).due_on == datetime.date(2027, 1, 11)
    assert not AccessLogEntry.objects.filter(purpose="mandates: debt-help term follows the corrected threat").exists()


def test_a_threat_found_after_the_recorded_first_conversation_does_not_block_other_corrections(worker, register):
    request = register(debt_help_question=True)
    services.legal_clock_record(user=worker, request=None, help_request=request,
                                step=services.ClockStep.DEBT_CONVERSATION, on=datetime.date(2027, 1, 5))
    finish_conversation(worker, request, datetime.date(2027, 1, 6), debt_urgent=True, threats=["eviction"])
    request.refresh_from_db()
    response = correct(worker, request, debt_help_question=True, wmo_melding=True)
    assert response.status_code == 302, response.context["correct_form"].errors
    request.refresh_from_db()
    assert request.wmo_melding is True
    assert debt_clock(request).due_on == datetime.date(2027, 1, 20)


SHORTENED = "mandates: debt-help term shortened by the threat the conversation found"


def test_the_threat_shortening_the_term_is_logged_as_the_worker_s_with_both_dates(worker, register):
    request = register(debt_help_question=True)
    finish_conversation(worker, request, datetime.date(2027, 1, 6), debt_urgent=True, threats=["eviction"])
    entry = AccessLogEntry.objects.get(purpose=SHORTENED)
    assert (entry.user, entry.resident_id, entry.object_id) == (worker, request.resident_id, str(debt_clock(request).pk))
    assert (entry.detail["due_on"], entry.detail["new_due_on"]) == ("2027-01-20", "2027-01-11")


def test_a_threat_found_late_changes_nothing_and_logs_nothing(worker, register):
    request = register(debt_help_question=True)
    finish_conversation(worker, request, datetime.date(2027, 1, 18), debt_urgent=True, threats=["energy_cutoff"])
    assert not AccessLogEntry.objects.filter(purpose=SHORTENED).exists()


def test_the_daily_catch_up_shortens_the_term_beside_a_conversation_written_in_bulk(worker, register):
    request = register(debt_help_question=True)
    # Written in bulk (an import): no service announced it, so the term still runs four weeks.
    ConversationFactory(help_request=request, worker=worker, held_on=datetime.date(2027, 1, 6), finished=True,
                        debt_urgent=True, threats=["eviction"])
    assert debt_clock(request).due_on == datetime.date(2027, 1, 20)
    assert services.legal_clocks_catch_up_threats() == 1
    assert debt_clock(request).due_on == datetime.date(2027, 1, 11)
    entry = AccessLogEntry.objects.get(purpose=SHORTENED)
    assert (entry.user, entry.detail["new_due_on"]) == (None, "2027-01-11")
    assert services.legal_clocks_catch_up_threats() == 0  # idempotent
    assert AccessLogEntry.objects.filter(purpose=SHORTENED).count() == 1


def test_the_daily_catch_up_leaves_a_term_that_ends_sooner_and_a_met_term_alone(worker, register, resident):
    late = register(debt_help_question=True)
    ConversationFactory(help_request=late, worker=worker, held_on=datetime.date(2027, 1, 18), finished=True,
                        debt_urgent=True, threats=["eviction"])
    met = register(debt_help_question=True, question="Schulden, ook bij de energieleverancier.")
    services.legal_clock_record(user=worker, request=None, help_request=met,
                                step=services.ClockStep.DEBT_CONVERSATION, on=datetime.date(2027, 1, 5))
    ConversationFactory(help_request=met, worker=worker, held_on=datetime.date(2027, 1, 6), finished=True,
                        debt_urgent=True, threats=["eviction"])
    assert services.legal_clocks_catch_up_threats() == 0
    assert (debt_clock(late).due_on, debt_clock(met).due_on) == (datetime.date(2027, 1, 20), datetime.date(2027, 1, 20))


def test_the_daily_catch_up_does_not_read_terms_already_shortened_again(worker, register,
                                                                        django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = register(debt_help_question=True)
    finish_conversation(worker, first, datetime.date(2027, 1, 6), debt_urgent=True, threats=["eviction"])
    with CaptureQueriesContext(connection) as one:
        assert services.legal_clocks_catch_up_threats() == 0
    for _ in range(3):
        finish_conversation(worker, register(debt_help_question=True), datetime.date(2027, 1, 6),
                            debt_urgent=True, threats=["eviction"])
    with django_assert_max_num_queries(len(one)):
        assert services.legal_clocks_catch_up_threats() == 0
