from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Action
from audit.services import access_log_record
from cases import access as cases_access
from cases.models import Case
from intake import access as intake_access
from toegang.http import AuthedHtmxRequest, parse_id

from . import access, selectors, services
from .forms import (
    DirectorySearchForm,
    PersonForm,
    PlanReferralForm,
    ReferralForm,
    ReferralRespondForm,
    default_consent_until,
)
from .models import DirectorySettings, Person, Referral, ReferralStatus


def _stale_before() -> datetime.date:
    """Entries confirmed before this day are flagged as possibly out of date (configurable)."""
    return timezone.localdate() - datetime.timedelta(days=DirectorySettings.current().stale_after_days)


@require_GET
@access.require_directory_user
def directory(request: AuthedHtmxRequest) -> HttpResponse:
    """The directory with search as you type: htmx swaps the results; without JavaScript the
    same form submits as a plain GET. `?conversation=` keeps the referral context."""
    form = DirectorySearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    people = selectors.directory_search(
        text=data.get("q", ""), zone_id=data["zone"].pk if data.get("zone") else None,
        organisation_id=data["organisation"].pk if data.get("organisation") else None,
    )
    access_log_record(user=request.user, action=Action.SEARCH, object_type="partners.person",
                      purpose="partner directory", request=request,
                      detail={"q": data.get("q", ""), "shown": [p.pk for p in people]})
    staff = request.user.handles_residents
    context = {
        "form": form, "people": people, "stale_before": _stale_before(),
        "conversation_id": parse_id(request.GET.get("conversation", "")) if staff else None,
        # `?plan=` keeps the context of a referral from a plan; the referral form checks access.
        "plan_id": parse_id(request.GET.get("plan", "")) if staff else None,
        "managed": access.managed_organisation_ids(request.user),
    }
    template = "partners/directory.html#results" if request.htmx else "partners/directory.html"
    return render(request, template, context)


