"""Decisions: prepare, route for approval, decide under mandate, discard, revise, change the
term, and render (or re-enqueue) the decision letter."""

from __future__ import annotations

import datetime
import decimal
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import access_log_record
from intake.models import Conversation

from .. import clocks, events
from ..checks import MandateCheck, check_mandate
from ..models import (
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
    OfferedGeneralProvision,
    Provision,
    Unit,
)
from .common import DecisionConflict, DecisionError, OutsideMandate, _log
from .legal_clocks import legal_clocks_start

logger = logging.getLogger(__name__)

WEEKLY_UNITS = (Unit.HOURS_PER_WEEK, Unit.DAYPARTS_PER_WEEK)


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


# The largest amount the decision's cost columns hold (max_digits=10, decimal_places=2).
MAX_AMOUNT = decimal.Decimal("99999999.99")

# The request's legal clock a decision of each kind ends (special assistance counts on the decision itself).
_DECISION_CLOCK_KIND = {DecisionKind.WMO: ClockKind.WMO_DECISION, DecisionKind.DEBT_HELP: ClockKind.DEBT_ACCESS_DECISION}


def _mandate_check_for(user: User, decision: Decision, on: datetime.date) -> MandateCheck:
    lines = list(decision.lines.select_related("provision__product_category"))
    categories = {line.provision.product_category for line in lines if line.provision.product_category_id}
    hours = sum((line.volume for line in lines if line.unit == Unit.HOURS_PER_WEEK), decimal.Decimal(0))
    # One mandate covers every category in the decision; the amount is the decision's total.
    return check_mandate(user, kind=decision.kind, amount=decision.total_cost, on=on,
                         categories=sorted(categories, key=lambda c: c.code), hours=hours or None)


def decision_mandate_check(*, user: User, decision: Decision, on: datetime.date) -> MandateCheck:
    return _mandate_check_for(user, decision, on)


def _same_open_decision(conversation: Conversation, data: DecisionInput, corrects: Decision | None) -> Decision | None:
    """The same decision posted twice (a double click, a reload) is prepared once: an open
    decision of the conversation with the same content is returned instead of a second draft,
    which would take the request's clock and could be sent beside the first."""
    candidates = (Decision.objects.open().filter(
        conversation=conversation, corrects=corrects, kind=data.kind, outcome=data.outcome, delivery=data.delivery,
        start_on=data.start_on, end_on=data.end_on, reasoning=data.reasoning, legal_ground=data.legal_ground,
        provider_agb=data.provider_agb, urgent=data.urgent or conversation.debt_urgent,
        extension_weeks=data.extension_weeks, suspended_days=data.suspended_days)
        .prefetch_related("lines").order_by("pk"))
    wanted = sorted((line.provision.pk, line.volume) for line in data.lines)
    for candidate in candidates:
        if sorted((line.provision_id, line.volume) for line in candidate.lines.all()) == wanted:
            return candidate
    return None


def _correction_clocks(corrects: Decision, data: DecisionInput) -> dict[str, datetime.date | None]:
    """A correction answers no application: the decision it corrects met (or missed) the
    application's term, and its stopped clock's date would make the correction overdue the day it
    is prepared. It gets its kind's term counted from the day it is prepared, as a change request
    would; the request's clocks stay the original's."""
    today = timezone.localdate()
    dates = compute_clocks(kind=data.kind, melding_on=today, application_on=today, first_conversation_on=today,
                           urgent=False, extension_weeks=data.extension_weeks, suspended_days=data.suspended_days)
    return dates | {"investigation_due_on": corrects.investigation_due_on,
                    "first_conversation_due_on": corrects.first_conversation_due_on}


