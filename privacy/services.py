"""The only writers of disputes and restrictions. Each writes the access log in the same
transaction as the change."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.models import Action
from audit.services import access_log_record
from intake.models import Resident

from .models import DataDispute, DisputeOutcome, LegalHold, ProcessingRestriction


class AlreadyRestricted(Exception):
    pass


class AlreadyResolved(Exception):
    """Someone else resolved the dispute since this user loaded it; `current` says who and when."""

    def __init__(self, current: DataDispute) -> None:
        super().__init__("dispute already resolved")
        self.current = current


@transaction.atomic
def dispute_open(*, user: User, request: HttpRequest | None, resident: Resident, description: str,
                 reference: str = "") -> DataDispute:
    """The resident disputes data (AVG art. 16); the banner shows until it is resolved."""
    dispute = DataDispute.objects.create(resident=resident, description=description, reference=reference,
                                         opened_by=user)
    access_log_record(user=user, action=Action.CREATE, obj=dispute, resident_id=resident.pk,
                      purpose="AVG art. 16: data disputed", request=request)
    return dispute


@transaction.atomic
def dispute_resolve(*, user: User, request: HttpRequest | None, dispute: DataDispute, outcome: DisputeOutcome | str,
                    note: str) -> DataDispute:
    """Closes an open dispute once. A second resolve (another tab, a colleague) changes nothing
    and raises AlreadyResolved with the dispute as the first one left it."""
    updated = DataDispute.objects.filter(pk=dispute.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user, outcome=outcome, outcome_note=note)
    if not updated:
        raise AlreadyResolved(DataDispute.objects.select_related("resident", "resolved_by").get(pk=dispute.pk))
    dispute.refresh_from_db()
    access_log_record(user=user, action=Action.UPDATE, obj=dispute, resident_id=dispute.resident_id,
                      purpose="AVG art. 16: dispute resolved", request=request, detail={"outcome": str(outcome)})
    return dispute


@transaction.atomic
def legal_hold_place(*, user: User, request: HttpRequest | None, resident: Resident, reason: str) -> LegalHold:
    """Keep the resident's data past its retention period (a court case, a complaint)."""
    hold = LegalHold.objects.create(resident=resident, reason=reason, placed_by=user)
    access_log_record(user=user, action=Action.CREATE, obj=hold, resident_id=resident.pk,
                      purpose="retention: legal hold placed", request=request)
    return hold


@transaction.atomic
def legal_hold_release(*, user: User, request: HttpRequest | None, hold: LegalHold,
                       at: datetime.datetime | None = None) -> LegalHold:
    """From the next nightly run, retention may anonymise what the hold kept. Releasing twice
    changes nothing (the first release's moment stands)."""
    at = at or timezone.now()
    if LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(released_at=at):
        access_log_record(user=user, action=Action.UPDATE, obj=hold, resident_id=hold.resident_id,
                          purpose="retention: legal hold released", request=request,
                          detail={"released_at": at.isoformat()})
    hold.refresh_from_db()
    return hold


@transaction.atomic
def restriction_impose(*, user: User, request: HttpRequest | None, resident: Resident,
                       reason: str) -> ProcessingRestriction:
    """From now on only the functional administrator sees the resident (AVG art. 18)."""
    # Serialise concurrent requests for the same resident: the partial unique constraint would
    # otherwise turn the second into an IntegrityError.
    Resident.objects.select_for_update().filter(pk=resident.pk).first()
    if ProcessingRestriction.objects.filter(resident=resident, lifted_at__isnull=True).exists():
        raise AlreadyRestricted
    restriction = ProcessingRestriction.objects.create(resident=resident, reason=reason, imposed_by=user)
    access_log_record(user=user, action=Action.CREATE, obj=restriction, resident_id=resident.pk,
                      purpose="AVG art. 18: processing restricted", request=request)
    return restriction


@transaction.atomic
def restriction_lift(*, user: User, request: HttpRequest | None,
                     restriction: ProcessingRestriction) -> ProcessingRestriction:
    updated = ProcessingRestriction.objects.filter(pk=restriction.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=user)
    restriction.refresh_from_db()
    if updated:
        access_log_record(user=user, action=Action.UPDATE, obj=restriction, resident_id=restriction.resident_id,
                          purpose="AVG art. 18: restriction lifted", request=request)
    return restriction