@require_GET
@access.require_directory_user
def person_photo(request: AuthedHtmxRequest, person_id: int) -> HttpResponse:
    # Not logged per image: the search that showed the face is logged with the ids it showed.
    person = access.get_person_for_user(request, person_id, purpose="directory photo", log=False)
    if not person.photo:
        raise Http404
    try:
        handle = person.photo.open("rb")
    except FileNotFoundError:
        # The entry names a file the storage no longer has (a restored backup, a lost volume).
        raise Http404 from None
    response = FileResponse(handle, content_type=person.photo_content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


@require_GET
@access.require_directory_user
def my_entry(request: AuthedHtmxRequest) -> HttpResponse:
    entry = Person.objects.filter(user=request.user).values_list("pk", flat=True).first()
    if entry is None:
        raise Http404
    return redirect("partners:person_edit", person_id=entry)


@require_http_methods(["GET", "POST"])
@access.require_directory_user
def person_edit(request: AuthedHtmxRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_user(request, person_id, purpose="directory: edit entry", write=True)
    may_manage = access.may_manage_organisation(request.user, person.organisation)
    form = PersonForm(request.POST or None, request.FILES or None, instance=person, may_manage=may_manage)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                user=request.user, request=request, person=person, expected_version=data["version"] or 0,
                data=data, zones=data["zones"], today=timezone.localdate(), may_manage=may_manage,
                photo=data.get("photo"), photo_content_type=getattr(form, "photo_content_type", ""),
                remove_photo=data.get("remove_photo", False),
            )
            messages.success(request, _("The directory entry is saved and confirmed as current."))
            return redirect("partners:person_edit", person_id=person.pk)
        except services.Conflict as exc:
            conflict = exc.current
    return render(request, "partners/person_form.html",
                  {"form": form, "person": person, "organisation": person.organisation, "conflict": conflict})


@require_http_methods(["GET", "POST"])
@access.require_directory_user
def person_new(request: AuthedHtmxRequest, organisation_id: int) -> HttpResponse:
    organisation = access.get_organisation_for_manager(request, organisation_id, purpose="directory: add a person")
    form = PersonForm(request.POST or None, request.FILES or None, may_manage=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.person_create(
            user=request.user, request=request, organisation=organisation, data=data, zones=data["zones"],
            today=timezone.localdate(), photo=data.get("photo"),
            photo_content_type=getattr(form, "photo_content_type", ""),
        )
        messages.success(request, _("%(name)s is added to the directory.") % {"name": person.name})
        return redirect("partners:organisation", organisation_id=organisation.pk)
    return render(request, "partners/person_form.html",
                  {"form": form, "person": None, "organisation": organisation, "conflict": None})


@require_GET
@access.require_directory_user
def organisation_detail(request: AuthedHtmxRequest, organisation_id: int) -> HttpResponse:
    """An organisation in the directory: its services, finding places and people. Its
    administrators also see inactive and stale entries and may add people."""
    organisation = access.get_organisation_for_user(request, organisation_id, purpose="directory: organisation")
    may_manage = access.may_manage_organisation(request.user, organisation)
    return render(request, "partners/organisation_detail.html", {
        "organisation": organisation, "may_manage": may_manage,
        **selectors.organisation_page(organisation=organisation, include_inactive=may_manage),
        "stale_before": _stale_before()})


def _referral_initial(request: AuthedHtmxRequest, today: datetime.date) -> tuple[dict, Person | None]:
    """The form's starting values; `?person=` (a card in the directory) picks the contact and the
    first active service of their organisation."""
    initial = {"consent_until": default_consent_until(today), "question": ""}
    person_id = parse_id(request.GET.get("person", ""))
    contact = Person.objects.active().filter(pk=person_id).first() if person_id is not None else None
    if contact is not None:
        initial["partner_contact"] = contact.pk
        service = contact.organisation.services.filter(active=True).order_by("name").first()
        initial["service"] = service.pk if service else None
    return initial, contact


@require_http_methods(["GET", "POST"])
def referral_new(request: AuthedHtmxRequest, conversation_id: int) -> HttpResponse:
    """Refer the resident of a conversation to a partner's service, with recorded consent."""
    if not request.user.handles_residents:
        raise PermissionDenied
    conversation = intake_access.get_conversation_for_user(request, conversation_id, purpose="referral: prepare")
    if conversation.help_request.resident_id is None:
        raise Http404
    # Sending the household's story to another organisation acts on the request; reading it is not enough.
    if not intake_access.may_change_request(request.user, conversation.help_request):
        raise PermissionDenied
    today = timezone.localdate()
    initial, contact = _referral_initial(request, today)
    form = ReferralForm(request.POST or None, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = services.referral_send(
            user=request.user, request=request, conversation=conversation, service=data["service"],
            partner_contact=data["partner_contact"], question=data["question"], urgency=data["urgency"],
            shares=form.shares, consent_until=data["consent_until"], today=today,
        )
        messages.success(request, _("The referral is sent to %(organisation)s.")
                         % {"organisation": referral.organisation.name})
        return redirect("partners:referral", referral_id=referral.pk)
    return render(request, "partners/referral_form.html",
                  {"form": form, "conversation": conversation, "contact": contact})


def _plan_for_referral(request: AuthedHtmxRequest, case_id: int, *, purpose: str) -> Case:
    """Only who may work on the plan refers from it: the cases chokepoint answers 404 to whom may
    not see the plan and 403 to whom may only read it; other roles never refer (403)."""
    if not request.user.handles_residents:
        raise PermissionDenied
    case = cases_access.get_case_for_user(request, case_id, purpose=purpose, write=True)
    if case.conversation.help_request.resident_id is None:
        raise Http404
    return case


@require_GET
def plan_referral_new(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    """The referral form from a plan; it posts to `plan_referral_send`."""
    case = _plan_for_referral(request, case_id, purpose="referral: prepare from plan")
    today = timezone.localdate()
    initial, contact = _referral_initial(request, today)
    form = PlanReferralForm(today=today, initial=initial)
    return render(request, "partners/referral_form.html",
                  {"form": form, "conversation": case.conversation, "case": case, "contact": contact})


@require_POST
def plan_referral_send(request: AuthedHtmxRequest, case_id: int) -> HttpResponse:
    case = _plan_for_referral(request, case_id, purpose="referral: send from plan")
    today = timezone.localdate()
    form = PlanReferralForm(request.POST, today=today)
    if form.is_valid():
        data = form.cleaned_data
        referral = services.referral_send(
            user=request.user, request=request, conversation=case.conversation, case=case,
            service=data["service"], partner_contact=data["partner_contact"], question=data["question"],
            urgency=data["urgency"], shares=form.shares, consent_until=data["consent_until"], today=today,
        )
        messages.success(request, _("The referral is sent to %(organisation)s.")
                         % {"organisation": referral.organisation.name})
        return redirect("partners:referral", referral_id=referral.pk)
    return render(request, "partners/referral_form.html",
                  {"form": form, "conversation": case.conversation, "case": case, "contact": None})


@require_GET
@access.require_referral_user
def referral_list(request: AuthedHtmxRequest) -> HttpResponse:
    today = timezone.localdate()
    status = request.GET.get("status", "")
    overdue_only = request.GET.get("overdue") == "1"
    referrals = selectors.referral_list(user=request.user, today=today, status=status, overdue_only=overdue_only)
    access_log_record(user=request.user, action=Action.LIST, object_type="partners.referral",
                      purpose="referrals", request=request,
                      detail={"filters": request.GET.dict(), "shown": [r.pk for r in referrals]})
    return render(request, "partners/referral_list.html", {
        "referrals": referrals, "today": today, "statuses": ReferralStatus.choices,
        "filters": {"status": status, "overdue": overdue_only},
        "overdue_count": sum(1 for r in referrals if r.acceptance_overdue_on(today)),
        "my_entry": Person.objects.filter(user=request.user).values("pk", "organisation_id",
                                                                    "is_organisation_admin").first()})


def _referral_context(request: AuthedHtmxRequest, referral: Referral, today, bound: ReferralRespondForm | None = None,
                      conflict: Referral | None = None) -> dict:
    respond_forms = {}
    next_steps = _next_steps(referral.status)
    if access.may_respond(request.user, referral):
        for to in next_steps:
            if bound is not None and bound.data.get("to") == to:
                respond_forms[to] = bound
            else:
                respond_forms[to] = ReferralRespondForm(initial={"to": to, "version": referral.version},
                                                        auto_id=f"{to}_%s")
        # After a conflict the step the partner typed for may no longer be possible (a colleague
        # declined or finished first): their form stays on the page, without its button, so the
        # reason or feedback they wrote is not lost.
        bound_to = bound.data.get("to") if bound is not None else None
        if bound_to in (ReferralStatus.DECLINED, ReferralStatus.FINISHED) and bound_to not in respond_forms:
            respond_forms[bound_to] = bound
    return {
        "referral": referral, "today": today, "handover": selectors.referral_handover(referral=referral),
        "respond_forms": respond_forms, "next_steps": next_steps, "conflict": conflict,
        "may_withdraw": access.may_withdraw_consent(request.user, referral),
    }


def _next_steps(status: str) -> list[str]:
    return {ReferralStatus.SENT: [ReferralStatus.ACCEPTED, ReferralStatus.DECLINED],
            ReferralStatus.ACCEPTED: [ReferralStatus.STARTED],
            ReferralStatus.STARTED: [ReferralStatus.FINISHED]}.get(status, [])


@require_GET
@access.require_referral_user
def referral_detail(request: AuthedHtmxRequest, referral_id: int) -> HttpResponse:
    today = timezone.localdate()
    referral = access.get_referral_for_user(request, referral_id, purpose="referral: warm handover", today=today)
    return render(request, "partners/referral_detail.html", _referral_context(request, referral, today))


@require_POST
@access.require_referral_user
def referral_respond(request: AuthedHtmxRequest, referral_id: int) -> HttpResponse:
    today = timezone.localdate()
    referral = access.get_referral_for_user(request, referral_id, purpose="referral: respond", today=today,
                                            write="respond")
    to = request.POST.get("to", "")
    form = ReferralRespondForm(request.POST, auto_id=f"{to}_%s" if to in ReferralStatus.values else "id_%s")
    conflict = None
    if form.is_valid():
        try:
            services.referral_transition(
                user=request.user, request=request, referral=referral, to=form.cleaned_data["to"],
                expected_version=form.cleaned_data["version"], today=today,
                reason=form.cleaned_data["reason"], feedback=form.cleaned_data["feedback"],
            )
            messages.success(request, _("The referral is now: %(status)s.") % {
                "status": ReferralStatus(form.cleaned_data["to"]).label})
            return redirect("partners:referral", referral_id=referral.pk)
        except services.Conflict as exc:
            # What the partner typed stays, now based on the current version: they read the
            # colleague's change on the page, then answer again deliberately.
            conflict = exc.current
            referral.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(referral.version)
            form = ReferralRespondForm(data, auto_id=form.auto_id)
    return render(request, "partners/referral_detail.html",
                  _referral_context(request, referral, today, bound=form, conflict=conflict))


@require_POST
@access.require_referral_user
def referral_withdraw_consent(request: AuthedHtmxRequest, referral_id: int) -> HttpResponse:
    today = timezone.localdate()
    referral = access.get_referral_for_user(request, referral_id, purpose="referral: withdraw consent", today=today,
                                            write="withdraw")
    services.referral_withdraw_consent(user=request.user, request=request, referral=referral)
    messages.success(request, _("Consent is withdrawn: the partner no longer sees this referral."))
    return redirect("partners:referral", referral_id=referral.pk)
