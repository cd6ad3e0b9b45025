"""Thin views over the cases chokepoint (access.py), forms and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_resident_handler
from audit.models import Action as LogAction
from audit.services import access_log_record
from intake import access as intake_access
from intake.models import ConversationOutcome, ConversationStatus
from partners.models import Organisation
from toegang.http import AuthedHtmxRequest

from . import access, documents, selectors, services
from .forms import (
    ActionForm,
    ActionStatusForm,
    CloseForm,
    ComplexForm,
    ConsentForm,
    DocumentForm,
    EvaluationForm,
    FeedbackForm,
    FollowUpForm,
    GoalForm,
    OpenCaseForm,
    ReassignForm,
    SummaryForm,
    active_workers,
)
from .models import Action, ActionStatus, Case, SharedPart
from .pdf import PdfTimeout, render_plan_pdf

# The plan page's rarely used forms: each is behind a link on the page and rendered only when
# opened (?form=close, swapped in by htmx), after a refused POST, or never for who may not use it.
# Rendering all of them on every view cost about a quarter of the page's time (docs/performance.md,
# finding 12).
ON_DEMAND_FORMS = ("reassign", "consent", "close")


def _on_demand(forms: dict, name: str, allowed: bool, open_form: str | None, build):
    if forms.get(f"{name}_form") is not None:
        return forms[f"{name}_form"]
    if not allowed or open_form != name:
        return None
    return _focus_first(build())


def _focus_first(form):
    """A form opened by a link that htmx replaced: the focus goes to its first field, not to the
    top of the page. Not to a group of radio buttons or checkboxes: their widget copies the
    attribute onto every option, and a page may hold one autofocus only."""
    groups = (RadioSelect, CheckboxSelectMultiple)
    field = next((f for f in form.visible_fields() if not isinstance(f.field.widget, groups)), None)
    if field is not None:
        field.field.widget.attrs["autofocus"] = True
    return form


def _case_context(request: AuthedHtmxRequest, case: Case, **forms) -> dict:
    page = selectors.case_page(case=case)
    version = {"version": case.version}
    may_edit = access.may_edit_case(request.user, case)
    may_reassign = access.may_reassign(request.user, case)
    open_form = forms.pop("open_form", None)
    # One list each for the forms that share it, loaded only for whoever is shown those forms.
    organisations = list(Organisation.objects.all()) if may_edit else None
    workers = list(active_workers()) if may_edit or (may_reassign and open_form == "reassign") else None
    return {
        "case": case, "page": page, "today": timezone.localdate(),
        "may_edit": may_edit,
        "may_reassign": may_reassign,
        "may_follow_up": access.may_record_follow_up(request.user, case),
        "may_withdraw": access.may_withdraw_consent(request.user, case),
        "conflict": forms.pop("conflict", None),
        "summary_form": forms.get("summary_form") or SummaryForm(initial={**version, "summary": case.summary}),
        "goal_form": forms.get("goal_form") or GoalForm(initial=version),
        "action_form": forms.get("action_form") or ActionForm(initial=version, case=case, goals=page.goals,
                                                              organisations=organisations, workers=workers),
        "complex_form": forms.get("complex_form") or ComplexForm(initial=version),
        "reassign_form": _on_demand(forms, "reassign", may_reassign, open_form,
                                    lambda: ReassignForm(initial=version, case=case, workers=workers)),
        "close_form": _on_demand(forms, "close", may_edit, open_form,
                                 lambda: CloseForm(initial={**version, "closed_on": timezone.localdate()})),
        "consent_form": _on_demand(forms, "consent", may_edit, open_form,
                                   lambda: ConsentForm(organisations=organisations,
                                                       initial={"seen": ConsentForm.seen_value(page.consents)})),
        "document_form": forms.get("document_form") or DocumentForm(),
        "documents": page.documents,
        "action_statuses": ActionStatus.choices,
        "follow_up_forms": {f.pk: FollowUpForm(auto_id=f"fu{f.pk}_%s") for f in page.follow_ups},
        # Feedback recorded on a partner's behalf that did not validate: shown again with what was typed.
        "feedback_form": forms.get("feedback_form"),
        "feedback_action": forms.get("feedback_action"),
    }


def _render_case(request: AuthedHtmxRequest, case: Case, **forms) -> HttpResponse:
    return render(request, "cases/case_detail.html", _case_context(request, case, **forms))


@require_POST
@require_resident_handler
def case_open(request: AuthedHtmxRequest, conversation_id: int) -> HttpResponse:
    conversation = intake_access.get_conversation_for_user(request, conversation_id, purpose="plan: open case")
    # Opening the plan makes the user its director: for who may act on the request, not every reader.
    if not request.user.is_worker or not intake_access.may_change_request(request.user, conversation.help_request):
        raise PermissionDenied
    existing = Case.objects.filter(conversation=conversation).first()
    if existing is not None:
        return redirect("cases:detail", case_id=existing.pk)
    form = OpenCaseForm(request.POST)
    if (not form.is_valid() or conversation.status != ConversationStatus.FINISHED
            or conversation.outcome != ConversationOutcome.NEEDS_PLAN):
        messages.error(request, _("A plan opens from a finished conversation whose outcome is 'needs a plan'."))
        return redirect("intake:conversation", conversation_id=conversation.pk)
    try:
        case = services.case_open(user=request.user, request=request, conversation=conversation,
                                  case_type=form.cleaned_data["case_type"], today=timezone.localdate())
    except services.InvalidTransition:
        messages.error(request, _("This household already has an open plan."))
        return redirect("intake:household", household_id=conversation.household_id)
    messages.success(request, _("Plan opened. The goals start from the conversation's low scores."))
    return redirect("cases:detail", case_id=case.pk)


@require_GET
def case_detail(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request, case_id, purpose="plan: view")
    if request.user.is_partner_worker:
        return _render_shared(request, case)
    open_form = request.GET.get("form")
    return _render_case(request, case, open_form=open_form if open_form in ON_DEMAND_FORMS else None)


def _render_shared(request: AuthedHtmxRequest, case: Case, *, feedback_form: FeedbackForm | None = None,
                   feedback_action: Action | None = None) -> HttpResponse:
    """A partner's read-only view: only the consented parts; feedback on their own actions."""
    page = selectors.case_page(case=case)
    return render(request, "cases/case_shared.html", {
        "case": case, "page": page, "parts": access.shared_parts(request.user, case, timezone.localdate()),
        "feedback_form": FeedbackForm(), "invalid_form": feedback_form,
        "feedback_action": feedback_action.pk if feedback_action else None,
        "own_organisation": request.user.organisation_id})


