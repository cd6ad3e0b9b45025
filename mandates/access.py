"""The one chokepoint for decisions, objections and letters.

Visibility follows the request for help the decision belongs to (intake's rules): a user who
may not see it gets 404; one who may see it but not act gets 403. Every fetch is access-logged.
Whether a user may *decide* is not an access question but a mandate question
(mandates.checks), asked again by the service at the moment of deciding.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from audit.models import Action
from audit.services import access_log_record
from intake import access as intake_access

from .models import Decision, Objection

_DECISION_JOINS = ("resident", "household", "help_request__zone", "help_request__assigned_worker", "conversation",
                   "prepared_by", "decided_by", "mandate", "corrects", "letter")


def get_decision_for_user(request: HttpRequest, decision_id: int, *, purpose: str,
                          write: bool = False) -> Decision:
    try:
        decision = (Decision.objects.visible_to(request.user).select_related(*_DECISION_JOINS)
                    .get(pk=decision_id))
    except Decision.DoesNotExist:
        raise Http404 from None
    # Acting on a decision is for those who may act on its request (intake's rule: the zone's
    # workers, the assigned worker, the team leaders concerned), not for everyone who may read it.
    if write and not intake_access.may_change_request(request.user, decision.help_request):
        raise PermissionDenied
    # Opening the correction or revision form (GET) needs the right to write but is a read
    # (NEN 7513 logs what was done); only the POST is an update.
    changing = write and request.method == "POST"
    access_log_record(user=request.user, action=Action.UPDATE if changing else Action.VIEW, obj=decision,
                      resident_id=decision.resident_id, purpose=purpose, request=request)
    return decision


def get_objection_for_user(request: HttpRequest, objection_id: int, *, purpose: str) -> Objection:
    """Objections are written to (decided), so this fetch is always a write."""
    try:
        objection = (Objection.objects.filter(decision__in=Decision.objects.visible_to(request.user))
                     .select_related("decision__help_request").get(pk=objection_id))
    except Objection.DoesNotExist:
        raise Http404 from None
    # Deciding or extending an objection acts on the decision: the same rule as get_decision_for_user(write=True).
    if not request.user.handles_residents or not intake_access.may_change_request(
            request.user, objection.decision.help_request):
        raise PermissionDenied
    access_log_record(user=request.user, action=Action.UPDATE, obj=objection.decision,
                      resident_id=objection.decision.resident_id, purpose=purpose, request=request,
                      detail={"objection": objection.pk})
    return objection
