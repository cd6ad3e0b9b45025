"""The one chokepoint for council reports and example cases.

Reports: council members see published versions only, team leaders and the functional
administrator see all; anyone else, and a council member asking for a draft, gets 404 as if the
report did not exist. Example cases: staff who may see the case (cases' own rule) see its stories;
the author edits, a team leader of the case's team other than the author reviews (403 for the
rest who can see it). Every successful fetch writes the access log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from audit.models import Action as LogAction
from audit.services import access_log_record

from .models import ExampleCase, Report
from .services import may_manage_reports, may_review_example


def get_report_for_user(request: HttpRequest, report_id: int, *, purpose: str, manage: bool = False,
                        export: bool = False) -> Report:
    try:
        report = Report.objects.visible_to(request.user).select_related("zone", "published_by").get(pk=report_id)
    except Report.DoesNotExist:
        raise Http404 from None
    if manage and not may_manage_reports(request.user):
        raise PermissionDenied
    action = LogAction.UPDATE if manage else LogAction.EXPORT if export else LogAction.VIEW
    access_log_record(user=request.user, action=action, obj=report, purpose=purpose, request=request)
    return report


def get_example_for_user(request: HttpRequest, example_id: int, *, purpose: str, write: bool = False,
                         review: bool = False) -> ExampleCase:
    qs = ExampleCase.objects.visible_to(request.user).select_related(
        "case__household__zone", "case__conversation__help_request", "author", "reviewed_by")
    try:
        example = qs.get(pk=example_id)
    except ExampleCase.DoesNotExist:
        raise Http404 from None
    if write and example.author_id != request.user.pk:
        raise PermissionDenied
    if review and not may_review_example(request.user, example):
        raise PermissionDenied
    access_log_record(user=request.user, action=LogAction.UPDATE if (write or review) else LogAction.VIEW,
                      obj=example, purpose=purpose, request=request,
                      resident_id=example.case.conversation.help_request.resident_id,
                      detail={"case": example.case_id})
    return example