def _with_version(request: AuthedHtmxRequest, current: Case):
    """After a conflict the editor keeps what they typed, now based on the current version: they
    read the other person's change on the page, then save again deliberately."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    return data


def _no_kwargs(case: Case) -> dict:
    return {}


def _versioned_write(request: AuthedHtmxRequest, case_id: int, form_class, form_name: str, call, success: str,
                     form_kwargs=_no_kwargs) -> HttpResponse:
    """The shape every plan edit shares: fetch for writing, validate, call the service with the
    version the editor started from; on a conflict or invalid input re-render with what was typed."""
    case = access.get_case_for_user(request, case_id, purpose="plan: edit", write=True)
    form = form_class(request.POST, **form_kwargs(case))
    if form.is_valid():
        try:
            call(case, form)
        except services.PlanConflict as conflict:
            form = form_class(_with_version(request, conflict.current), **form_kwargs(case))
            return _render_case(request, conflict.current, **{form_name: form, "conflict": conflict.current})
        except services.InvalidTransition:
            messages.error(request, _("This change is not possible in the plan's current state."))
        else:
            messages.success(request, success)
            return redirect("cases:detail", case_id=case.pk)
    return _render_case(request, case, **{form_name: form})


@require_POST
def summary_save(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    def call(case, form):
        services.plan_update(user=request.user, request=request, case=case,
                             expected_version=form.cleaned_data["version"], summary=form.cleaned_data["summary"])
    return _versioned_write(request, case_id, SummaryForm, "summary_form", call, _("Plan saved."))


@require_POST
def goal_add(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    def call(case, form):
        services.goal_add(user=request.user, request=request, case=case, expected_version=form.cleaned_data["version"],
                          domain=form.cleaned_data["domain"], text=form.cleaned_data["text"])
    return _versioned_write(request, case_id, GoalForm, "goal_form", call, _("Goal added."))


@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthedHtmxRequest, case_id: int, goal_id: int) -> HttpResponse:
    write = request.method == "POST"
    case = access.get_case_for_user(request, case_id, purpose="plan: edit goal", write=True)
    goal = case.goals.select_related("domain").filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    form = GoalForm(request.POST if write else None,
                    initial={"version": case.version, "domain": goal.domain_id, "text": goal.text})
    conflict = None
    if write and form.is_valid():
        try:
            services.goal_update(user=request.user, request=request, case=case, goal=goal,
                                 expected_version=form.cleaned_data["version"], domain=form.cleaned_data["domain"],
                                 text=form.cleaned_data["text"])
        except services.PlanConflict as error:
            conflict = error.current
            goal.refresh_from_db()
            form = GoalForm(_with_version(request, conflict))
        else:
            messages.success(request, _("Goal saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/goal_edit.html", {"case": case, "goal": goal, "form": form, "conflict": conflict})


@require_POST
def action_add(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    def call(case, form):
        data = form.cleaned_data
        services.action_add(user=request.user, request=request, case=case, expected_version=data["version"],
                            description=data["description"], actor=data["actor"], due_on=data["due_on"],
                            goal=data["goal"], organisation=data["organisation"], worker=data["worker"])
    return _versioned_write(request, case_id, ActionForm, "action_form", call, _("Action added."),
                            form_kwargs=lambda case: {"case": case})


@require_POST
def action_status(request: AuthedHtmxRequest, case_id: int, action_id: int) -> HttpResponse:
    def call(case, form):
        action = case.actions.filter(pk=action_id).first()
        if action is None:
            raise Http404
        services.action_set_status(user=request.user, request=request, case=case,
                                   expected_version=form.cleaned_data["version"], action=action,
                                   status=form.cleaned_data["status"])
    return _versioned_write(request, case_id, ActionStatusForm, "status_form", call, _("Action updated."))


@require_POST
def complex_decide(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    def call(case, form):
        services.case_decide_complex(user=request.user, request=request, case=case,
                                     expected_version=form.cleaned_data["version"],
                                     complex_case=form.cleaned_data["complex_case"])
    return _versioned_write(request, case_id, ComplexForm, "complex_form", call, _("Complexity recorded."))


@require_POST
def case_close(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    def call(case, form):
        data = form.cleaned_data
        services.case_close(user=request.user, request=request, case=case, expected_version=data["version"],
                            outcome=data["outcome"], reason=data["reason"], closed_on=data["closed_on"])
    return _versioned_write(request, case_id, CloseForm, "close_form", call,
                            _("Plan closed; the follow-ups are scheduled."), form_kwargs=lambda case: {"case": case})


@require_POST
def reassign(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request, case_id, purpose="plan: reassign")
    if not access.may_reassign(request.user, case):
        raise PermissionDenied
    form = ReassignForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.case_reassign(user=request.user, request=request, case=case,
                                   expected_version=form.cleaned_data["version"],
                                   director=form.cleaned_data["director"], reason=form.cleaned_data["reason"],
                                   today=timezone.localdate())
        except services.PlanConflict as conflict:
            form = ReassignForm(_with_version(request, conflict.current), case=case)
            return _render_case(request, conflict.current, reassign_form=form, conflict=conflict.current)
        messages.success(request, _("Case director changed."))
        return redirect("cases:detail", case_id=case.pk)
    return _render_case(request, case, reassign_form=form)


@require_http_methods(["GET", "POST"])
def evaluate(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    write = request.method == "POST"
    case = access.get_case_for_user(request, case_id, purpose="plan: evaluation", write=True)
    goals = list(case.goals.select_related("domain"))
    form = EvaluationForm(request.POST if write else None, goals=goals,
                          initial={"version": case.version, "held_on": timezone.localdate()})
    conflict = None
    if write and form.is_valid():
        try:
            services.evaluation_record(user=request.user, request=request, case=case,
                                       expected_version=form.cleaned_data["version"],
                                       held_on=form.cleaned_data["held_on"], goal_results=form.goal_results(),
                                       scores=form.scores(), note=form.cleaned_data["note"])
        except services.PlanConflict as error:
            conflict = error.current
            form = EvaluationForm(_with_version(request, conflict), goals=goals)
        else:
            messages.success(request, _("Evaluation recorded. Next evaluation: %(date)s.")
                             % {"date": case.next_evaluation_on.strftime("%d-%m-%Y")})
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/evaluate.html", {"case": case, "form": form, "conflict": conflict})


@require_http_methods(["GET", "POST"])
def feedback(request: AuthedHtmxRequest, case_id: int, action_id: int) -> HttpResponse:
    """A partner worker gives feedback on their organisation's action (when actions are shared
    with them); a worker who edits the plan may record it on a partner's behalf, for instance
    what the partner said on the phone. GET opens that form on the plan page (the partner's own
    page carries a form for each of their actions already)."""
    case = access.get_case_for_user(request, case_id, purpose="plan: partner feedback")
    action = case.actions.filter(pk=action_id).select_related("organisation").first()
    if request.user.is_partner_worker:
        shared = SharedPart.ACTIONS in access.shared_parts(request.user, case, timezone.localdate())
        if action is None or not shared or action.organisation_id != request.user.organisation_id:
            raise Http404
    elif not access.may_edit_case(request.user, case):
        raise PermissionDenied
    if action is None or not action.by_partner:
        raise Http404  # feedback comes from the partner that carries the action out
    if request.method == "GET":
        if request.user.is_partner_worker:
            return redirect("cases:detail", case_id=case.pk)
        return _render_case(request, case, feedback_form=_focus_first(FeedbackForm()), feedback_action=action)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.partner_feedback_record(user=request.user, request=request, case=case, action=action,
                                         worked=form.cleaned_data["worked"], text=form.cleaned_data["text"])
        messages.success(request, _("Thank you: your feedback is recorded on the plan."))
        return redirect("cases:detail", case_id=case.pk)
    if request.user.is_partner_worker:
        return _render_shared(request, case, feedback_form=form, feedback_action=action)
    return _render_case(request, case, feedback_form=form, feedback_action=action)


@require_POST
def follow_up_record(request: AuthedHtmxRequest, follow_up_id: int) -> HttpResponse:
    follow_up = access.get_follow_up_for_user(request, follow_up_id, purpose="plan: follow-up contact")
    form = FollowUpForm(request.POST, auto_id=f"fu{follow_up.pk}_%s")
    if form.is_valid():
        try:
            services.follow_up_record(user=request.user, request=request, follow_up=follow_up,
                                      result=form.cleaned_data["result"], note=form.cleaned_data["note"],
                                      today=timezone.localdate())
        except services.InvalidTransition:
            # Re-rendered with the note as typed: a colleague may have recorded it first, an earlier
            # contact reopened the plan (this one was cancelled), or the household has another
            # open plan (then "needs support" cannot reopen this one).
            form.add_error(None, _("This follow-up was already recorded or is no longer planned (the plan was "
                                   "reopened), or the household has another open plan."))
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("cases:detail", case_id=follow_up.case_id)
    case = access.get_case_for_user(request, follow_up.case_id, purpose="plan: follow-up contact")
    context = _case_context(request, case)
    context["follow_up_forms"][follow_up.pk] = form
    context["invalid_follow_up"] = follow_up.pk
    return render(request, "cases/case_detail.html", context)


@require_POST
def consent_add(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request, case_id, purpose="plan: consent", write=True)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(user=request.user, request=request, case=case, **form.cleaned_data)
        except services.ConsentConflict as conflict:
            # What was typed stays; the form now knows the colleague's consent, so recording
            # again replaces it knowingly.
            data = request.POST.copy()
            data["seen"] = ConsentForm.seen_value(case.consents.all())
            form = ConsentForm(data)
            form.is_valid()
            form.add_error(None, _("Meanwhile a colleague recorded a consent for %(organisation)s (%(consent)s). "
                                   "Check it with the resident; record yours again to replace it.") % {
                "organisation": form.cleaned_data["organisation"], "consent": conflict.current or "—"})
        else:
            messages.success(request, _("Consent recorded: the partner can now read the parts shared."))
            return redirect("cases:detail", case_id=case.pk)
    return _render_case(request, case, consent_form=form)


@require_POST
def consent_withdraw(request: AuthedHtmxRequest, case_id: int, consent_id: int) -> HttpResponse:
    case = access.get_case_for_user(request, case_id, purpose="plan: withdraw consent")
    if not access.may_withdraw_consent(request.user, case):
        raise PermissionDenied
    consent = case.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    services.consent_withdraw(user=request.user, request=request, consent=consent)
    messages.success(request, _("Consent withdrawn: the partner no longer has access."))
    return redirect("cases:detail", case_id=case.pk)


@require_GET
def plan_pdf(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    """The plan for the resident, as PDF. Staff only: partners read the shared parts on screen."""
    if not request.user.handles_residents:
        raise Http404
    case = access.get_case_for_user(request, case_id, purpose="plan: PDF for the resident", export=True)
    try:
        pdf = render_plan_pdf(case=case, page=selectors.case_page(case=case), base_url=request.build_absolute_uri("/"))
    except PdfTimeout:
        messages.error(request, _("The PDF could not be made in time. Please try again in a moment."))
        return redirect("cases:detail", case_id=case.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{case.pk}.pdf"'
    return response


@require_GET
@require_resident_handler
def my_work(request: AuthedHtmxRequest) -> HttpResponse:
    today = timezone.localdate()
    work = selectors.my_case_work(user=request.user, today=today)
    access_log_record(user=request.user, action=LogAction.LIST, object_type="cases.case", purpose="plan: my work",
                      request=request, detail={"shown": sorted(_cases_named(work)),
                                               "clock_tasks": [t.pk for t in work.clock_tasks]})
    return render(request, "cases/my_work.html", {"work": work, "today": today})


def _cases_named(work: selectors.CaseWork) -> set[int]:
    """Every plan the page names a household of (NEN 7513): open ones, those with a task or an
    evaluation due, and the closed ones whose follow-up contact is due."""
    return ({c.pk for c in work.open_cases} | {c.pk for c in work.evaluations_due}
            | {t.case_id for t in work.tasks} | {f.case_id for f in work.follow_ups_due})


@require_GET
def team(request: AuthedHtmxRequest) -> HttpResponse:
    """The team leader's overview of the team's open plans and who carries them."""
    if not request.user.is_team_leader:
        raise PermissionDenied
    today = timezone.localdate()
    cases = selectors.team_cases(user=request.user, today=today)
    access_log_record(user=request.user, action=LogAction.LIST, object_type="cases.case", purpose="plan: team plans",
                      request=request, detail={"shown": [c.pk for c in cases]})
    return render(request, "cases/team.html", {"cases": cases, "today": today})


@require_GET
@require_resident_handler
def notifications(request: AuthedHtmxRequest) -> HttpResponse:
    items = selectors.notifications_for(user=request.user)
    access_log_record(user=request.user, action=LogAction.LIST, object_type="cases.notification",
                      purpose="plan: notifications", request=request,
                      detail={"shown": [n.task.case_id for n in items]})
    return render(request, "cases/notifications.html", {"notifications": items, "today": timezone.localdate()})


@require_POST
@require_resident_handler
def notifications_read(request: AuthedHtmxRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    return redirect("cases:notifications")


@require_GET
def shared(request: AuthedHtmxRequest) -> HttpResponse:
    """A partner worker's list of plans shared with their organisation."""
    if not request.user.is_partner_worker:
        raise PermissionDenied
    cases = list(selectors.shared_cases(user=request.user, today=timezone.localdate())[:200])
    access_log_record(user=request.user, action=LogAction.LIST, object_type="cases.case",
                      purpose="plan: shared with partner", request=request, detail={"shown": [c.pk for c in cases]})
    return render(request, "cases/shared.html", {"cases": cases})


