"""Legal clocks of a request for help, started by its own events (not by preparing a decision):
start them, follow corrections of the request, catch up on bulk-written rows, record their
events."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import access_log_record
from intake import events as intake_events
from intake.models import Conversation, ConversationStatus, HelpRequest, RequestStatus

from .. import clocks
from ..models import ClockKind, Decision, DecisionKind, DecisionSettings, LegalClock
from .common import DecisionError


class ClockStep:
    """What the worker records on the request page, each the event of a legal clock."""

    RECEIPT = "receipt"
    REPORT = "report"
    APPLICATION = "application"
    DEBT_CONVERSATION = "debt_conversation"

    ALL = (RECEIPT, REPORT, APPLICATION, DEBT_CONVERSATION)


DEBT_QUESTION = (Q(debt_urgent=True) | ~Q(arrears=[]) | ~Q(threats=[]) | ~Q(debt_note=""))


def _debt_question(conversation: Conversation) -> bool:
    """A finished conversation whose debt screening found a question for debt help (Wgs art. 4:
    the help question may be oral)."""
    return bool(conversation.debt_urgent or conversation.arrears or conversation.threats
                or conversation.debt_note.strip())


def _wmo_investigation(cal: clocks.LegalCalendar, help_request_id: int, melding_on: datetime.date) -> LegalClock:
    return LegalClock(help_request_id=help_request_id, kind=ClockKind.WMO_INVESTIGATION, started_on=melding_on,
                      due_on=clocks.wmo_investigation_due(cal, melding_on=melding_on))


def _debt_first_conversation(cal: clocks.LegalCalendar, help_request_id: int, conversation_id: int | None,
                             asked_on: datetime.date, urgent: bool) -> LegalClock:
    """The term runs from the day the help question was put: the first contact when the request
    was registered as a question for debt help (no conversation), else the kitchen-table
    conversation in which the debt screening found it."""
    return LegalClock(help_request_id=help_request_id, conversation_id=conversation_id,
                      kind=ClockKind.DEBT_FIRST_CONVERSATION, started_on=asked_on,
                      due_on=clocks.debt_first_conversation_due(cal, requested_on=asked_on, urgent=urgent))


@transaction.atomic
def legal_clocks_start(*, help_request: HelpRequest, acted_by: User | None = None,
                       request: HttpRequest | None = None) -> None:
    """Start the clocks the request's events call for (idempotent: one clock per request and
    term, ON CONFLICT DO NOTHING): the Wmo investigation from a Wmo melding (art. 2.3.2; a
    request settled at intake, or a question about money, debts or work only, needs none), the
    first debt-help conversation from the first contact of a request registered as a question for
    debt help, or else from a finished conversation with a debt question (3 working days when
    eviction, a cut-off or the end of the health insurance threatens, else 4 weeks). A threat that
    only the kitchen-table conversation brings to light shortens a term started at the first
    contact (`_debt_threat_found`), logged as `acted_by`'s work (None: the system's)."""
    cal = clocks.load_calendar()
    new = []
    conversation = Conversation.objects.filter(help_request_id=help_request.pk,
                                               status=ConversationStatus.FINISHED).first()
    if help_request.status != RequestStatus.SETTLED and help_request.wmo_melding:
        new.append(_wmo_investigation(cal, help_request.pk, help_request.first_contact_on))
    if help_request.status != RequestStatus.SETTLED and help_request.debt_help_question:
        new.append(_debt_first_conversation(cal, help_request.pk, None, help_request.first_contact_on,
                                            help_request.debt_threat))
    elif conversation is not None and _debt_question(conversation):
        new.append(_debt_first_conversation(cal, help_request.pk, conversation.pk, conversation.held_on,
                                            conversation.debt_urgent))
    LegalClock.objects.bulk_create(new, ignore_conflicts=True)
    if help_request.debt_help_question and conversation is not None and conversation.debt_urgent:
        _debt_threat_found(cal, help_request, acted_by, request)


def _debt_threat_found(cal: clocks.LegalCalendar, help_request: HelpRequest, acted_by: User | None,
                       request: HttpRequest | None) -> bool:
    """The request was registered as a question for debt help, and the kitchen-table conversation
    found a threat (eviction, a cut-off, the end of the health insurance): the running term
    follows `_debt_due`, which shortens it to 3 working days from that conversation. Counting the
    3 days from the first contact would make a term that ran out before anyone knew of the threat;
    waiting out the 4 weeks would ignore it. A term already met stays as it was. A shortened
    deadline is a change to the resident's record: logged with both dates. True when shortened."""
    clock = (LegalClock.objects.select_for_update()
             .filter(help_request_id=help_request.pk, kind=ClockKind.DEBT_FIRST_CONVERSATION,
                     conversation__isnull=True, stopped_on__isnull=True).first())
    if clock is None:
        return False
    due = _debt_due(clock, help_request, cal)
    if due < clock.due_on:
        access_log_record(user=acted_by, action=Action.UPDATE, obj=clock, resident_id=help_request.resident_id,
                          purpose="mandates: debt-help term shortened by the threat the conversation found",
                          request=request, detail={"help_request": help_request.pk,
                                                   "started_on": clock.started_on.isoformat(),
                                                   "due_on": clock.due_on.isoformat(), "new_due_on": due.isoformat()})
        clock.due_on = due
        clock.save(update_fields=["due_on"])
        return True
    return False


