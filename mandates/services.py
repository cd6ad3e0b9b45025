"""The only writers of decisions, objections and letters. Each writes the access log in the
same transaction as the change."""

from __future__ import annotations

import datetime
import decimal
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import access_log_record
from intake import events as intake_events
from intake.models import Conversation, ConversationStatus, HelpRequest, RequestStatus

from . import clocks, events
from .checks import MandateCheck, check_mandate
from .models import (
    ClockKind,
    Decision,
    DecisionKind,
    DecisionLetter,
    DecisionLine,
    DecisionSettings,
    DecisionStatus,
    GeneralProvision,
    LegalClock,
    LetterStatus,
    Objection,
    ObjectionStatus,
    OfferedGeneralProvision,
    Provision,
    Unit,
)

logger = logging.getLogger(__name__)

WEEKLY_UNITS = (Unit.HOURS_PER_WEEK, Unit.DAYPARTS_PER_WEEK)


class DecisionError(Exception):
    """The decision cannot take this step; the message says why (shown to the user)."""


class OutsideMandate(DecisionError):
    def __init__(self, check: MandateCheck) -> None:
        super().__init__(check.reason)
        self.check = check


class DecisionConflict(DecisionError):
    """Someone else changed the decision since this user loaded it."""


@dataclass(frozen=True)
class LineInput:
    provision: Provision
    volume: decimal.Decimal


@dataclass(frozen=True)
class DecisionInput:
    kind: str
    outcome: str
    delivery: str
    start_on: datetime.date
    end_on: datetime.date | None
    application_on: datetime.date
    reasoning: str
    legal_ground: str
    lines: tuple[LineInput, ...]
    urgent: bool = False
    provider_agb: str = ""
    general_provisions: tuple[GeneralProvision, ...] = ()
    extension_weeks: int = 0
    suspended_days: int = 0


def _log(user: User, request: HttpRequest | None, action: str, decision: Decision, purpose: str,
         detail: dict | None = None) -> None:
    access_log_record(user=user, action=action, obj=decision, resident_id=decision.resident_id,
                      purpose=purpose, request=request, detail=detail or {})


def line_cost(*, provision: Provision, volume: decimal.Decimal, unit_price: decimal.Decimal, weeks: int) -> decimal.Decimal:
    """Weekly volumes cost volume x price x the weeks the decision covers; others volume x price."""
    factor = weeks if provision.unit in WEEKLY_UNITS else 1
    return (volume * unit_price * factor).quantize(decimal.Decimal("0.01"))


def compute_clocks(*, kind: str, melding_on: datetime.date, application_on: datetime.date,
                   first_conversation_on: datetime.date, urgent: bool, extension_weeks: int = 0,
                   suspended_days: int = 0) -> dict[str, datetime.date | None]:
    """The clocks of one decision, stored on it (mandates.clocks does the counting)."""
    cal = clocks.load_calendar()
    result: dict[str, datetime.date | None] = {"investigation_due_on": None, "first_conversation_due_on": None}
    if kind == DecisionKind.WMO:
        result["investigation_due_on"] = clocks.wmo_investigation_due(cal, melding_on=melding_on)
        result["due_on"] = clocks.wmo_decision_due(cal, application_on=application_on)
    elif kind == DecisionKind.SPECIAL_ASSISTANCE:
        result["due_on"] = clocks.special_assistance_decision_due(
            cal, application_on=application_on, extension_weeks=extension_weeks, suspended_days=suspended_days)
    else:
        result["first_conversation_due_on"] = clocks.debt_first_conversation_due(
            cal, requested_on=melding_on, urgent=urgent)
        result["due_on"] = clocks.debt_access_decision_due(
            cal, first_conversation_on=first_conversation_on, weeks=DecisionSettings.current().debt_access_weeks)
    return result


def _mandate_check_for(user: User, decision: Decision, on: datetime.date) -> MandateCheck:
    lines = list(decision.lines.select_related("provision__product_category"))
    categories = {line.provision.product_category for line in lines if line.provision.product_category_id}
    hours = sum((line.volume for line in lines if line.unit == Unit.HOURS_PER_WEEK), decimal.Decimal(0))
    check = MandateCheck(True, "")
    # Every category in the decision must be covered; the amount is the decision's total.
    for category in categories or {None}:
        check = check_mandate(user, kind=decision.kind, amount=decision.total_cost, on=on,
                              category=category, hours=hours or None)
        if not check.inside:
            return check
    return check


