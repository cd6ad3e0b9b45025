"""The one chokepoint for residents, households, requests and conversations.

Every view gets these objects here. A user who may not see a record gets 404, the same answer
as "does not exist", so a refusal never confirms that a resident is known to the municipality.
A user who may see but not change it gets 403. Each successful fetch writes the access log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from audit.models import Action
from audit.services import access_log_record

from .models import Conversation, HelpRequest, Household, HouseholdMembership, Resident


def _log(request: HttpRequest, action: str, obj, resident_id: int | None, purpose: str) -> None:
    access_log_record(user=request.user, action=action, obj=obj, resident_id=resident_id,
                      purpose=purpose, request=request)


def get_resident_for_user(request: HttpRequest, resident_id: int, *, purpose: str,
                          write: bool = False) -> Resident:
    try:
        resident = Resident.objects.visible_to(request.user).get(pk=resident_id)
    except Resident.DoesNotExist:
        raise Http404 from None
    if write and not may_change_resident(request.user, resident):
        raise PermissionDenied
    _log(request, Action.UPDATE if write else Action.VIEW, resident, resident.pk, purpose)
    return resident


def may_change_resident(user, resident: Resident) -> bool:
    """Recording a move changes who sees the household, so it is for those who may see the
    resident's current household (its zone's workers, workers with a request there, the team
    leaders concerned); a resident without one, for whoever may change one of their requests. The
    intaker of another zone sees the resident through the request they registered, and no more."""
    current = HouseholdMembership.objects.filter(resident=resident, end_date__isnull=True)
    if current.exists():
        return current.filter(household__in=Household.objects.visible_to(user)).exists()
    requests = (HelpRequest.objects.visible_to(user).filter(resident=resident)
                .select_related("zone", "assigned_worker"))
    return any(may_change_request(user, help_request) for help_request in requests)


def get_household_for_user(request: HttpRequest, household_id: int, *, purpose: str) -> Household:
    current = HouseholdMembership.objects.filter(end_date__isnull=True).select_related("resident")
    try:
        household = (
            Household.objects.visible_to(request.user)
            .select_related("zone")
            .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
            .get(pk=household_id)
        )
    except Household.DoesNotExist:
        raise Http404 from None
    members = [m.resident_id for m in household.current_memberships]
    access_log_record(user=request.user, action=Action.VIEW, obj=household, request=request,
                      resident_id=members[0] if len(members) == 1 else None,
                      purpose=purpose, detail={"residents": members})
    return household


def may_change_request(user, help_request: HelpRequest) -> bool:
    """Triage, assignment, corrections, linking, legal-clock events and starting the
    conversation: the assigned worker and the workers of the request's zone, and the team leader
    of the zone's team or of the assigned worker's team. The intaker who registered a request for
    another zone keeps sight of it (HelpRequest.visible_to) but leaves the rest to that zone. A
    request without a zone (a postcode no zone covers) has nobody else: its intaker handles it,
    and while nobody carries it every team leader may triage it (HelpRequest's UNCLAIMED).
    Expects `zone` and `assigned_worker` loaded, as get_help_request_for_user does."""
    if getattr(user, "is_worker", False):
        if help_request.zone_id is None:
            return help_request.assigned_worker_id == user.pk or help_request.created_by_id == user.pk
        return help_request.assigned_worker_id == user.pk or user.zones.filter(pk=help_request.zone_id).exists()
    if getattr(user, "is_team_leader", False):
        return ((help_request.zone is not None and help_request.zone.team_id == user.team_id)
                or (help_request.assigned_worker is not None and help_request.assigned_worker.team_id == user.team_id)
                or (help_request.zone_id is None and help_request.assigned_worker_id is None))
    return False


def get_help_request_for_user(request: HttpRequest, request_id: int, *, purpose: str,
                              write: bool = False) -> HelpRequest:
    try:
        help_request = (
            HelpRequest.objects.visible_to(request.user)
            .select_related("resident", "household", "zone", "assigned_worker", "created_by")
            .prefetch_related("life_domains")
            .get(pk=request_id)
        )
    except HelpRequest.DoesNotExist:
        raise Http404 from None
    if write and not may_change_request(request.user, help_request):
        raise PermissionDenied
    _log(request, Action.UPDATE if write else Action.VIEW, help_request, help_request.resident_id, purpose)
    return help_request


def may_edit_conversation(user, conversation: Conversation) -> bool:
    """Workers hold conversations: the assigned one, or a colleague of the same zone standing in.
    A team leader reads along but does not write in a worker's conversation."""
    if not user.is_worker or not conversation.is_draft:
        return False
    help_request = conversation.help_request
    if help_request.assigned_worker_id == user.pk:
        return True
    return user.zones.filter(pk=help_request.zone_id).exists()


def get_conversation_for_user(request: HttpRequest, conversation_id: int, *, purpose: str,
                              write: bool = False) -> Conversation:
    try:
        conversation = (
            Conversation.objects.visible_to(request.user)
            .select_related("help_request__resident", "help_request__zone", "help_request__assigned_worker", "household",
                            "worker", "updated_by")
            .get(pk=conversation_id)
        )
    except Conversation.DoesNotExist:
        raise Http404 from None
    if write and not may_edit_conversation(request.user, conversation):
        raise PermissionDenied
    _log(request, Action.UPDATE if write else Action.VIEW, conversation,
         conversation.help_request.resident_id, purpose)
    return conversation


def get_resident_for_registration(request: HttpRequest, resident_id: int) -> Resident:
    """Registering a new request for a resident found by the front door's municipality-wide
    search. Any intake worker may do this (the resident may live outside their zones); the read
    is logged with its purpose, like the search that led to it."""
    if not request.user.handles_residents:
        raise Http404
    try:
        resident = Resident.objects.unrestricted().get(pk=resident_id)
    except Resident.DoesNotExist:
        raise Http404 from None
    _log(request, Action.VIEW, resident, resident.pk, "intake: register request for help")
    return resident