def legal_clocks_follow_request(*, help_request: HelpRequest, corrected_by: User | None = None,
                                acted_by: User | None = None, request: HttpRequest | None = None) -> None:
    """Keep the clocks in line with the request (intake.events): start what it calls for. When a
    correction (`corrected_by`) says the request is not a Wmo melding after all, withdraw the
    investigation clock started by mistake, logged with its dates, as long as the term has not
    been acted on: once the receipt was confirmed, the report recorded, the application recorded
    or a Wmo decision prepared, the correction is refused (intake.events.ChangeRefused). The
    debt-help marker likewise (`_follow_debt_marker`)."""
    legal_clocks_start(help_request=help_request, acted_by=corrected_by or acted_by, request=request)
    if corrected_by is None:
        return
    _follow_debt_marker(help_request, corrected_by, request)
    if help_request.wmo_melding:
        return
    clock = (LegalClock.objects.select_for_update()
             .filter(help_request_id=help_request.pk, kind=ClockKind.WMO_INVESTIGATION).first())
    if clock is None:
        return
    acted_on = (clock.stopped_on or clock.receipt_confirmed_on or clock.decision_id
                or LegalClock.objects.filter(help_request_id=help_request.pk, kind=ClockKind.WMO_DECISION).exists()
                or Decision.objects.filter(help_request_id=help_request.pk, kind=DecisionKind.WMO).exists())
    if acted_on:
        raise intake_events.ChangeRefused("wmo_melding", _(
            "The Wmo investigation term of this melding has already been acted on (receipt confirmed, "
            "report, application or decision recorded), so it stays a Wmo melding."))
    access_log_record(user=corrected_by, action=Action.DELETE, obj=clock, resident_id=help_request.resident_id,
                      purpose="mandates: withdraw Wmo investigation term (not a Wmo melding)", request=request,
                      detail={"help_request": help_request.pk, "started_on": clock.started_on.isoformat(),
                              "due_on": clock.due_on.isoformat()})
    clock.delete()


def _follow_debt_marker(help_request: HelpRequest, corrected_by: User, request: HttpRequest | None) -> None:
    """A correction of the debt-help marker or of the threat: the clock started from the first
    contact is withdrawn (no question for debt help after all) or gets the other term, logged,
    while the first debt-help conversation is still to come; once it was recorded the correction
    is refused. A clock started by the conversation's debt screening is the conversation's."""
    clock = (LegalClock.objects.select_for_update()
             .filter(help_request_id=help_request.pk, kind=ClockKind.DEBT_FIRST_CONVERSATION).first())
    if clock is None:
        return
    if clock.conversation_id is not None:
        if help_request.debt_help_question:
            if clock.stopped_on is not None:
                raise intake_events.ChangeRefused("debt_help_question", _(
                    "The first debt-help conversation has already been recorded, so its term stays as it was."))
            # The question was put at the first contact after all: the term runs from then.
            _debt_restart_from_first_contact(clock, help_request, corrected_by, request)
        return
    if clock.stopped_on is not None:
        if not help_request.debt_help_question or clock.due_on != _debt_due(clock, help_request):
            raise intake_events.ChangeRefused("debt_help_question", _(
                "The first debt-help conversation has already been recorded, so its term stays as it was."))
        return
    dates = {"help_request": help_request.pk, "started_on": clock.started_on.isoformat(),
             "due_on": clock.due_on.isoformat()}
    if not help_request.debt_help_question:
        access_log_record(user=corrected_by, action=Action.DELETE, obj=clock, resident_id=help_request.resident_id,
                          purpose="mandates: withdraw debt-help term (no question for debt help)", request=request,
                          detail=dates)
        clock.delete()
        # A debt question found in a finished conversation still starts its own term.
        legal_clocks_start(help_request=help_request, acted_by=corrected_by, request=request)
        return
    due = _debt_due(clock, help_request)
    if due != clock.due_on:
        access_log_record(user=corrected_by, action=Action.UPDATE, obj=clock, resident_id=help_request.resident_id,
                          purpose="mandates: debt-help term follows the corrected threat", request=request,
                          detail={**dates, "new_due_on": due.isoformat()})
        clock.due_on = due
        clock.save(update_fields=["due_on"])