def decision_mandate_check(*, user: User, decision: Decision, on: datetime.date) -> MandateCheck:
    return _mandate_check_for(user, decision, on)


@transaction.atomic
def decision_prepare(*, user: User, request: HttpRequest | None, conversation: Conversation,
                     data: DecisionInput, corrects: Decision | None = None) -> Decision:
    """Prepare a decision from a finished conversation: prices from the catalogue on the start
    date, the total cost and the law's clocks computed and stored."""
    help_request = conversation.help_request
    clock_dates = compute_clocks(
        kind=data.kind, melding_on=help_request.first_contact_on, application_on=data.application_on,
        first_conversation_on=conversation.held_on, urgent=data.urgent or conversation.debt_urgent,
        extension_weeks=data.extension_weeks, suspended_days=data.suspended_days)
    application_on, decision_clock = data.application_on, None
    if data.kind in (DecisionKind.WMO, DecisionKind.DEBT_HELP):
        # The clocks started by the request's own events hold: the decision takes its dates from
        # them instead of recounting (a Wmo application not yet recorded is recorded now).
        if data.kind == DecisionKind.WMO:
            legal_clocks_start(help_request=help_request)
            LegalClock.objects.get_or_create(
                help_request=help_request, kind=ClockKind.WMO_DECISION,
                defaults={"started_on": data.application_on, "due_on": clock_dates["due_on"]})
        running = {c.kind: c for c in LegalClock.objects.select_for_update().filter(help_request=help_request)}
        for kind, field in ((ClockKind.WMO_INVESTIGATION, "investigation_due_on"),
                            (ClockKind.DEBT_FIRST_CONVERSATION, "first_conversation_due_on")):
            if kind in running and clock_dates[field] is not None:
                clock_dates[field] = running[kind].due_on
        decision_kind = ClockKind.WMO_DECISION if data.kind == DecisionKind.WMO else ClockKind.DEBT_ACCESS_DECISION
        decision_clock = running.get(decision_kind)
        if decision_clock is not None:
            clock_dates["due_on"] = decision_clock.due_on
            if data.kind == DecisionKind.WMO:
                application_on = decision_clock.started_on
    decision = Decision.objects.create(
        help_request=help_request, conversation=conversation, resident_id=help_request.resident_id,
        household_id=conversation.household_id, kind=data.kind, outcome=data.outcome, delivery=data.delivery,
        start_on=data.start_on, end_on=data.end_on, reasoning=data.reasoning, provider_agb=data.provider_agb, legal_ground=data.legal_ground,
        urgent=data.urgent or conversation.debt_urgent, melding_on=help_request.first_contact_on,
        application_on=application_on, extension_weeks=data.extension_weeks,
        suspended_days=data.suspended_days, prepared_by=user, corrects=corrects, **clock_dates,
    )
    if decision_clock is not None:
        LegalClock.objects.filter(pk=decision_clock.pk).update(decision=decision)
    total = decimal.Decimal(0)
    for line in data.lines:
        price = line.provision.price_on(data.start_on)
        if price is None:
            raise DecisionError(_("%(provision)s has no price on the start date.") % {"provision": line.provision})
        cost = line_cost(provision=line.provision, volume=line.volume, unit_price=price, weeks=decision.weeks())
        DecisionLine.objects.create(decision=decision, provision=line.provision, volume=line.volume,
                                    unit=line.provision.unit, unit_price=price, cost=cost)
        total += cost
    decision.total_cost = total
    decision.save(update_fields=["total_cost"])
    for provision in data.general_provisions:
        OfferedGeneralProvision.objects.get_or_create(conversation=conversation, provision=provision,
                                                      defaults={"recorded_by": user})
    _log(user, request, Action.CREATE, decision, "mandates: prepare decision",
         {"corrects": corrects.pk if corrects else None})
    return decision


def _locked(decision: Decision, expected_version: int) -> Decision:
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if current.version != expected_version or current.is_sent:
        raise DecisionConflict(_("Someone else changed or decided this decision in the meantime."))
    return current