def _documents_fragment(request: AuthedHtmxRequest, case: Case, form: DocumentForm | None = None,
                        status: str = "") -> HttpResponse:
    """The document list and its upload form, for htmx to swap in place."""
    return render(request, "cases/case_detail.html#documents", {
        "case": case, "documents": selectors.case_documents(case=case), "may_edit": True,
        "document_form": form or DocumentForm(), "document_status": status})


@require_POST
def document_upload(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request, case_id, purpose="plan: upload document", write=True)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        documents.document_upload(user=request.user, request=request, case=case, upload=form.cleaned_data["file"],
                                  description=form.cleaned_data["description"])
        message = _("Document added.")
        if request.htmx:
            return _documents_fragment(request, case, status=message)
        messages.success(request, message)
        return redirect("cases:detail", case_id=case.pk)
    if request.htmx:
        return _documents_fragment(request, case, form)
    return _render_case(request, case, document_form=form)


@require_POST
def document_remove(request: AuthedHtmxRequest, case_id: int, document_id: int) -> HttpResponse:
    document = access.get_document_for_user(request, case_id, document_id, purpose="plan: remove document",
                                            write=True)
    try:
        documents.document_remove(user=request.user, request=request, document=document)
    except documents.AlreadyRemoved:
        message = _("This document had already been removed.")
    else:
        message = _("Document removed.")
    if request.htmx:
        return _documents_fragment(request, document.case, status=message)
    messages.success(request, message)
    return redirect("cases:detail", case_id=case_id)


@require_GET
def document_download(request: AuthedHtmxRequest, case_id: int, document_id: int) -> FileResponse:
    """Always as an attachment, with sniffing off and a sandbox CSP: even a file that slipped
    past the content check is never rendered as a page of ours."""
    document = access.get_document_for_user(request, case_id, document_id, purpose="plan: download document")
    try:
        handle = documents.private_storage().open(document.stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
