"""The chokepoint for survey invitations. An invitation is as visible as the decision or the
case it follows: the fetch goes through that object's own chokepoint, which answers 404 to whoever
may not see it and writes the access-log entry. Printing a letter is staff work: a partner who
may read a shared plan still gets 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from cases.access import get_case_for_user
from mandates.access import get_decision_for_user

from .models import Invitation


def get_invitation_for_user(request: HttpRequest, invitation_id: int, *, purpose: str) -> Invitation:
    invitation = Invitation.objects.select_related("resident").filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    if invitation.decision_id is not None:
        decision = get_decision_for_user(request, invitation.decision_id, purpose=purpose)
        invitation.household = decision.household
    else:
        case = get_case_for_user(request, invitation.case_id, purpose=purpose)
        invitation.household = case.household
    if not request.user.handles_residents:
        raise PermissionDenied
    return invitation