@transaction.atomic
def decision_decide(*, user: User, request: HttpRequest | None, decision: Decision, expected_version: int,
                    today: datetime.date) -> Decision:
    """Decide and send, on behalf of the college, under the user's mandate. Outside it nothing
    changes (a crafted POST cannot decide). The version compare-and-swap stops two approvers
    from both deciding."""
    current = _locked(decision, expected_version)
    check = _mandate_check_for(user, current, today)
    if not check.inside:
        raise OutsideMandate(check)
    now = timezone.now()
    cal = clocks.load_calendar()
    current.status = DecisionStatus.SENT
    current.decided_by = user
    current.mandate = check.mandate
    current.decided_at = now
    current.sent_on = today
    current.objection_period_ends_on = clocks.objection_period_ends(cal, sent_on=today)
    current.version += 1
    current.save()
    # Sending the decision is the act its legal clock waited for.
    LegalClock.objects.filter(decision=current, stopped_on__isnull=True).update(stopped_on=today)
    _log(user, request, Action.UPDATE, current, "mandates: decide under mandate",
         {"mandate": check.mandate.pk, "four_eyes": current.submitted_at is not None})
    letter = DecisionLetter.objects.create(decision=current)
    _enqueue_letter(letter)
    events.decision_sent(current)
    return current


def _enqueue_letter(letter: DecisionLetter) -> None:
    from .tasks import render_letter

    transaction.on_commit(lambda: render_letter.delay(letter.pk))


@transaction.atomic
def decision_submit(*, user: User, request: HttpRequest | None, decision: Decision, expected_version: int,
                    today: datetime.date) -> Decision:
    """Outside the preparer's mandate: route to a mandated colleague (four eyes). The waiting
    time runs from now."""
    current = _locked(decision, expected_version)
    if current.status != DecisionStatus.DRAFT:
        raise DecisionError(_("This decision is already waiting for approval."))
    check = _mandate_check_for(user, current, today)
    current.status = DecisionStatus.AWAITING_APPROVAL
    current.submitted_at = timezone.now()
    current.outside_mandate_reason = "" if check.inside else check.reason[:255]
    current.version += 1
    current.save()
    _log(user, request, Action.UPDATE, current, "mandates: route decision for approval")
    return current


@transaction.atomic
def decision_discard(*, user: User, request: HttpRequest | None, decision: Decision, expected_version: int) -> None:
    """Remove a prepared decision that will not be sent (a wrong kind, a changed situation, a
    typo to prepare again), also from a colleague's approval queue. A sent decision is never
    removed (a trigger guards that too): it is corrected by a new decision. The access log keeps
    what was discarded; the clocks stay, as the request's own terms."""
    current = _locked(decision, expected_version)
    lines = list(current.lines.values_list("provision_id", "volume", "cost"))
    _log(user, request, Action.DELETE, current, "mandates: discard prepared decision",
         {"kind": current.kind, "status": current.status, "outcome": current.outcome,
          "total_cost": str(current.total_cost), "corrects": current.corrects_id,
          "lines": [[provision, str(volume), str(cost)] for provision, volume, cost in lines]})
    current.lines.all().delete()
    current.delete()


@transaction.atomic
def decision_revise(*, user: User, request: HttpRequest | None, decision: Decision, expected_version: int,
                    data: DecisionInput) -> Decision:
    """Change a prepared decision before it is sent: it is prepared anew from the changed input
    (prices, costs and clocks counted again) and the old one discarded, in one transaction; the
    access log has both. The new one starts as prepared: a mandated colleague's approval was
    asked for the old content. A correction stays a correction of the same sent decision."""
    current = _locked(decision, expected_version)
    if current.conversation is None:
        raise DecisionError(_("This decision was not prepared from a conversation; discard it instead."))
    conversation, corrects = current.conversation, current.corrects
    decision_discard(user=user, request=request, decision=current, expected_version=expected_version)
    return decision_prepare(user=user, request=request, conversation=conversation, data=data, corrects=corrects)


@transaction.atomic
def decision_change_term(*, user: User, request: HttpRequest | None, decision: Decision, expected_version: int,
                         extension_weeks: int, suspended_days: int) -> Decision:
    """Special assistance: extend the decision term with notice to the applicant (Awb 4:14) or
    suspend it while the applicant completes the application (Awb 4:15); the clock is recounted."""
    current = _locked(decision, expected_version)
    if current.kind != DecisionKind.SPECIAL_ASSISTANCE:
        raise DecisionError(_("Only the term of a special-assistance decision is extended or suspended here."))
    cal = clocks.load_calendar()
    current.extension_weeks = extension_weeks
    current.suspended_days = suspended_days
    current.due_on = clocks.special_assistance_decision_due(cal, application_on=current.application_on,
                                                            extension_weeks=extension_weeks,
                                                            suspended_days=suspended_days)
    current.version += 1
    current.save()
    _log(user, request, Action.UPDATE, current, "mandates: change decision term",
         {"extension_weeks": extension_weeks, "suspended_days": suspended_days})
    return current


