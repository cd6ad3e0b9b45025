"""Objections (bezwaar) against a sent decision: register, extend the term once, decide."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action

from .. import clocks
from ..models import Decision, DecisionSettings, Objection, ObjectionStatus
from .common import DecisionError, _log


@transaction.atomic
def objection_register(*, user: User, request: HttpRequest | None, decision: Decision, received_on: datetime.date,
                       grounds: str, advisory_committee: bool) -> Objection:
    """Register an objection (bezwaar) with its own clock (Awb 7:10). The same objection posted
    twice (a double click, a reload) is registered once: the second returns the first."""
    if not decision.is_sent:
        raise DecisionError(_("An objection can only be made against a sent decision."))
    # Serialises two registrations for one decision, so the second sees the first.
    Decision.objects.select_for_update().filter(pk=decision.pk).first()
    same = Objection.objects.filter(decision=decision, received_on=received_on, grounds=grounds,
                                    status=ObjectionStatus.OPEN).first()
    if same is not None:
        return same
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
    if today > current.due_on:
        # Putting off is a decision taken within the term; once it has passed, the decision is late.
        raise DecisionError(_("The term of this objection has passed: it can only be put off before it ends "
                              "(Awb 7:10(3))."))
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
