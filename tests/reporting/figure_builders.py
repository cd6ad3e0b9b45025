"""Builders for the figure tests: small, explicit rows in a zone on a date, so each test can
hand-compute its expected numbers. Residents get no BSN unless a test needs one (the ~900 test
BSNs are shared by the whole session)."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.utils import timezone

from cases.factories import CaseFactory, FollowUpFactory
from cases.models import Evaluation, EvaluationScore, FollowUpStatus
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome, ConversationStatus, LifeDomain, RequestStatus
from mandates.factories import DecisionFactory, DecisionLineFactory, MandateFactory
from mandates.models import (
    Decision,
    DecisionKind,
    DecisionOutcome,
    DecisionStatus,
    Objection,
    ObjectionStatus,
)
from reporting.figures.base import Section

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def day(d: int, month: int = 3) -> datetime.date:
    return datetime.date(2026, month, d)


def resident_in(zone, **resident: Any):
    """A membership (household + resident) in the zone."""
    resident.setdefault("bsn", None)
    return MembershipFactory(household__zone=zone, **{f"resident__{k}": v for k, v in resident.items()})


def help_request(membership, zone, *, on: datetime.date, **fields: Any):
    return HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                              first_contact_on=on, **fields)


def conversation(request, worker, *, held_on: datetime.date, finished: bool = True, **fields: Any):
    request.status = RequestStatus.IN_CONVERSATION
    request.assigned_worker = worker
    request.save(update_fields=["status", "assigned_worker"])
    if finished:
        fields.setdefault("outcome", ConversationOutcome.NEEDS_DECISION)
        fields.update(status=ConversationStatus.FINISHED, finished_at=timezone.now())
    return ConversationFactory(help_request=request, worker=worker, held_on=held_on, **fields)


def visit(membership, zone, worker, *, on: datetime.date, held_on: datetime.date, **fields: Any):
    """A request and its kitchen-table conversation."""
    return conversation(help_request(membership, zone, on=on), worker, held_on=held_on, **fields)


def sent_decision(conv, worker, *, sent_on: datetime.date, kind: str = DecisionKind.WMO,
                  outcome: str = DecisionOutcome.GRANTED, application_on: datetime.date | None = None,
                  due_on: datetime.date | None = None, lines: tuple = (), **fields: Any) -> Decision:
    """A decision prepared with its lines, then sent (lines of a sent decision are immutable, so
    they are written first, as the services do). A line is (provision, cost) or (provision, cost,
    volume); `fields` go to the decision (start_on, end_on, corrects)."""
    application_on = application_on or sent_on - datetime.timedelta(days=7)
    decision = DecisionFactory(conversation=conv, kind=kind, outcome=outcome, application_on=application_on,
                               due_on=due_on or application_on + datetime.timedelta(days=14), **fields)
    for provision, cost, *volume in lines:
        DecisionLineFactory(decision=decision, provision=provision, cost=decimal.Decimal(cost),
                            **({"volume": decimal.Decimal(volume[0])} if volume else {}))
    mandate = MandateFactory(holder=worker, kind=kind)
    Decision.objects.filter(pk=decision.pk).update(
        status=DecisionStatus.SENT, decided_by=worker, mandate=mandate, decided_at=timezone.now(), sent_on=sent_on,
        objection_period_ends_on=sent_on + datetime.timedelta(weeks=6))
    decision.refresh_from_db()
    return decision


def objection(decision, worker, *, received_on: datetime.date, outcome: str = "") -> Objection:
    decided = {"status": ObjectionStatus.DECIDED, "outcome": outcome, "decided_by": worker,
               "decided_on": received_on} if outcome else {}
    return Objection.objects.create(decision=decision, received_on=received_on, grounds="Ik ben het er niet mee eens.",
                                    due_on=received_on + datetime.timedelta(weeks=6), registered_by=worker, **decided)


def case(conv, *, opened_on: datetime.date, **fields: Any):
    return CaseFactory(conversation=conv, opened_on=opened_on, **fields)


def evaluation(case_, worker, *, held_on: datetime.date, scores: dict[str, int]) -> Evaluation:
    evaluation_ = Evaluation.objects.create(case=case_, held_on=held_on, by=worker)
    for code, value in scores.items():
        EvaluationScore.objects.create(evaluation=evaluation_, domain=LifeDomain.objects.get(code=code), score=value)
    return evaluation_


def follow_up(case_, worker, *, months: int, done_on: datetime.date, result: str):
    return FollowUpFactory(case=case_, months=months, status=FollowUpStatus.DONE, result=result, done_on=done_on,
                           done_by=worker)


def table(section: Section, index: int = 0) -> list[list]:
    """A table as plain rows: a label as its text, a number as (value, residents)."""
    return [[cell.value if cell.unit == "text" else (cell.value, cell.residents) for cell in row]
            for row in section.tables[index].rows]


def row(section: Section, name: str, index: int = 0) -> list:
    return next(r[1:] for r in table(section, index) if r[0] == name)