def letters_requeue(*, older_than: datetime.timedelta) -> int:
    """Re-enqueue letters still waiting after `older_than` (a worker lost, a broker restarted)."""
    from .tasks import render_letter

    stale = list(DecisionLetter.objects.filter(status=LetterStatus.PENDING,
                                               created_at__lt=timezone.now() - older_than).values_list("pk", flat=True))
    for letter_id in stale:
        render_letter.delay(letter_id)
    return len(stale)


@transaction.atomic
def objection_register(*, user: User, request: HttpRequest | None, decision: Decision, received_on: datetime.date,
                       grounds: str, advisory_committee: bool) -> Objection:
    """Register an objection (bezwaar) with its own clock (Awb 7:10)."""
    if not decision.is_sent:
        raise DecisionError(_("An objection can only be made against a sent decision."))
    settings = DecisionSettings.current()
    end = decision.objection_period_ends_on
    cal = clocks.load_calendar()
    objection = Objection.objects.create(
        decision=decision, received_on=received_on, grounds=grounds, advisory_committee=advisory_committee,
        late=received_on > end, registered_by=user,
        due_on=clocks.objection_decision_due(cal, objection_period_end=end, advisory_committee=advisory_committee,
                                             weeks=settings.objection_decision_weeks,
                                             committee_weeks=settings.objection_committee_weeks),
    )
    _log(user, request, Action.CREATE, decision, "mandates: register objection", {"objection": objection.pk})
    return objection


@transaction.atomic
def objection_extend(*, user: User, request: HttpRequest | None, objection: Objection,
                     today: datetime.date) -> Objection:
    """Awb 7:10(3): the decision on an objection may be put off once, by six weeks (the
    objector is told); the clock is recounted by mandates.clocks, not shifted by hand."""
    current = Objection.objects.select_for_update().select_related("decision").get(pk=objection.pk)
    if current.status != ObjectionStatus.OPEN:
        raise DecisionError(_("This objection has been decided already."))
    if current.extended_on is not None:
        raise DecisionError(_("The term of this objection has been extended once already (Awb 7:10(3))."))
    settings = DecisionSettings.current()
    current.due_on = clocks.objection_decision_due(
        clocks.load_calendar(), objection_period_end=current.decision.objection_period_ends_on,
        advisory_committee=current.advisory_committee, weeks=settings.objection_decision_weeks,
        committee_weeks=settings.objection_committee_weeks, extended=True)
    current.extended_on = today
    current.save(update_fields=["due_on", "extended_on"])
    _log(user, request, Action.UPDATE, current.decision, "mandates: extend objection term",
         {"objection": current.pk, "due_on": current.due_on.isoformat()})
    return current


def may_decide_objection(user: User, objection: Objection) -> bool:
    """Awb 10:3(3): whoever decided under mandate does not decide the objection against it."""
    return user.pk != objection.decision.decided_by_id


@transaction.atomic
def objection_decide(*, user: User, request: HttpRequest | None, objection: Objection, outcome: str,
                     today: datetime.date) -> Objection:
    current = Objection.objects.select_for_update().select_related("decision").get(pk=objection.pk)
    if not may_decide_objection(user, current):
        raise DecisionError(_("You decided this decision under mandate, so you may not decide the objection "
                              "against it (Awb 10:3(3))."))
    if current.status != ObjectionStatus.OPEN:
        raise DecisionError(_("This objection has been decided already."))
    current.status = ObjectionStatus.DECIDED
    current.outcome = outcome
    current.decided_by = user
    current.decided_on = today
    current.save()
    _log(user, request, Action.UPDATE, current.decision, "mandates: decide objection", {"objection": current.pk})
    return current


