"""The one chokepoint for cases (plans) and follow-ups.

404 when the user may not see the case (as if it did not exist), 403 when they may see but not
change it. Every successful fetch writes the access log. Partner workers see a case only while
a consent for their organisation is in force, and then only the consented parts.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from audit.models import Action as LogAction
from audit.services import access_log_record

from .models import Case, CaseDocument, Consent, FollowUp, SharedPart


def _main_resident_id(case: Case) -> int | None:
    return case.conversation.help_request.resident_id


def may_edit_case(user, case: Case) -> bool:
    """The plan is written by the case director and by workers of the household's zone (a
    colleague standing in); a team leader reads along and reassigns, a partner only reads."""
    if not case.is_open or not getattr(user, "is_worker", False):
        return False
    if case.director_id == user.pk:
        return True
    return user.zones.filter(pk=case.household.zone_id).exists()


def may_reassign(user, case: Case) -> bool:
    return case.is_open and (getattr(user, "is_team_leader", False) or may_edit_case(user, case))


def may_record_follow_up(user, case: Case) -> bool:
    return getattr(user, "is_worker", False) and (
        case.director_id == user.pk or user.zones.filter(pk=case.household.zone_id).exists())


def may_withdraw_consent(user, case: Case) -> bool:
    """Withdrawal must always be possible, also after closure: the director, workers of the
    household's zone and the team leader may record it for the resident."""
    return getattr(user, "is_team_leader", False) or may_record_follow_up(user, case)


def shared_parts(user, case: Case, today: datetime.date) -> set[str]:
    """The parts of the plan a partner worker may see today (empty for staff: they see all)."""
    if not getattr(user, "is_partner_worker", False):
        return set(SharedPart.values)
    parts: set[str] = set()
    for consent in Consent.objects.in_force(today).filter(case=case, organisation_id=user.organisation_id):
        parts.update(consent.parts)
    return parts


def get_case_for_user(request: HttpRequest, case_id: int, *, purpose: str, write: bool = False,
                      export: bool = False) -> Case:
    qs = Case.objects.visible_to(request.user).select_related(
        "household__zone", "director", "case_type", "conversation__help_request__resident", "updated_by")
    try:
        case = qs.get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404 from None
    if write and not may_edit_case(request.user, case):
        raise PermissionDenied
    # Opening an edit form (GET) needs the right to edit but is a read: NEN 7513 logs what was
    # done, so only the POST that changes the plan is an update.
    changing = write and request.method == "POST"
    action = LogAction.UPDATE if changing else LogAction.EXPORT if export else LogAction.VIEW
    access_log_record(user=request.user, action=action, obj=case,
                      resident_id=_main_resident_id(case), purpose=purpose, request=request,
                      detail={"household": case.household_id})
    return case


def get_follow_up_for_user(request: HttpRequest, follow_up_id: int, *, purpose: str) -> FollowUp:
    """Recording a follow-up contact: the director or a worker of the household's zone."""
    cases = Case.objects.visible_to(request.user)
    try:
        follow_up = (FollowUp.objects.filter(case__in=cases)
                     .select_related("case__household", "case__conversation__help_request")
                     .get(pk=follow_up_id))
    except FollowUp.DoesNotExist:
        raise Http404 from None
    if not may_record_follow_up(request.user, follow_up.case):
        raise PermissionDenied
    access_log_record(user=request.user, action=LogAction.UPDATE, obj=follow_up,
                      resident_id=_main_resident_id(follow_up.case), purpose=purpose, request=request,
                      detail={"case": follow_up.case_id})
    return follow_up



def may_see_documents(user) -> bool:
    """Documents (medical statements, creditors' letters) are for municipal staff only. A
    partner's consent shares parts of the plan (goals, actions, evaluations), and none of them
    is the documents: sharing those would need the resident's specific consent to that, which
    the consent record does not hold. So partners never see them, not even that they exist."""
    return getattr(user, "handles_residents", False)


def get_document_for_user(request: HttpRequest, case_id: int, document_id: int, *, purpose: str,
                          write: bool = False) -> CaseDocument:
    """A document still present on a case the user may see; for writing (removal), on a case
    the user may edit. Logged as a read (download) or an update (removal)."""
    if not may_see_documents(request.user):
        raise Http404
    cases = Case.objects.visible_to(request.user)
    try:
        document = (CaseDocument.objects.filter(case__in=cases, removed_at__isnull=True)
                    .select_related("case__household", "case__conversation__help_request")
                    .get(pk=document_id, case_id=case_id))
    except CaseDocument.DoesNotExist:
        raise Http404 from None
    if write and not may_edit_case(request.user, document.case):
        raise PermissionDenied
    if not write:
        access_log_record(user=request.user, action=LogAction.VIEW, obj=document,
                          resident_id=_main_resident_id(document.case), purpose=purpose, request=request,
                          detail={"case": document.case_id})
    return document
