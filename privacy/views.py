"""The resident's rights: the access request as PDF, disputes, restriction of processing, and the
functional administrator's pages for restricted residents and retention."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_administrator, require_resident_handler
from audit.models import Action
from audit.services import access_log_record
from intake import access as intake_access
from intake import exports
from intake import services as intake_services
from toegang.http import AuthedHtmxRequest

from . import access, retention, services
from .forms import DisputeForm, DisputeResolveForm, RestrictionForm
from .models import ProcessingRestriction, RecordKind
from .pdf import PdfTimeout, render_export_pdf


@require_GET
@require_resident_handler
def export_pdf(request: AuthedHtmxRequest, resident_id: int) -> HttpResponse:
    """The access request (AVG art. 15) as a readable document. Team leaders handle these, as
    the JSON download; a worker who can see the resident gets 403."""
    resident = intake_access.get_resident_for_user(request, resident_id, purpose="access request export (PDF)")
    if not request.user.is_team_leader:
        raise PermissionDenied
    sections = intake_services.resident_export(user=request.user, request=request, resident=resident)
    try:
        pdf = render_export_pdf(resident=resident, sections=sections, base_url=request.build_absolute_uri("/"))
    except PdfTimeout:
        messages.error(request, _("The PDF could not be made in time. Download the data as JSON, or try again later."))
        return redirect("intake:resident", resident_id=resident.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inwoner-{resident.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@require_resident_handler
def dispute_new(request: AuthedHtmxRequest, resident_id: int) -> HttpResponse:
    resident = access.get_resident_for_rights(request, resident_id, purpose="AVG art. 16: record a dispute",
                                              write=request.method == "POST")
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.dispute_open(user=request.user, request=request, resident=resident,
                              description=form.cleaned_data["description"], reference=form.cleaned_data["reference"])
        messages.success(request, _("The dispute is recorded; every page about the resident shows it."))
        return redirect("intake:resident", resident_id=resident.pk)
    return render(request, "privacy/dispute_form.html", {"resident": resident, "form": form})


@require_http_methods(["GET", "POST"])
@require_resident_handler
def dispute_resolve(request: AuthedHtmxRequest, dispute_id: int) -> HttpResponse:
    dispute = access.get_dispute_for_user(request, dispute_id, purpose="AVG art. 16: resolve a dispute",
                                          write=request.method == "POST")
    form = DisputeResolveForm(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_resolve(user=request.user, request=request, dispute=dispute,
                                     outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"])
        except services.AlreadyResolved as already:
            # A colleague was first: their outcome stands; what this user typed stays on the page.
            dispute = conflict = already.current
        else:
            messages.success(request, _("The dispute is resolved."))
            return redirect("intake:resident", resident_id=dispute.resident_id)
    return render(request, "privacy/dispute_resolve.html", {"dispute": dispute, "form": form, "conflict": conflict})


@require_http_methods(["GET", "POST"])
@require_resident_handler
def restrict(request: AuthedHtmxRequest, resident_id: int) -> HttpResponse:
    resident = access.get_resident_for_rights(request, resident_id, purpose="AVG art. 18: restrict processing",
                                              write=request.method == "POST")
    form = RestrictionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Another tab may have been first: the outcome the user asked for holds either way.
        with contextlib.suppress(services.AlreadyRestricted):
            services.restriction_impose(user=request.user, request=request, resident=resident,
                                        reason=form.cleaned_data["reason"])
        messages.success(request, _("Processing is restricted. Only the functional administrator can see "
                                    "the resident's data until the restriction is lifted."))
        return redirect("home")
    return render(request, "privacy/restrict.html", {"resident": resident, "form": form})


@require_GET
@require_administrator
def restriction_list(request: AuthedHtmxRequest) -> HttpResponse:
    restrictions = list(ProcessingRestriction.objects.filter(lifted_at__isnull=True)
                        .select_related("resident", "imposed_by").order_by("imposed_at", "pk"))
    access_log_record(user=request.user, action=Action.LIST, object_type="privacy.processingrestriction",
                      purpose="AVG art. 18: restricted residents", request=request,
                      detail={"shown": [r.resident_id for r in restrictions]})
    return render(request, "privacy/restriction_list.html", {"restrictions": restrictions})


@require_GET
@require_administrator
def restriction_detail(request: AuthedHtmxRequest, restriction_id: int) -> HttpResponse:
    """The restricted resident's record, read-only: the same sections as the access request."""
    restriction = access.get_restriction_for_administrator(
        request, restriction_id, purpose="AVG art. 18: read a restricted record")
    return render(request, "privacy/restriction_detail.html",
                  {"restriction": restriction, "sections": exports.sections(restriction.resident)})


@require_POST
@require_administrator
def restriction_lift(request: AuthedHtmxRequest, restriction_id: int) -> HttpResponse:
    restriction = access.get_restriction_for_administrator(
        request, restriction_id, purpose="AVG art. 18: lift the restriction", write=True)
    services.restriction_lift(user=request.user, request=request, restriction=restriction)
    messages.success(request, _("The restriction is lifted; the resident's data is available again."))
    return redirect("privacy:restrictions")


@require_GET
@require_administrator
def retention_overview(request: AuthedHtmxRequest) -> HttpResponse:
    """A dry run: per record type how many records the next nightly run would anonymise. Counts only."""
    counts = retention.retention_due_counts()
    return render(request, "privacy/retention.html",
                  {"counts": counts, "rows": [(RecordKind(kind).label, n) for kind, n in counts.items()]})