def _debt_restart_from_first_contact(clock: LegalClock, help_request: HelpRequest, corrected_by: User,
                                     request: HttpRequest | None) -> None:
    """The clock is no longer the conversation's (`conversation` names what started it); the log
    keeps which conversation it was."""
    started = help_request.first_contact_on
    old_started = clock.started_on
    clock.started_on = started
    # A threat the conversation's screening found still counts, also when the correction names none.
    due = _debt_due(clock, help_request)
    access_log_record(user=corrected_by, action=Action.UPDATE, obj=clock, resident_id=help_request.resident_id,
                      purpose="mandates: debt-help term runs from the first contact", request=request,
                      detail={"help_request": help_request.pk, "conversation": clock.conversation_id,
                              "started_on": old_started.isoformat(),
                              "due_on": clock.due_on.isoformat(), "new_started_on": started.isoformat(),
                              "new_due_on": due.isoformat()})
    clock.conversation = None
    clock.started_on, clock.due_on = started, due
    clock.save(update_fields=["conversation", "started_on", "due_on"])


def _debt_due(clock: LegalClock, help_request: HelpRequest, cal: clocks.LegalCalendar | None = None) -> datetime.date:
    """The due date of a term started at the first contact, as the request now reads: 3 working
    days with a registered threat, else 4 weeks, shortened to 3 working days from the
    conversation that found a threat, if that ends sooner (the one rule for both)."""
    cal = cal or clocks.load_calendar()
    due = clocks.debt_first_conversation_due(cal, requested_on=clock.started_on, urgent=help_request.debt_threat)
    threats = Conversation.objects.filter(help_request_id=help_request.pk, status=ConversationStatus.FINISHED,
                                          debt_urgent=True)
    if clock.stopped_on is not None:
        # A threat found after the first debt-help conversation did not move its term (_debt_threat_found).
        threats = threats.filter(held_on__lte=clock.stopped_on)
    found = threats.order_by("held_on").values_list("held_on", flat=True).first()
    if found is not None and not help_request.debt_threat:
        due = min(due, clocks.debt_first_conversation_due(cal, requested_on=found, urgent=True))
    return due


def legal_clocks_catch_up(*, chunk: int = 2000) -> int:
    """Start the clocks of events that no service announced: rows written in bulk (the demo data,
    imports) bypass intake.events, so the daily job picks up requests registered as a question for
    debt help and finished conversations with a debt question that have no clock yet (as
    legal_clocks_start would). Streamed and written per batch (bounded memory); idempotent."""
    cal = clocks.load_calendar()
    no_clock = ~Exists(LegalClock.objects.filter(help_request_id=OuterRef("pk"),
                                                 kind=ClockKind.DEBT_FIRST_CONVERSATION))
    asked = (HelpRequest.objects.filter(no_clock, debt_help_question=True).exclude(status=RequestStatus.SETTLED)
             .values_list("pk", "first_contact_on", "debt_threat").order_by("pk"))
    found = (Conversation.objects.filter(DEBT_QUESTION, status=ConversationStatus.FINISHED,
                                         help_request__debt_help_question=False)
             .exclude(Exists(LegalClock.objects.filter(help_request_id=OuterRef("help_request_id"),
                                                       kind=ClockKind.DEBT_FIRST_CONVERSATION)))
             .values_list("pk", "help_request_id", "held_on", "debt_urgent").order_by("pk"))
    return _create_in_batches(
        (_debt_first_conversation(cal, pk, None, first_contact_on, threat)
         for pk, first_contact_on, threat in asked.iterator(chunk_size=chunk)), chunk
    ) + _create_in_batches(
        (_debt_first_conversation(cal, help_request_id, pk, held_on, urgent)
         for pk, help_request_id, held_on, urgent in found.iterator(chunk_size=chunk)), chunk)


