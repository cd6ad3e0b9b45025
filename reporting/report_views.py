"""The council report pages: the list (with the generate form for team leaders and the
administrator), a report with its charts, its PDF, CSV and JSON, and the example-case editor.
Kept apart from views.py (the team dashboard)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from audit.models import Action as LogAction
from audit.services import access_log_record
from cases import access as case_access
from cases.models import Case
from toegang.http import AuthedHtmxRequest

from . import services
from .models import ExampleCase, ExampleStatus, Report, ReportStatus
from .report_access import get_example_for_user, get_report_for_user
from .report_forms import ExampleCaseForm, ReportRequestForm, ReviewForm
from .report_pages import report_csv, report_json, report_sections

PDF_RENDER_SECONDS = 60
# One render at a time: a report is a few pages, and the web workers must stay free.
_pdf_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-pdf")


def _may_read_reports(user) -> bool:
    return services.may_manage_reports(user) or getattr(user, "is_council_member", False)


@require_GET
def report_list(request: AuthedHtmxRequest) -> HttpResponse:
    if not _may_read_reports(request.user):
        raise PermissionDenied
    reports = list(Report.objects.visible_to(request.user).select_related("zone")
                   .only("period_kind", "period_start", "period_end", "zone__name", "version", "status",
                         "progress", "generated_at", "published_at"))
    manage = services.may_manage_reports(request.user)
    form = ReportRequestForm(initial={"year": timezone.localdate().year}) if manage else None
    return render(request, "reporting/report_list.html", {"reports": reports, "manage": manage, "form": form})


@require_POST
def report_generate(request: AuthedHtmxRequest) -> HttpResponse:
    if not services.may_manage_reports(request.user):
        raise PermissionDenied
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        reports = list(Report.objects.visible_to(request.user).select_related("zone"))
        return render(request, "reporting/report_list.html", {"reports": reports, "manage": True, "form": form})
    data = form.cleaned_data
    report = services.report_request(user=request.user, request=request, period_kind=data["period_kind"],
                                     year=data["year"], quarter=data["quarter"], zone=data["zone"])
    messages.success(request, _("The report is being generated."))
    return redirect("reporting:report_detail", report_id=report.pk)


@require_GET
def report_detail(request: AuthedHtmxRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request, report_id, purpose="council report: read")
    if request.htmx and request.htmx.target == "report-progress":
        # The polling region: once the task is done the whole page is shown.
        if not report.is_generating:
            return HttpResponseClientRefresh()
        return render(request, "reporting/report_detail.html#progress", {"report": report})
    versions = list(Report.objects.visible_to(request.user)
                    .of_period(period_kind=report.period_kind, period_start=report.period_start,
                               zone_id=report.zone_id)
                    .order_by("version").only("version", "status", "generated_at"))
    context = {"report": report, "sections": report_sections(report), "versions": versions,
               "version_count": len(versions), "manage": services.may_manage_reports(request.user)}
    return render(request, "reporting/report_detail.html", context)


@require_POST
def report_publish(request: AuthedHtmxRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request, report_id, purpose="council report: publish", manage=True)
    try:
        services.report_publish(user=request.user, request=request, report=report)
    except services.InvalidTransition:
        messages.error(request, _("Only a draft report can be published."))
    else:
        messages.success(request, _("The report is published; council members can read it now."))
    return redirect("reporting:report_detail", report_id=report.pk)


def _write_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    # The plan PDF's fetcher: only the app's own static files, so no text in a figure can make
    # the renderer fetch another URL.
    from cases.pdf import _static_only_fetcher

    return HTML(string=html, base_url=base_url, url_fetcher=_static_only_fetcher()).write_pdf(pdf_variant="pdf/ua-1")


def _readable(report: Report) -> None:
    if report.status not in (ReportStatus.DRAFT, ReportStatus.PUBLISHED):
        raise Http404


@require_GET
def report_pdf(request: AuthedHtmxRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request, report_id, purpose="council report: PDF", export=True)
    _readable(report)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("reporting/report_pdf.html",
                                {"report": report, "sections": report_sections(report), "pdf": True})
    future = _pdf_pool.submit(_write_pdf, html, request.build_absolute_uri("/"))
    try:
        pdf = future.result(timeout=PDF_RENDER_SECONDS)
    except FutureTimeout:
        future.cancel()
        messages.error(request, _("The PDF could not be made in time. Please try again in a moment."))
        return redirect("reporting:report_detail", report_id=report.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="raadsrapportage-{report.pk}-v{report.version}.pdf"'
    return response


@require_GET
def report_csv_export(request: AuthedHtmxRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request, report_id, purpose="council report: CSV", export=True)
    _readable(report)
    with translation.override(settings.LANGUAGE_CODE):
        body = report_csv(report)
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (é, ë, €).
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="raadsrapportage-{report.pk}-v{report.version}.csv"'
    return response


@require_GET
def report_json_export(request: AuthedHtmxRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request, report_id, purpose="council report: JSON", export=True)
    _readable(report)
    return JsonResponse(report_json(report), json_dumps_params={"ensure_ascii": False})


# --- Example cases -----------------------------------------------------------------------------


def _require_staff(request: AuthedHtmxRequest) -> None:
    if not (request.user.is_worker or request.user.is_team_leader):
        raise PermissionDenied


@require_GET
def example_list(request: AuthedHtmxRequest) -> HttpResponse:
    """Workers: their own stories. Team leaders: the stories of their team's cases to review."""
    _require_staff(request)
    qs = ExampleCase.objects.visible_to(request.user).select_related("case__household__zone", "author")
    if request.user.is_worker:
        qs = qs.filter(author=request.user)
    else:
        qs = qs.filter(case__household__zone__team_id=request.user.team_id)
    examples = list(qs.order_by("status", "-updated_at")[:200])
    # Only the plan numbers: a worker starts a story from one of the plans they direct.
    plans = (list(Case.objects.filter(director=request.user).only("pk", "opened_on").order_by("-opened_on")[:50])
             if request.user.is_worker else [])
    access_log_record(user=request.user, action=LogAction.LIST, object_type="reporting.examplecase",
                      purpose="example case: list", request=request, detail={"shown": [e.pk for e in examples]})
    return render(request, "reporting/example_list.html", {"examples": examples, "plans": plans})


