from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_resident_handler
from audit.models import Action
from audit.services import access_log_record
from intake import access as intake_access
from intake.models import ConversationOutcome
from toegang.http import AuthedHtmxRequest

from . import access, iwmo, selectors, services
from .forms import (
    ClockDateForm,
    DecisionForm,
    ObjectionDecideForm,
    ObjectionForm,
    TermForm,
    VersionForm,
    decision_lines,
    line_formset,
)
from .letters import letter_context
from .models import DecisionSettings, LetterStatus, OfferedGeneralProvision
from .templatetags.legal_clocks import panel_context

# The decision page carries several forms with a `version` field; the term form's ids get their own prefix.
TERM_FORM_IDS = "term_%s"


@require_http_methods(["GET", "POST"])
@require_resident_handler
def decision_new(request: AuthedHtmxRequest, conversation_id: int) -> HttpResponse:
    """Prepare a decision from a finished conversation whose outcome needs one."""
    conversation = intake_access.get_conversation_for_user(
        request, conversation_id, purpose="mandates: prepare decision", write=False)
    if conversation.is_draft or conversation.outcome != ConversationOutcome.NEEDS_DECISION:
        raise PermissionDenied
    if not intake_access.may_change_request(request.user, conversation.help_request):
        raise PermissionDenied
    offered = [o.provision_id for o in conversation.offered_general_provisions.all()]
    form = DecisionForm(request.POST or None, initial={"general_provisions": offered})
    return _prepare(request, conversation, form, line_formset(request.POST or None), corrects=None)


def _prepare(request: AuthedHtmxRequest, conversation, form: DecisionForm, formset, *, corrects,
             revises=None) -> HttpResponse:
    if request.method == "POST":
        lines = decision_lines(form, formset)
        if lines is not None:
            urgent = corrects.urgent if corrects else conversation.debt_urgent
            data = form.decision_input(lines, urgent=urgent)
            try:
                if revises is None:
                    decision = services.decision_prepare(user=request.user, request=request,
                                                         conversation=conversation, data=data, corrects=corrects)
                else:
                    decision = services.decision_revise(user=request.user, request=request, decision=revises,
                                                        expected_version=_version(request), data=data)
            except services.DecisionError as error:
                form.add_error(None, str(error))
            else:
                return redirect("mandates:decision", decision_id=decision.pk)
    # A revision keeps the version the editor started from, so after a colleague's change saving
    # again is refused too, instead of overwriting what they did not see.
    version = request.POST.get("version", revises.version) if revises else None
    return render(request, "mandates/decision_new.html", {"conversation": conversation, "form": form,
                                                          "formset": formset, "corrects": corrects,
                                                          "revises": revises, "version": version,
                                                          "action": request.path})


