from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_resident_handler
from accounts.models import Zone
from audit.models import Action
from audit.services import access_log_record
from toegang.http import AuthedHtmxRequest, HtmxRequest, client_network, parse_id

from . import access, events, exports, selectors, services
from .forms import (
    AssignForm,
    ConversationForm,
    HelpRequestForm,
    LinkResidentForm,
    MoveForm,
    PublicRequestForm,
    RequestCorrectionForm,
    ResidentForm,
    ResidentSearchForm,
    SettleForm,
)
from .models import (
    Conversation,
    HelpRequest,
    HouseholdMembership,
    RequestStatus,
    Resident,
    restricted_resident_ids,
)
from .public_gate import PublicFormGate

QUEUE_PAGE_SIZE = 100


@require_GET
@require_resident_handler
def queue(request: AuthedHtmxRequest) -> HttpResponse:
    today = timezone.localdate()
    zone_id = request.GET.get("zone", "")
    status = request.GET.get("status", "")
    overdue_only = request.GET.get("overdue") == "1"
    queue_qs = selectors.intake_queue(
        user=request.user, zone_id=parse_id(zone_id),
        status=status if status in RequestStatus.values else "", overdue_only=overdue_only, today=today,
    )
    page = Paginator(queue_qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    requests = list(page.object_list)
    access_log_record(user=request.user, action=Action.LIST, object_type="intake.helprequest",
                      purpose="intake queue", request=request,
                      detail={"filters": request.GET.dict(), "shown": [r.pk for r in requests]})
    params = request.GET.copy()
    params.pop("page", None)
    context = {"requests": requests, "page": page, "page_query": params.urlencode(), "today": today,
               "zones": Zone.objects.all(), "statuses": RequestStatus.choices,
               "filters": {"zone": zone_id, "status": status, "overdue": overdue_only}}
    template = "intake/queue.html#results" if request.htmx else "intake/queue.html"
    return render(request, template, context)


@require_GET
@require_resident_handler
def my_work(request: AuthedHtmxRequest) -> HttpResponse:
    today = timezone.localdate()
    work = selectors.my_work(user=request.user, today=today)
    access_log_record(user=request.user, action=Action.LIST, object_type="intake.helprequest",
                      purpose="my work", request=request,
                      detail={"shown": [r.pk for r in work.open_requests]})
    return render(request, "intake/my_work.html", {"work": work, "today": today})


@require_http_methods(["GET", "POST"])
@require_resident_handler
def register(request: AuthedHtmxRequest) -> HttpResponse:
    """Step 1 of registering a request: find the resident, or register a new one."""
    link_to = parse_id(request.GET.get("link") or request.POST.get("link"))
    # Its own auto_id: the registration form below has fields of the same names on the same page.
    search = ResidentSearchForm(request.GET if "search" in request.GET else None, auto_id="search_%s")
    candidates: list[Resident] | None = None
    if search.is_bound and search.is_valid():
        candidates = selectors.resident_candidates(**search.cleaned_data)
        access_log_record(user=request.user, action=Action.SEARCH, object_type="intake.resident",
                          purpose="intake: duplicate check before registering", request=request,
                          detail={"found": [c.pk for c in candidates]})
    form = ResidentForm(request.POST or None, initial=_initial_from_search(search))
    if request.method == "POST" and form.is_valid():
        if link_to is not None:
            # The web request must still be open to linking before a new resident is written for
            # it: otherwise a colleague's link in between leaves a duplicate resident behind.
            target = access.get_help_request_for_user(request, link_to, purpose="intake: link resident",
                                                      write=True)
            if target.resident_id is not None:
                return _already_linked(request, target.pk)
        data = {k: form.cleaned_data[k] for k in ResidentForm.Meta.fields}
        resident = services.resident_register(
            user=request.user, request=request, data=data, relation=form.cleaned_data["relation"],
            address=services.Address(*(form.cleaned_data[k] for k in ("street", "house_number", "postcode", "city"))),
        )
        messages.success(request, _("Resident registered."))
        if link_to is not None:
            return _link(request, target, resident)
        return redirect("intake:request_new", resident_id=resident.pk)
    if form.duplicate is not None:
        # The duplicate check named a resident who may live anywhere: a read of their record.
        access_log_record(user=request.user, action=Action.SEARCH, object_type="intake.resident",
                          resident_id=form.duplicate.pk, purpose="intake: duplicate check before registering",
                          request=request, detail={"found": [form.duplicate.pk]})
    context = {"search": search, "candidates": candidates, "form": form, "link_to": link_to}
    return render(request, "intake/register.html", context)


def _initial_from_search(search: ResidentSearchForm) -> dict:
    if not (search.is_bound and search.is_valid()):
        return {}
    keys = ("bsn", "surname", "date_of_birth", "postcode", "house_number")
    return {k: search.cleaned_data[k] for k in keys if search.cleaned_data.get(k)}


def _already_linked(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    messages.error(request, _("Not linked: this request is already linked to a resident (perhaps by a "
                              "colleague just now). Check the request."))
    return redirect("intake:request_detail", request_id=request_id)


def _link(request: AuthedHtmxRequest, help_request: HelpRequest, resident: Resident) -> HttpResponse:
    """Link a request the caller fetched for writing (through the chokepoint, logged once)."""
    try:
        services.help_request_link_resident(user=request.user, request=request, help_request=help_request,
                                            resident=resident)
    except services.InvalidTransition:
        return _already_linked(request, help_request.pk)
    else:
        messages.success(request, _("The request is linked to %(name)s.") % {"name": resident.full_name})
    return redirect("intake:request_detail", request_id=help_request.pk)


@require_POST
@require_resident_handler
def request_link(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    form = LinkResidentForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    # Any resident may be linked (the front door finds people wherever they live), but only
    # one that exists; the link then makes the resident visible through the request.
    resident = Resident.objects.unrestricted().filter(pk=form.cleaned_data["resident"]).first()
    if resident is None:
        raise PermissionDenied
    help_request = access.get_help_request_for_user(request, request_id, purpose="intake: link resident",
                                                    write=True)
    return _link(request, help_request, resident)


@require_http_methods(["GET", "POST"])
@require_resident_handler
def request_new(request: AuthedHtmxRequest, resident_id: int) -> HttpResponse:
    """Step 2: the request itself, for a resident found or just registered."""
    resident = access.get_resident_for_registration(request, resident_id)
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        help_request = services.help_request_register(
            user=request.user, request=request, resident=resident, **form.cleaned_data)
        messages.success(request, _("Request for help registered."))
        return redirect("intake:request_detail", request_id=help_request.pk)
    return render(request, "intake/request_new.html", {"resident": resident, "form": form})


@require_GET
@require_resident_handler
def request_detail(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    help_request = access.get_help_request_for_user(request, request_id, purpose="intake: request for help")
    return render(request, "intake/request_detail.html", _request_context(request, help_request))


def _request_context(request: AuthedHtmxRequest, help_request, **forms) -> dict:
    return {
        "help_request": help_request,
        "today": timezone.localdate(),
        "settle_form": forms.get("settle_form") or SettleForm(),
        "correct_form": forms.get("correct_form") or RequestCorrectionForm(instance=help_request),
        "conflict": forms.get("conflict"),
        "assign_form": forms.get("assign_form") or AssignForm(
            help_request=help_request, initial={"worker": help_request.assigned_worker_id,
                                                "expected_worker": help_request.assigned_worker_id}),
        "conversation": Conversation.objects.filter(help_request=help_request).first(),
        "may_change": access.may_change_request(request.user, help_request),
    }


@require_POST
@require_resident_handler
def request_settle(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    help_request = access.get_help_request_for_user(request, request_id, purpose="intake: triage", write=True)
    form = SettleForm(request.POST)
    if form.is_valid():
        try:
            services.help_request_settle(user=request.user, request=request, help_request=help_request,
                                         settled_by=form.cleaned_data["settled_by"], note=form.cleaned_data["note"])
        except services.InvalidTransition:
            messages.error(request, _("Only a new request can be settled at intake."))
        else:
            messages.success(request, _("The request is settled at intake."))
            return redirect("intake:request_detail", request_id=help_request.pk)
    return render(request, "intake/request_detail.html", _request_context(request, help_request, settle_form=form))


@require_POST
@require_resident_handler
def request_correct(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    help_request = access.get_help_request_for_user(request, request_id, purpose="intake: correct request",
                                                    write=True)
    form = RequestCorrectionForm(request.POST, instance=help_request)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            _corrected, changed = services.help_request_correct(
                user=request.user, request=request, help_request=help_request, seen=data["seen"],
                question=data["question"], urgency=data["urgency"], life_domains=data["life_domains"],
                wmo_melding=data["wmo_melding"], debt_help_question=data["debt_help_question"],
                debt_threat=data["debt_threat"])
        except services.RequestConflict as error:
            # Show the colleague's version and keep what this worker typed, based on it now.
            conflict = help_request = error.current
            post = request.POST.copy()
            post["seen"] = help_request.updated_at.isoformat()
            form = RequestCorrectionForm(post, instance=help_request)
        except events.ChangeRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            messages.success(request, _("The request is corrected.") if changed else _("Nothing was changed."))
            return redirect("intake:request_detail", request_id=help_request.pk)
    return render(request, "intake/request_detail.html",
                  _request_context(request, help_request, correct_form=form, conflict=conflict))


@require_POST
@require_resident_handler
def request_assign(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    help_request = access.get_help_request_for_user(request, request_id, purpose="intake: triage", write=True)
    form = AssignForm(request.POST, help_request=help_request)
    if form.is_valid():
        try:
            services.help_request_assign(user=request.user, request=request, help_request=help_request,
                                         worker=form.cleaned_data["worker"],
                                         visit_planned_at=form.cleaned_data["visit_planned_at"],
                                         expected_worker_id=form.cleaned_data["expected_worker"])
        except services.ReassignConflict as conflict:
            # What was chosen stays in the form, now based on who is assigned: the user reads the
            # page and assigns again deliberately.
            data = request.POST.copy()
            data["expected_worker"] = conflict.current.assigned_worker_id or ""
            form = AssignForm(data, help_request=conflict.current)
            form.is_valid()
            form.add_error(None, _("Not assigned: meanwhile someone assigned this request to %(worker)s. "
                                   "Assign again to change that.") % {
                "worker": conflict.current.assigned_worker or _("nobody")})
            help_request = conflict.current
        except services.InvalidTransition:
            messages.error(request, _("This request can no longer be assigned."))
        else:
            messages.success(request, _("Assigned to %(worker)s.") % {"worker": form.cleaned_data["worker"]})
            return redirect("intake:request_detail", request_id=help_request.pk)
    return render(request, "intake/request_detail.html", _request_context(request, help_request, assign_form=form))


@require_POST
@require_resident_handler
def conversation_start(request: AuthedHtmxRequest, request_id: int) -> HttpResponse:
    help_request = access.get_help_request_for_user(request, request_id, purpose="kitchen-table conversation",
                                                    write=True)
    if not request.user.is_worker:
        raise PermissionDenied
    if help_request.resident_id is None:
        messages.error(request, _("Link the request to a resident before the conversation."))
        return redirect("intake:request_detail", request_id=help_request.pk)
    try:
        conversation = services.conversation_start(user=request.user, request=request, help_request=help_request)
    except services.InvalidTransition:
        messages.error(request, _("This request was settled at intake: it needs no kitchen-table conversation."))
        return redirect("intake:request_detail", request_id=help_request.pk)
    return redirect("intake:conversation", conversation_id=conversation.pk)


def _conversation_form(conversation, data=None, *, finishing: bool = False) -> ConversationForm:
    members = Resident.objects.unrestricted().filter(memberships__household=conversation.household).distinct()
    scores = conversation.scores.select_related("domain").order_by("domain__position")
    return ConversationForm(data, instance=conversation, members=members, scores=scores, finishing=finishing)


def _save_conversation(request: AuthedHtmxRequest, conversation, form: ConversationForm):
    return services.conversation_save(
        user=request.user, request=request, conversation=conversation,
        expected_version=form.cleaned_data["version"], fields=form.cleaned_data,
        present=form.cleaned_data["present_residents"], scores=form.scores(),
        editor=form.cleaned_data["editor"], final=not request.htmx,
    )


@require_http_methods(["GET", "POST"])
@require_resident_handler
def conversation(request: AuthedHtmxRequest, conversation_id: int) -> HttpResponse:
    """The conversation page. GET shows it; POST saves it: autosave through htmx (answers with the
    status line and the new version only), or the plain save button (redirects)."""
    write = request.method == "POST"
    conv = access.get_conversation_for_user(request, conversation_id, purpose="kitchen-table conversation",
                                            write=write)
    may_edit = write or access.may_edit_conversation(request.user, conv)
    form = _conversation_form(conv, request.POST if write else None)
    context = {"conversation": conv, "form": form, "may_edit": may_edit, "conflict": None, "saved": False}
    if write and form.is_valid():
        try:
            conv = _save_conversation(request, conv, form)
            context.update(conversation=conv, saved=True)
            if not request.htmx:
                messages.success(request, _("Conversation saved."))
                return redirect("intake:conversation", conversation_id=conv.pk)
        except services.ConversationConflict as conflict:
            context["conflict"] = conflict.current
    if request.htmx and write:
        return render(request, "intake/conversation.html#autosave", context)
    return render(request, "intake/conversation.html", context)


@require_POST
@require_resident_handler
def conversation_finish(request: AuthedHtmxRequest, conversation_id: int) -> HttpResponse:
    conv = access.get_conversation_for_user(request, conversation_id, purpose="kitchen-table conversation",
                                            write=True)
    form = _conversation_form(conv, request.POST, finishing=True)
    context = {"conversation": conv, "form": form, "may_edit": True, "conflict": None, "saved": False}
    if form.is_valid():
        try:
            conv = _save_conversation(request, conv, form)
            services.conversation_finish(user=request.user, request=request, conversation=conv)
            messages.success(request, _("Conversation finished. It is on the household's timeline."))
            return redirect("intake:household", household_id=conv.household_id)
        except services.ConversationConflict as conflict:
            context["conflict"] = conflict.current
    return render(request, "intake/conversation.html", context)


@require_GET
@require_resident_handler
def resident_detail(request: AuthedHtmxRequest, resident_id: int) -> HttpResponse:
    resident = access.get_resident_for_user(request, resident_id, purpose="resident record")
    # Who may see the resident's current household sees the whole story; who sees the resident
    # only through a request they registered sees those requests.
    whole = access.may_change_resident(request.user, resident)
    story = selectors.resident_story(resident=resident,
                                     within=None if whole else HelpRequest.objects.visible_to(request.user))
    return render(request, "intake/resident_detail.html", {
        "resident": resident, **story, "move_form": MoveForm(), "may_move": whole})


@require_GET
@require_resident_handler
def resident_export(request: AuthedHtmxRequest, resident_id: int) -> HttpResponse:
    """An access request (AVG art. 15): all data held on the resident as a JSON download.
    Team leaders handle these; a worker who can see the resident gets 403."""
    resident = access.get_resident_for_user(request, resident_id, purpose="access request export")
    if not request.user.is_team_leader:
        raise PermissionDenied
    sections = services.resident_export(user=request.user, request=request, resident=resident)
    response = JsonResponse(exports.as_json(sections), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="inwoner-{resident.pk}.json"'
    return response


@require_POST
@require_resident_handler
def resident_move(request: AuthedHtmxRequest, resident_id: int) -> HttpResponse:
    resident = access.get_resident_for_user(request, resident_id, purpose="resident moves household", write=True)
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.resident_move(
                user=request.user, request=request, resident=resident, relation=data["relation"], on=data["on"],
                address=services.Address(data["street"], data["house_number"], data["postcode"], data["city"]),
            )
        except services.MoveBeforeCurrent as error:
            form.add_error("on", _("The resident lives at the current address since %(date)s: the move comes "
                                   "after that day.") % {"date": date_format(error.since, "j F Y")})
        else:
            messages.success(request, _("The move is recorded; the history is kept."))
            return redirect("intake:resident", resident_id=resident.pk)
    story = selectors.resident_story(resident=resident)
    return render(request, "intake/resident_detail.html", {"resident": resident, **story, "move_form": form,
                                                            "may_move": True})


@require_GET
@require_resident_handler
def household_detail(request: AuthedHtmxRequest, household_id: int) -> HttpResponse:
    household = access.get_household_for_user(request, household_id, purpose="household record")
    story = selectors.household_story(household=household)
    former = (HouseholdMembership.objects.filter(household=household, end_date__isnull=False)
              .exclude(resident_id__in=restricted_resident_ids()).select_related("resident"))
    return render(request, "intake/household_detail.html", {"household": household, "former": former, **story})


@login_not_required
@require_http_methods(["GET", "POST"])
def public_request(request: HtmxRequest) -> HttpResponse:
    """The resident's own request for help: no login, no third-party captcha. What was typed
    stays on the page whatever stops it (a limit, a form sent twice)."""
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST":
        gate = PublicFormGate(client_network(request))
        if not gate.post_allowed() or (form.is_valid() and not gate.send_allowed()):
            response = render(request, "intake/public_request.html", {"form": form, "rate_limited": True})
            response.status_code = 429
            return response
        if form.is_valid():
            if gate.first_use(form.data["started"]):
                data = form.cleaned_data
                services.help_request_submit_public(
                    name=data["name"], date_of_birth=data["date_of_birth"], postcode=data["postcode"],
                    house_number=data["house_number"], phone=data["phone"], email=data["email"],
                    question=data["question"], life_domains=data["life_domains"],
                )
                gate.count_sent()
                return redirect("public:thanks")
            form.add_error(None, ValidationError(
                _("This form was already sent. To send another question, send it again."), code="expired"))
        if form.has_error("__all__", "expired"):
            form.data = form.data.copy()
            form.data["started"] = signing.dumps(timezone.now().timestamp(), salt=PublicRequestForm.SALT)
    return render(request, "intake/public_request.html", {"form": form})


@login_not_required
@require_GET
def public_thanks(request: HtmxRequest) -> HttpResponse:
    return render(request, "intake/public_thanks.html")