@require_http_methods(["GET", "POST"])
def example_create(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    if not request.user.is_worker:
        raise PermissionDenied
    case = case_access.get_case_for_user(request, case_id, purpose="example case: write from the plan")
    form = ExampleCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        example = services.example_create(user=request.user, request=request, case=case, asked=data["asked"],
                                          done=data["done"], result=data["result"])
        messages.success(request, _("Example case saved as a draft."))
        return redirect("reporting:example_edit", example_id=example.pk)
    return render(request, "reporting/example_form.html", {"form": form, "case": case, "example": None})


def _add_problems(form: ExampleCaseForm, problems: dict[str, list[str]]) -> None:
    for field, found in problems.items():
        form.add_error(field, _("Not anonymous yet: this text contains %(what)s. Describe it in general terms.")
                       % {"what": "; ".join(found)})


@require_http_methods(["GET", "POST"])
def example_edit(request: AuthedHtmxRequest, example_id: int) -> HttpResponse:
    """The author's editor: save (compare-and-swap on the version) or save and submit."""
    write = request.method == "POST"
    example = get_example_for_user(request, example_id, purpose="example case: edit" if write else "example case: read",
                                   write=write)
    editable = example.author_id == request.user.pk and example.is_editable
    form = ExampleCaseForm(request.POST if write else None, instance=None if write else example,
                           initial={"version": example.version})
    conflict = None
    if write and not editable:
        raise PermissionDenied
    if write and form.is_valid():
        data = form.cleaned_data
        try:
            example = services.example_update(user=request.user, request=request, example=example,
                                              expected_version=data["version"] or 0, asked=data["asked"],
                                              done=data["done"], result=data["result"])
            if "submit" in request.POST:
                services.example_submit(user=request.user, request=request, example=example,
                                        expected_version=example.version)
                messages.success(request, _("Submitted: a team leader will review the example case."))
                return redirect("reporting:example_list")
        except services.ExampleConflict as error:
            conflict = error.current
            form = ExampleCaseForm(request.POST.copy(), initial={"version": conflict.version})
            form.data["version"] = conflict.version
        except services.NotAnonymous as error:
            # Saved as a draft, but not submitted: the problems go next to their fields.
            form = ExampleCaseForm(request.POST.copy())
            form.data["version"] = example.version
            form.is_valid()
            _add_problems(form, error.problems)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("reporting:example_edit", example_id=example.pk)
    review_form = ReviewForm() if services.may_review_example(request.user, example) else None
    return render(request, "reporting/example_form.html",
                  {"form": form if editable else None, "case": example.case, "example": example,
                   "conflict": conflict, "review_form": review_form})


@require_POST
def example_review(request: AuthedHtmxRequest, example_id: int) -> HttpResponse:
    example = get_example_for_user(request, example_id, purpose="example case: review", review=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.example_review(user=request.user, request=request, example=example,
                                    approve=form.cleaned_data["decision"] == "approve", note=form.cleaned_data["note"])
        except services.NotAnonymous as error:
            form.add_error(None, _("Not anonymous: the story contains %(what)s.")
                           % {"what": "; ".join(f for found in error.problems.values() for f in found)})
        except services.InvalidTransition:
            messages.error(request, _("Only a submitted example case can be reviewed."))
            return redirect("reporting:example_edit", example_id=example.pk)
        else:
            messages.success(request, _("Example case approved.") if example.status == ExampleStatus.APPROVED
                             else _("Example case returned to the author."))
            return redirect("reporting:example_list")
    return render(request, "reporting/example_form.html",
                  {"form": None, "case": example.case, "example": example, "review_form": form})