def legal_clocks_catch_up_threats(*, chunk: int = 2000) -> int:
    """Shorten the running terms that a threat found in a finished conversation should have
    shortened (`_debt_threat_found`) when the conversation was written in bulk, past
    intake.events; logged as the system's. Returns how many changed; idempotent. Only running
    terms started at the first contact of a request without a registered threat, beside a
    conversation with one; read in one query, and only a term that the threat's 3 working days
    end sooner than is locked and changed, so a term already shortened costs nothing each day."""
    cal = clocks.load_calendar()
    first_threat = (Conversation.objects.filter(help_request_id=OuterRef("help_request_id"),
                                                status=ConversationStatus.FINISHED, debt_urgent=True)
                    .order_by("held_on").values("held_on")[:1])
    candidates = (LegalClock.objects.filter(kind=ClockKind.DEBT_FIRST_CONVERSATION, conversation__isnull=True,
                                            stopped_on__isnull=True, help_request__debt_threat=False)
                  .annotate(first_threat=Subquery(first_threat)).filter(first_threat__isnull=False)
                  .values_list("help_request_id", "due_on", "first_threat").order_by("pk"))
    shortened = 0
    for help_request_id, due_on, found in candidates.iterator(chunk_size=chunk):
        if clocks.debt_first_conversation_due(cal, requested_on=found, urgent=True) >= due_on:
            continue
        with transaction.atomic():
            shortened += _debt_threat_found(cal, HelpRequest.objects.get(pk=help_request_id), None, None)
    return shortened


def _create_in_batches(new_clocks: Iterable[LegalClock], chunk: int) -> int:
    created, batch = 0, []
    for clock in new_clocks:
        batch.append(clock)
        if len(batch) == chunk:
            created += len(LegalClock.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    if batch:
        created += len(LegalClock.objects.bulk_create(batch, ignore_conflicts=True))
    return created


def _clock(help_request: HelpRequest, kind: str) -> LegalClock:
    clock = LegalClock.objects.select_for_update().filter(help_request=help_request, kind=kind).first()
    if clock is None:
        raise DecisionError(_("This clock has not started for this request."))
    return clock


def _not_before(on: datetime.date, start: datetime.date) -> None:
    if on < start:
        raise DecisionError(_("This date lies before the day the term started (%(start)s).")
                            % {"start": start.strftime("%d-%m-%Y")})


@transaction.atomic
def legal_clock_record(*, user: User, request: HttpRequest | None, help_request: HelpRequest, step: str,
                       on: datetime.date) -> LegalClock:
    """Record an event of a legal clock on the request: the receipt of the melding confirmed with a
    pointer to client support, the investigation report (verslag, stops the investigation
    term), the application (starts the 2-week Wmo decision term) or the first debt-help
    conversation (stops its term, starts the term of the decision on access). Recording the
    same date again changes nothing."""
    legal_clocks_start(help_request=help_request, acted_by=user, request=request)
    cal = clocks.load_calendar()
    if step == ClockStep.RECEIPT:
        clock = _clock(help_request, ClockKind.WMO_INVESTIGATION)
        _not_before(on, clock.started_on)
        if clock.receipt_confirmed_on not in (None, on):
            raise DecisionError(_("The receipt confirmation is recorded already."))
        clock.receipt_confirmed_on = on
        clock.save(update_fields=["receipt_confirmed_on"])
    elif step == ClockStep.REPORT:
        clock = _clock(help_request, ClockKind.WMO_INVESTIGATION)
        _not_before(on, clock.started_on)
        if clock.stopped_on not in (None, on):
            raise DecisionError(_("The investigation report is recorded already."))
        clock.stopped_on = on
        clock.save(update_fields=["stopped_on"])
    elif step == ClockStep.APPLICATION:
        _not_before(on, _clock(help_request, ClockKind.WMO_INVESTIGATION).started_on)
        clock, created = LegalClock.objects.get_or_create(
            help_request=help_request, kind=ClockKind.WMO_DECISION,
            defaults={"started_on": on, "due_on": clocks.wmo_decision_due(cal, application_on=on)})
        if not created and clock.started_on != on:
            raise DecisionError(_("The application is recorded already."))
    elif step == ClockStep.DEBT_CONVERSATION:
        first = _clock(help_request, ClockKind.DEBT_FIRST_CONVERSATION)
        _not_before(on, first.started_on)
        if first.stopped_on not in (None, on):
            raise DecisionError(_("The first debt-help conversation is recorded already."))
        first.stopped_on = on
        first.save(update_fields=["stopped_on"])
        clock, _created = LegalClock.objects.get_or_create(
            help_request=help_request, kind=ClockKind.DEBT_ACCESS_DECISION,
            defaults={"started_on": on, "conversation_id": first.conversation_id, "due_on": clocks.debt_access_decision_due(
                cal, first_conversation_on=on, weeks=DecisionSettings.current().debt_access_weeks)})
    else:
        raise DecisionError(_("Unknown step."))
    access_log_record(user=user, action=Action.UPDATE, obj=help_request, resident_id=help_request.resident_id,
                      purpose="mandates: record legal clock", request=request,
                      detail={"step": step, "on": on.isoformat(), "clock": clock.pk})
    return clock
