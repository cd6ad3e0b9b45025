"""The chokepoint for the privacy pages.

Staff reach a resident's rights pages through intake's chokepoint (404 for whoever may not see the
resident, which includes every restricted resident). Who may act on the rights: the team leader,
or the worker handling the resident (assigned to one of their requests, or directing a plan of
their household); a colleague who only sees the resident gets 403. The functional administrator
reaches restricted residents only here, read-only, and every read is logged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from audit.models import Action
from audit.services import access_log_record
from cases.models import Case
from intake import access as intake_access
from intake.models import HelpRequest, Resident

from .models import DataDispute, ProcessingRestriction


def may_handle_rights(user, resident: Resident) -> bool:
    if getattr(user, "is_team_leader", False):
        return True
    if not getattr(user, "is_worker", False):
        return False
    return (HelpRequest.objects.filter(resident=resident, assigned_worker=user).exists()
            or Case.objects.filter(household__memberships__resident=resident, director=user).exists())


def get_resident_for_rights(request: HttpRequest, resident_id: int, *, purpose: str,
                            write: bool = False) -> Resident:
    """Also the form pages (GET) need the right to act: showing a form that cannot be sent helps nobody."""
    if not getattr(request.user, "handles_residents", False):
        raise PermissionDenied
    resident = intake_access.get_resident_for_user(request, resident_id, purpose=purpose, write=write)
    if not may_handle_rights(request.user, resident):
        raise PermissionDenied
    return resident


def get_dispute_for_user(request: HttpRequest, dispute_id: int, *, purpose: str,
                         write: bool = False) -> DataDispute:
    """Resolving a dispute is a change to the resident's record: the same rule as opening one."""
    if not getattr(request.user, "handles_residents", False):
        raise PermissionDenied
    try:
        dispute = DataDispute.objects.select_related("resident").get(pk=dispute_id)
    except DataDispute.DoesNotExist:
        raise Http404 from None
    get_resident_for_rights(request, dispute.resident_id, purpose=purpose, write=write)
    return dispute


def get_restriction_for_administrator(request: HttpRequest, restriction_id: int, *, purpose: str,
                                      write: bool = False) -> ProcessingRestriction:
    """Only the functional administrator, only active restrictions (a lifted one is the normal
    record again, for the normal roles)."""
    if not getattr(request.user, "is_administrator", False):
        raise PermissionDenied
    try:
        restriction = (ProcessingRestriction.objects.select_related("resident", "imposed_by")
                       .get(pk=restriction_id, lifted_at__isnull=True))
    except ProcessingRestriction.DoesNotExist:
        raise Http404 from None
    access_log_record(user=request.user, action=Action.UPDATE if write else Action.VIEW, obj=restriction.resident,
                      resident_id=restriction.resident_id, purpose=purpose, request=request)
    return restriction