@transaction.atomic
def decision_prepare(*, user: User, request: HttpRequest | None, conversation: Conversation,
                     data: DecisionInput, corrects: Decision | None = None) -> Decision:
    """Prepare a decision from a finished conversation: prices from the catalogue on the start
    date, the total cost and the law's clocks computed and stored."""
    help_request = conversation.help_request
    # Serialises two preparations from one conversation, so the second sees the first.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    same = _same_open_decision(conversation, data, corrects)
    if same is not None:
        return same
    clock_dates = compute_clocks(
        kind=data.kind, melding_on=help_request.first_contact_on, application_on=data.application_on,
        first_conversation_on=conversation.held_on, urgent=data.urgent or conversation.debt_urgent,
        extension_weeks=data.extension_weeks, suspended_days=data.suspended_days)
    application_on, decision_clock = data.application_on, None
    if corrects is not None:
        clock_dates = _correction_clocks(corrects, data)
    elif data.kind in (DecisionKind.WMO, DecisionKind.DEBT_HELP):
        # The clocks started by the request's own events hold: the decision takes its dates from
        # them instead of recounting (a Wmo application not yet recorded is recorded now).
        if data.kind == DecisionKind.WMO:
            legal_clocks_start(help_request=help_request, acted_by=user, request=request)
            LegalClock.objects.get_or_create(
                help_request=help_request, kind=ClockKind.WMO_DECISION,
                defaults={"started_on": data.application_on, "due_on": clock_dates["due_on"]})
        running = {c.kind: c for c in LegalClock.objects.select_for_update().filter(help_request=help_request)}
        for kind, field in ((ClockKind.WMO_INVESTIGATION, "investigation_due_on"),
                            (ClockKind.DEBT_FIRST_CONVERSATION, "first_conversation_due_on")):
            if kind in running and clock_dates[field] is not None:
                clock_dates[field] = running[kind].due_on
        decision_kind = _DECISION_CLOCK_KIND[data.kind]
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
        if max(cost, total + cost) > MAX_AMOUNT:
            raise DecisionError(_("The cost of this decision is more than the register holds (EUR %(most)s): "
                                  "check the volumes.") % {"most": MAX_AMOUNT})
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
    # Sending the decision is the act its legal clock waited for: the clock linked to it, or the
    # request's running clock of its kind when a second draft (a double submit, discarded later)
    # took the link.
    clock_kind = _DECISION_CLOCK_KIND.get(current.kind)
    LegalClock.objects.filter(Q(decision=current) | Q(help_request_id=current.help_request_id, kind=clock_kind),
                              stopped_on__isnull=True).update(stopped_on=today, decision=current)
    if current.kind == DecisionKind.WMO:
        _investigation_ended_by(current, today, user, request)
    _log(user, request, Action.UPDATE, current, "mandates: decide under mandate",
         {"mandate": check.mandate.pk, "four_eyes": current.submitted_at is not None})
    letter = DecisionLetter.objects.create(decision=current)
    _enqueue_letter(letter)
    events.decision_sent(current)
    return current


def _investigation_ended_by(decision: Decision, today: datetime.date, user: User,
                            request: HttpRequest | None) -> None:
    """A Wmo decision sent while the investigation term still runs (its report never recorded on
    the request, as on the spot at the kitchen table) ends the investigation that day: a decision
    cannot precede the investigation it rests on, and a term left running would show overdue for
    ever. Whether it ended in time is the term's own state (stopped after the due date: late).
    Logged, as the report would have been, with the dates."""
    clock = (LegalClock.objects.select_for_update()
             .filter(help_request_id=decision.help_request_id, kind=ClockKind.WMO_INVESTIGATION,
                     stopped_on__isnull=True).first())
    if clock is None:
        return
    clock.stopped_on = today
    clock.save(update_fields=["stopped_on"])
    access_log_record(user=user, action=Action.UPDATE, obj=decision.help_request, resident_id=decision.resident_id,
                      purpose="mandates: investigation term ended by the Wmo decision", request=request,
                      detail={"clock": clock.pk, "decision": decision.pk, "on": today.isoformat(),
                              "due_on": clock.due_on.isoformat()})


def _enqueue_letter(letter: DecisionLetter) -> None:
    from ..tasks import render_letter

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
    from ..tasks import render_letter

    stale = list(DecisionLetter.objects.filter(status=LetterStatus.PENDING,
                                               created_at__lt=timezone.now() - older_than).values_list("pk", flat=True))
    for letter_id in stale:
        render_letter.delay(letter_id)
    return len(stale)


@transaction.atomic
def letter_render(*, letter_id: int) -> DecisionLetter:
    """Render the letter PDF and store it (idempotent: a rendered letter is left alone)."""
    from ..letters import render_pdf

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