@require_http_methods(["GET", "POST"])
@require_resident_handler
def decision_correct(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """A sent decision is never changed: a correction is a new decision that refers to it."""
    old = access.get_decision_for_user(request, decision_id, purpose="mandates: correct decision", write=True)
    if not old.is_sent or old.conversation is None:
        raise PermissionDenied
    form, formset = _forms_from(request, old)
    return _prepare(request, old.conversation, form, formset, corrects=old)


@require_http_methods(["GET", "POST"])
@require_resident_handler
def decision_revise(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """Change a prepared decision that has not been sent: the form as it was prepared; saving
    prepares it anew (services.decision_revise)."""
    old = access.get_decision_for_user(request, decision_id, purpose="mandates: revise prepared decision",
                                       write=True)
    if old.is_sent or old.conversation is None:
        raise PermissionDenied
    offered = [o.provision_id for o in old.conversation.offered_general_provisions.all()]
    form, formset = _forms_from(request, old, general_provisions=offered)
    return _prepare(request, old.conversation, form, formset, corrects=old.corrects, revises=old)


def _forms_from(request: AuthedHtmxRequest, decision, **initial):
    """The decision form and its lines, filled in from an existing decision (or what was posted)."""
    initial |= {"kind": decision.kind, "outcome": decision.outcome, "urgent": decision.urgent,
                "delivery": decision.delivery, "provider_agb": decision.provider_agb,
                "application_on": decision.application_on, "start_on": decision.start_on,
                "end_on": decision.end_on, "reasoning": decision.reasoning, "legal_ground": decision.legal_ground}
    lines = [{"provision": line.provision_id, "volume": line.volume} for line in decision.lines.all()]
    return DecisionForm(request.POST or None, initial=initial), line_formset(request.POST or None, initial=lines)


def _decision_context(request: AuthedHtmxRequest, decision, **extra) -> dict:
    today = timezone.localdate()
    settings = DecisionSettings.current()
    context = {
        "decision": decision, "today": today,
        "clock_state": decision.clock_state(today, settings.due_soon_days),
        "check": None if decision.is_sent else services.decision_mandate_check(user=request.user, decision=decision,
                                                                                on=today),
        "waiting": decision.waiting_time(timezone.now()),
        "version_form": VersionForm(initial={"version": decision.version}),
        "objection_form": ObjectionForm(initial={"received_on": today}),
        # Its own id prefix: the version form of the decide/discard buttons is on the same page.
        "term_form": TermForm(initial={"extension_weeks": decision.extension_weeks,
                                       "suspended_days": decision.suspended_days, "version": decision.version},
                              auto_id=TERM_FORM_IDS),
        "objections": list(decision.objections.select_related("decided_by")),
        "letter": getattr(decision, "letter", None),
        "offered": list(OfferedGeneralProvision.objects.filter(conversation_id=decision.conversation_id)
                        .select_related("provision")),
        **letter_context(decision),
    }
    context.update(extra)
    return context


@require_GET
@require_resident_handler
def decision_detail(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """The decision with its clocks, the mandate check, the letter preview and the actions."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: decision")
    return render(request, "mandates/decision_detail.html", _decision_context(request, decision))


def _version(request: AuthedHtmxRequest) -> int:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    return form.cleaned_data["version"]


@require_POST
@require_resident_handler
def decision_decide(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """Decide and send under the user's mandate. Outside the mandate: 403 and nothing changes."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: decide", write=True)
    try:
        services.decision_decide(user=request.user, request=request, decision=decision,
                                 expected_version=_version(request), today=timezone.localdate())
    except services.OutsideMandate as outside:
        raise PermissionDenied(str(outside)) from None
    except services.DecisionError as error:
        messages.error(request, str(error))
        return redirect("mandates:decision", decision_id=decision.pk)
    messages.success(request, _("Decided and sent on behalf of the college. The letter is being produced."))
    return redirect("mandates:decision", decision_id=decision.pk)


@require_POST
@require_resident_handler
def decision_submit(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """Route a decision outside the preparer's mandate to a mandated colleague (four eyes)."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: route for approval",
                                            write=True)
    try:
        services.decision_submit(user=request.user, request=request, decision=decision,
                                 expected_version=_version(request), today=timezone.localdate())
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sent to the approval queue of a mandated colleague."))
    return redirect("mandates:decision", decision_id=decision.pk)


@require_POST
@require_resident_handler
def decision_discard(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """Discard a prepared decision (not yet sent); the conversation can prepare a new one."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: discard prepared decision",
                                            write=True)
    try:
        services.decision_discard(user=request.user, request=request, decision=decision,
                                  expected_version=_version(request))
    except services.DecisionError as error:
        messages.error(request, str(error))
        return redirect("mandates:decision", decision_id=decision.pk)
    messages.success(request, _("The prepared decision was discarded. Prepare a new one from the conversation."))
    if decision.conversation_id:
        return redirect("intake:conversation", conversation_id=decision.conversation_id)
    return redirect("intake:request_detail", request_id=decision.help_request_id)


@require_POST
@require_resident_handler
def decision_term(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """Extend or suspend the special-assistance decision term (Awb 4:14, 4:15)."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: change decision term",
                                            write=True)
    form = TermForm(request.POST, auto_id=TERM_FORM_IDS)
    if form.is_valid():
        try:
            services.decision_change_term(user=request.user, request=request, decision=decision,
                                          expected_version=form.cleaned_data["version"],
                                          extension_weeks=form.cleaned_data["extension_weeks"],
                                          suspended_days=form.cleaned_data["suspended_days"])
        except services.DecisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision term is recounted."))
            return redirect("mandates:decision", decision_id=decision.pk)
    return render(request, "mandates/decision_detail.html", _decision_context(request, decision, term_form=form))


@require_GET
@require_resident_handler
def letter_status(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """The letter's progress; htmx polls this fragment until the PDF is ready."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: letter status")
    letter = getattr(decision, "letter", None)
    context = {"decision": decision, "letter": letter}
    if request.htmx:
        return render(request, "mandates/decision_detail.html#letter", context)
    return redirect("mandates:decision", decision_id=decision.pk)


@require_GET
@require_resident_handler
def letter_pdf(request: AuthedHtmxRequest, decision_id: int) -> FileResponse:
    """The stored letter, only through this access-checked (and logged) view."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: download letter")
    letter = getattr(decision, "letter", None)
    if letter is None or letter.status != LetterStatus.DONE:
        raise Http404
    return FileResponse(letter.pdf.open("rb"), content_type="application/pdf", as_attachment=False,
                        filename=f"beschikking-{decision.pk}.pdf")


@require_GET
@require_resident_handler
def allocation_xml(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    """The iWmo WMO301 allocation for the provider of a sent Wmo decision in kind."""
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: iWmo allocation")
    try:
        content = iwmo.wmo301(decision, now=decision.decided_at)
    except iwmo.NotAllocatable:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="wmo301-{decision.pk}.xml"'
    return response


@require_GET
@require_resident_handler
def approvals(request: AuthedHtmxRequest) -> HttpResponse:
    decisions = list(selectors.approval_queue(user=request.user)[:200])
    access_log_record(user=request.user, action=Action.LIST, object_type="mandates.decision",
                      purpose="mandates: approval queue", request=request,
                      detail={"shown": [d.pk for d in decisions]})
    return render(request, "mandates/approvals.html", {"decisions": decisions, "now": timezone.now()})


@require_GET
@require_resident_handler
def clocks(request: AuthedHtmxRequest) -> HttpResponse:
    """Every running decision clock and objection clock the user may see, due soon and overdue first."""
    today = timezone.localdate()
    settings = DecisionSettings.current()
    only = request.GET.get("only", "")
    decisions = list(selectors.open_decisions(user=request.user, today=today, due_soon_days=settings.due_soon_days,
                                              only=only if only in ("overdue", "due_soon") else "")[:200])
    objections = list(selectors.open_objections(user=request.user)[:200])
    access_log_record(user=request.user, action=Action.LIST, object_type="mandates.decision",
                      purpose="mandates: clocks", request=request,
                      detail={"shown": [d.pk for d in decisions], "objections": [o.pk for o in objections]})
    legal_clocks = list(selectors.running_legal_clocks(user=request.user, today=today,
                                                       due_soon_days=settings.due_soon_days,
                                                       only=only if only in ("overdue", "due_soon") else "")[:200])
    my_tasks = list(selectors.open_clock_tasks(user=request.user)[:50])
    access_log_record(user=request.user, action=Action.LIST, object_type="mandates.legalclock",
                      purpose="mandates: legal clocks", request=request,
                      detail={"shown": [c.pk for c in legal_clocks], "tasks": [t.pk for t in my_tasks]})
    rows = [(d, d.clock_state(today, settings.due_soon_days)) for d in decisions]
    clock_rows = [(c, c.state(today, settings.due_soon_days)) for c in legal_clocks]
    objection_rows = [(o, "overdue" if o.due_on < today else
                       "due_soon" if (o.due_on - today).days <= settings.due_soon_days else "running")
                      for o in objections]
    return render(request, "mandates/clocks.html", {"rows": rows, "objection_rows": objection_rows,
                                                    "clock_rows": clock_rows, "my_tasks": my_tasks,
                                                    "today": today, "only": only})


@require_POST
@require_resident_handler
def clock_record(request: AuthedHtmxRequest, request_id: int, step: str) -> HttpResponse:
    """Record an event of a legal clock on the request page (receipt confirmed, investigation
    report, application, first debt-help conversation). Invalid: the panel again, status 200."""
    if step not in services.ClockStep.ALL:
        raise Http404
    help_request = intake_access.get_help_request_for_user(request, request_id, purpose="mandates: record legal clock",
                                                           write=True)
    form = ClockDateForm(request.POST, step=step)
    if form.is_valid():
        try:
            services.legal_clock_record(user=request.user, request=request, help_request=help_request, step=step,
                                        on=form.cleaned_data["on"])
        except services.DecisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded; the legal clocks are updated."))
            return redirect("intake:request_detail", request_id=help_request.pk)
    # The chokepoint let this user write: they may record the clocks' events.
    return render(request, "mandates/request_clocks.html",
                  panel_context(request.user, help_request, invalid=form, may_record=True))


@require_POST
@require_resident_handler
def objection_new(request: AuthedHtmxRequest, decision_id: int) -> HttpResponse:
    decision = access.get_decision_for_user(request, decision_id, purpose="mandates: register objection",
                                            write=True)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_register(user=request.user, request=request, decision=decision,
                                        **form.cleaned_data)
        except services.DecisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Objection registered; its clock is running."))
            return redirect("mandates:decision", decision_id=decision.pk)
    return render(request, "mandates/decision_detail.html", _decision_context(request, decision,
                                                                              objection_form=form))


@require_POST
@require_resident_handler
def objection_decide(request: AuthedHtmxRequest, objection_id: int) -> HttpResponse:
    objection = access.get_objection_for_user(request, objection_id, purpose="mandates: decide objection")
    form = ObjectionDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the decision on the objection."))
        return redirect("mandates:decision", decision_id=objection.decision_id)
    if not services.may_decide_objection(request.user, objection):
        raise PermissionDenied
    try:
        services.objection_decide(user=request.user, request=request, objection=objection,
                                  outcome=form.cleaned_data["outcome"], today=timezone.localdate())
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The objection is decided."))
    return redirect("mandates:decision", decision_id=objection.decision_id)


@require_POST
@require_resident_handler
def objection_extend(request: AuthedHtmxRequest, objection_id: int) -> HttpResponse:
    """Extend the term of the decision on an objection once by six weeks (Awb 7:10(3))."""
    objection = access.get_objection_for_user(request, objection_id, purpose="mandates: extend objection term")
    try:
        services.objection_extend(user=request.user, request=request, objection=objection,
                                  today=timezone.localdate())
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The term is extended by six weeks. Tell the objector the new date."))
    return redirect("mandates:decision", decision_id=objection.decision_id)