@transaction.atomic
def letter_render(*, letter_id: int) -> DecisionLetter:
    """Render the letter PDF and store it (idempotent: a rendered letter is left alone)."""
    from .letters import render_pdf

    letter = DecisionLetter.objects.select_for_update().select_related("decision").get(pk=letter_id)
    if letter.status == LetterStatus.DONE:
        return letter
    try:
        content = render_pdf(letter.decision)
    except Exception as exc:  # a broken letter must show as failed, not stay "waiting" forever
        logger.exception("decision letter %s failed", letter.pk)
        letter.status = LetterStatus.FAILED
        letter.error = str(exc)[:2000]
        letter.save(update_fields=["status", "error"])
        return letter
    from django.core.files.base import ContentFile

    letter.pdf.save(f"beschikking-{letter.decision_id}.pdf", ContentFile(content), save=False)
    letter.status = LetterStatus.DONE
    letter.rendered_at = timezone.now()
    letter.error = ""
    letter.save(update_fields=["pdf", "status", "rendered_at", "error"])
    return letter


# ---------------------------------------------------------------------------------------------
# Legal clocks of a request for help, started by its own events (not by preparing a decision).


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


def _debt_first_conversation(cal: clocks.LegalCalendar, help_request_id: int, conversation_id: int,
                             held_on: datetime.date, urgent: bool) -> LegalClock:
    """The debt question is put in the kitchen-table conversation, so its day starts the term."""
    return LegalClock(help_request_id=help_request_id, conversation_id=conversation_id,
                      kind=ClockKind.DEBT_FIRST_CONVERSATION, started_on=held_on,
                      due_on=clocks.debt_first_conversation_due(cal, requested_on=held_on, urgent=urgent))


@transaction.atomic
def legal_clocks_start(*, help_request: HelpRequest) -> None:
    """Start the clocks the request's events call for (idempotent: one clock per request and
    term, ON CONFLICT DO NOTHING): the Wmo investigation from a Wmo melding (art. 2.3.2; a
    request settled at intake, or a question about money, debts or work only, needs none), the
    first debt-help conversation from a finished conversation with a debt question (3 working
    days when urgent, else 4 weeks)."""
    cal = clocks.load_calendar()
    new = []
    if help_request.status != RequestStatus.SETTLED and help_request.wmo_melding:
        new.append(_wmo_investigation(cal, help_request.pk, help_request.first_contact_on))
    conversation = Conversation.objects.filter(help_request_id=help_request.pk,
                                               status=ConversationStatus.FINISHED).first()
    if conversation is not None and _debt_question(conversation):
        new.append(_debt_first_conversation(cal, help_request.pk, conversation.pk, conversation.held_on,
                                            conversation.debt_urgent))
    LegalClock.objects.bulk_create(new, ignore_conflicts=True)


def legal_clocks_follow_request(*, help_request: HelpRequest, corrected_by: User | None = None,
                                request: HttpRequest | None = None) -> None:
    """Keep the clocks in line with the request (intake.events): start what it calls for. When a
    correction (`corrected_by`) says the request is not a Wmo melding after all, withdraw the
    investigation clock started by mistake, logged with its dates, as long as the term has not
    been acted on: once the receipt was confirmed, the report recorded, the application recorded
    or a Wmo decision prepared, the correction is refused (intake.events.ChangeRefused)."""
    legal_clocks_start(help_request=help_request)
    if help_request.wmo_melding or corrected_by is None:
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


def legal_clocks_catch_up(*, chunk: int = 2000) -> int:
    """Start the clocks of events that no service announced: rows written in bulk (the demo data,
    imports) bypass intake.events, so the daily job picks up finished conversations with a debt
    question that have no clock yet. Streamed and written per batch (bounded memory); idempotent."""
    cal = clocks.load_calendar()
    has_clock = LegalClock.objects.filter(help_request_id=OuterRef("help_request_id"),
                                          kind=ClockKind.DEBT_FIRST_CONVERSATION)
    rows = (Conversation.objects.filter(DEBT_QUESTION, status=ConversationStatus.FINISHED)
            .exclude(Exists(has_clock)).values_list("pk", "help_request_id", "held_on", "debt_urgent").order_by("pk"))
    created, batch = 0, []
    for pk, help_request_id, held_on, urgent in rows.iterator(chunk_size=chunk):
        batch.append(_debt_first_conversation(cal, help_request_id, pk, held_on, urgent))
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
    legal_clocks_start(help_request=help_request)
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
