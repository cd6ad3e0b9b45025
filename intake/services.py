"""The only writers of residents, households, requests and conversations. Each writes the
access log in the same transaction as the change."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import PostcodeArea, User
from audit.models import Action
from audit.services import access_log_record

from . import events, exports
from .models import (
    AWAITING_VISIT,
    OPEN_STATUSES,
    Channel,
    Conversation,
    ConversationStatus,
    HelpRequest,
    Household,
    HouseholdMembership,
    IntakeSettings,
    LifeDomain,
    Relation,
    RequestStatus,
    Resident,
    SelfRelianceScore,
    SettledBy,
    Threat,
    Urgency,
    restricted_household_ids,
    restricted_resident_ids,
)
from .validators import normalise_postcode


class ConversationConflict(Exception):
    """Someone else saved the conversation since this editor loaded it."""

    def __init__(self, current: Conversation) -> None:
        super().__init__("conversation changed by someone else")
        self.current = current


@dataclass(frozen=True)
class Address:
    street: str
    house_number: str
    postcode: str
    city: str


def visit_due_on(first_contact_on: datetime.date) -> datetime.date:
    """The home-visit promise: first contact plus the configured number of calendar days."""
    return first_contact_on + datetime.timedelta(days=IntakeSettings.current().home_visit_promise_days)


def household_find_or_create(*, address: Address) -> Household:
    """One household per address unless intake deliberately splits it: a resident registered at
    an address where a household lives joins it. Not a household with a member whose processing is
    restricted (AVG art. 18): every list and page hides it, so the newcomer's own question would be
    lost in it, and the worker's 404 would tell that something is hidden there. The newcomer gets
    a household of their own at the address; once the restriction is lifted the administrator
    can join the two."""
    postcode = normalise_postcode(address.postcode)
    number = address.house_number.strip()
    household = (
        Household.objects.filter(postcode=postcode, house_number__iexact=number,
                                 memberships__end_date__isnull=True)
        .exclude(pk__in=restricted_household_ids())
        .order_by("pk").first()
    )
    if household is not None:
        return household
    return Household.objects.create(
        street=address.street.strip(), house_number=number, postcode=postcode,
        city=address.city.strip(), zone=PostcodeArea.zone_for(postcode),
    )


@transaction.atomic
def resident_register(*, user: User, request: HttpRequest | None, data: dict[str, Any],
                      address: Address, relation: str, on: datetime.date | None = None) -> Resident:
    resident = Resident.objects.create(**data)
    household = household_find_or_create(address=address)
    HouseholdMembership.objects.create(household=household, resident=resident, relation=relation,
                                       start_date=on or timezone.localdate())
    access_log_record(user=user, action=Action.CREATE, obj=resident, resident_id=resident.pk,
                      purpose="intake: register resident", request=request)
    return resident


class MoveBeforeCurrent(Exception):
    """The move date is not after the day the resident came to live at the current address."""

    def __init__(self, since: datetime.date) -> None:
        super().__init__("move date not after the current membership's start")
        self.since = since


@transaction.atomic
def resident_move(*, user: User, request: HttpRequest | None, resident: Resident, address: Address,
                  relation: str, on: datetime.date) -> HouseholdMembership:
    """Close the resident's current membership the day before `on` and open one at the new
    address; the old household and everything recorded there stay in the history."""
    if on > timezone.localdate():
        # A move still to come would change at once who sees the household (MoveForm says so).
        raise InvalidTransition("a move is recorded once it has happened")
    # Serialises two recordings of a move (a double click): the second reads the first one's new
    # membership as current and is refused next to the date, instead of a second open one.
    Resident.objects.select_for_update().filter(pk=resident.pk).first()
    current = (HouseholdMembership.objects.select_for_update()
               .filter(resident=resident, end_date__isnull=True).first())
    if current is not None and on <= current.start_date:
        # The history would overlap: two households on the same days.
        raise MoveBeforeCurrent(current.start_date)
    if current is not None:
        current.end_date = on - datetime.timedelta(days=1)
        current.save(update_fields=["end_date"])
    household = household_find_or_create(address=address)
    membership = HouseholdMembership.objects.create(household=household, resident=resident,
                                                    relation=relation, start_date=on)
    # A request still waiting for its home visit follows the resident: the visit is at the new
    # home, with the household living there, by the zone that covers it (its worker, if one was
    # assigned, keeps it). A conversation already held or started stays where it was held.
    followed = list(HelpRequest.objects.filter(resident=resident, status__in=AWAITING_VISIT,
                                               conversation__isnull=True)
                    .exclude(household=household).values_list("pk", flat=True))
    if followed:
        HelpRequest.objects.filter(pk__in=followed).update(
            household=household, zone=household.zone_id if household.zone_id else F("zone"),
            updated_at=timezone.now())
    access_log_record(user=user, action=Action.UPDATE, obj=resident, resident_id=resident.pk,
                      purpose="intake: resident moved household", request=request,
                      detail={"from_household": current.household_id if current else None,
                              "to_household": household.pk, "requests_followed": followed})
    return membership


def current_household(resident: Resident) -> Household | None:
    membership = (HouseholdMembership.objects.filter(resident=resident, end_date__isnull=True)
                  .select_related("household").first())
    return membership.household if membership else None


@transaction.atomic
def help_request_register(*, user: User, request: HttpRequest | None, resident: Resident, channel: str,
                          question: str, urgency: str, first_contact_on: datetime.date,
                          life_domains: Iterable[LifeDomain], wmo_melding: bool = True,
                          debt_help_question: bool = False, debt_threat: bool = False) -> HelpRequest:
    # The same request posted twice (a double click, a reload) is registered once: the second
    # returns the first, which has already started its terms. The lock on the resident makes a
    # simultaneous second post wait and find it.
    Resident.objects.select_for_update().filter(pk=resident.pk).first()
    same = (HelpRequest.objects.filter(resident=resident, channel=channel, question=question,
                                       first_contact_on=first_contact_on, status__in=OPEN_STATUSES)
            .order_by("pk").first())
    if same is not None:
        return same
    household = current_household(resident)
    help_request = HelpRequest.objects.create(
        resident=resident, household=household, zone=household.zone if household else None,
        channel=channel, question=question, urgency=urgency, first_contact_on=first_contact_on,
        visit_due_on=visit_due_on(first_contact_on), created_by=user, wmo_melding=wmo_melding,
        debt_help_question=debt_help_question or debt_threat, debt_threat=debt_threat,
    )
    help_request.life_domains.set(life_domains)
    access_log_record(user=user, action=Action.CREATE, obj=help_request, resident_id=resident.pk,
                      purpose="intake: register request for help", request=request)
    events.request_changed(help_request, acted_by=user, request=request)
    return help_request


@transaction.atomic
def help_request_submit_public(*, name: str, date_of_birth: datetime.date | None, postcode: str,
                               house_number: str, phone: str, email: str, question: str,
                               life_domains: Iterable[LifeDomain]) -> HelpRequest:
    """A resident's own request through the public web form. It lands in the intake queue of
    the zone of its postcode; intake links it to a resident record after checking who it is."""
    postcode = normalise_postcode(postcode)
    today = timezone.localdate()
    help_request = HelpRequest.objects.create(
        zone=PostcodeArea.zone_for(postcode), channel=Channel.WEB_FORM, question=question,
        urgency=Urgency.NORMAL, first_contact_on=today, visit_due_on=visit_due_on(today),
        submitted_contact={
            "name": name, "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
            "postcode": postcode, "house_number": house_number, "phone": phone, "email": email,
        },
    )
    help_request.life_domains.set(life_domains)
    access_log_record(user=None, action=Action.CREATE, obj=help_request,
                      purpose="public web form: request for help")
    events.request_changed(help_request)
    return help_request


@transaction.atomic
def help_request_link_resident(*, user: User, request: HttpRequest | None, help_request: HelpRequest,
                               resident: Resident) -> HelpRequest:
    """Link a web-form request to the resident intake found or registered. Only once: a request
    linked to someone (by a colleague meanwhile, or long ago with its conversation, decisions and
    clocks) is never moved to another person here (InvalidTransition)."""
    help_request = _locked(help_request)
    if help_request.resident_id == resident.pk:
        return help_request
    if help_request.resident_id is not None:
        raise InvalidTransition("the request is already linked to a resident")
    household = current_household(resident)
    help_request.resident = resident
    help_request.household = household
    if household is not None and household.zone_id:
        help_request.zone = household.zone
    help_request.save(update_fields=["resident", "household", "zone", "updated_at"])
    access_log_record(user=user, action=Action.UPDATE, obj=help_request, resident_id=resident.pk,
                      purpose="intake: link web request to resident", request=request)
    return help_request


class InvalidTransition(Exception):
    pass


def _locked(help_request: HelpRequest) -> HelpRequest:
    return HelpRequest.objects.select_for_update().get(pk=help_request.pk)


class RequestConflict(Exception):
    """The request was saved by someone else after the editor loaded it."""

    def __init__(self, current: HelpRequest) -> None:
        super().__init__("request changed since it was loaded")
        self.current = current


@transaction.atomic
def help_request_correct(*, user: User, request: HttpRequest | None, help_request: HelpRequest, seen: str,
                         question: str, urgency: str, life_domains: Iterable[LifeDomain],
                         wmo_melding: bool, debt_help_question: bool = False,
                         debt_threat: bool = False) -> tuple[HelpRequest, list[str]]:
    """Correct the question, urgency, life domains and the Wmo-melding and debt-help markers of a
    registered request. Returns the request and the names of what changed.
    `seen` is the last-saved time the editor started from (RequestConflict if it moved). A change
    of a marker is announced (intake.events): the legal clocks follow it, or refuse it
    (ChangeRefused, and nothing is saved)."""
    current = _locked(help_request)
    if current.updated_at.isoformat() != seen:
        raise RequestConflict(current)
    domains = {d.pk for d in life_domains}
    new = {"question": question, "urgency": urgency, "wmo_melding": wmo_melding,
           "debt_help_question": debt_help_question or debt_threat, "debt_threat": debt_threat}
    changed = [name for name, value in new.items() if getattr(current, name) != value]
    if domains != {d.pk for d in current.life_domains.all()}:
        changed.append("life_domains")
        current.life_domains.set(domains)
    if not changed:
        return current, changed
    for name, value in new.items():
        setattr(current, name, value)
    current.save(update_fields=[*new, "updated_at"])
    # What changed, not the text: the log is read by the administrator, the question is the resident's.
    access_log_record(user=user, action=Action.UPDATE, obj=current, resident_id=current.resident_id,
                      purpose="intake: correct request", request=request,
                      detail={"changed": changed, "wmo_melding": current.wmo_melding,
                              "debt_help_question": current.debt_help_question, "debt_threat": current.debt_threat})
    if {"wmo_melding", "debt_help_question", "debt_threat"} & set(changed):
        events.request_changed(current, corrected_by=user, request=request)
    return current, changed


@transaction.atomic
def help_request_settle(*, user: User, request: HttpRequest | None, help_request: HelpRequest,
                        settled_by: SettledBy | str, note: str) -> HelpRequest:
    """Triage: answer the question at intake (information, a general provision, own network)."""
    # Lock and re-read: a colleague may have assigned it since this page was loaded.
    help_request = _locked(help_request)
    if help_request.status != RequestStatus.NEW:
        raise InvalidTransition("only a new request can be settled at intake")
    help_request.status = RequestStatus.SETTLED
    help_request.settled_by = settled_by
    help_request.settled_note = note
    help_request.save(update_fields=["status", "settled_by", "settled_note", "updated_at"])
    access_log_record(user=user, action=Action.UPDATE, obj=help_request, resident_id=help_request.resident_id,
                      purpose="intake: settle at triage", request=request)
    return help_request


@transaction.atomic
def help_request_assign(*, user: User, request: HttpRequest | None, help_request: HelpRequest,
                        worker: User, visit_planned_at: datetime.datetime | None,
                        expected_worker_id: int | None) -> HelpRequest:
    """Triage: assign to a meitinker for a home visit (or reassign before the conversation).
    `expected_worker_id` is who the user saw as assigned (None: nobody): if a colleague or the
    team leader assigned the request meanwhile, ReassignConflict and nothing is written."""
    help_request = _locked(help_request)
    if help_request.status not in (RequestStatus.NEW, RequestStatus.ASSIGNED):
        raise InvalidTransition("only a new or assigned request can be (re)assigned")
    if help_request.assigned_worker_id != expected_worker_id:
        raise ReassignConflict(help_request)
    help_request.status = RequestStatus.ASSIGNED
    help_request.assigned_worker = worker
    help_request.visit_planned_at = visit_planned_at
    help_request.save(update_fields=["status", "assigned_worker", "visit_planned_at", "updated_at"])
    access_log_record(user=user, action=Action.UPDATE, obj=help_request, resident_id=help_request.resident_id,
                      purpose="intake: assign for home visit", request=request,
                      detail={"worker": worker.pk})
    return help_request


class ReassignConflict(Exception):
    """Someone else reassigned (or closed) the request since the form was loaded."""

    def __init__(self, current: HelpRequest) -> None:
        super().__init__("request reassigned by someone else")
        self.current = current


@transaction.atomic
def help_request_reassign(*, user: User, request: HttpRequest | None, help_request: HelpRequest,
                          worker: User, expected_worker_id: int | None) -> HelpRequest:
    """Balancing caseloads: hand an open request to another meitinker, also during the
    conversation (the new worker carries on with the draft). `expected_worker_id` is who the
    reassigning user saw as assigned: if that changed meanwhile, nothing is written, so two team
    leaders (or a leader and triage) never silently overwrite each other."""
    help_request = _locked(help_request)
    if help_request.status not in OPEN_STATUSES or help_request.assigned_worker_id != expected_worker_id:
        raise ReassignConflict(help_request)
    if not (worker.is_worker and worker.is_active):
        raise InvalidTransition("only an active meitinker can carry a request")
    if worker.pk == help_request.assigned_worker_id:
        return help_request
    previous = help_request.assigned_worker_id
    help_request.assigned_worker = worker
    if help_request.status == RequestStatus.NEW:
        help_request.status = RequestStatus.ASSIGNED
    help_request.save(update_fields=["status", "assigned_worker", "updated_at"])
    # The new worker carries on with the draft and holds the conversation from here.
    Conversation.objects.filter(help_request=help_request, status=ConversationStatus.DRAFT).update(worker=worker)
    access_log_record(user=user, action=Action.UPDATE, obj=help_request, resident_id=help_request.resident_id,
                      purpose="intake: reassign request", request=request,
                      detail={"from_worker": previous, "worker": worker.pk})
    return help_request


@transaction.atomic
def conversation_start(*, user: User, request: HttpRequest | None, help_request: HelpRequest) -> Conversation:
    """Open the draft conversation for a request, with a score row for every active domain and
    the household's current members marked present."""
    if help_request.resident_id is None:
        raise InvalidTransition("link the request to a resident first")
    # Read again under a lock: a colleague may have settled it since this page was loaded, and a
    # second start at the same moment waits here and finds the first one's conversation.
    locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    existing = Conversation.objects.filter(help_request=help_request).first()
    if existing is not None:
        return existing
    if locked.status == RequestStatus.SETTLED:
        raise InvalidTransition("the request was settled at intake")
    help_request.status, help_request.assigned_worker_id = locked.status, locked.assigned_worker_id
    # Held at the resident's home: where they live now (a move after the request was registered
    # that did not carry the request along), else where the request was registered.
    household = current_household(help_request.resident) or help_request.household
    if household is not None and household.pk != help_request.household_id:
        help_request.household = household
        HelpRequest.objects.filter(pk=help_request.pk).update(household=household)
    conversation = Conversation.objects.create(
        help_request=help_request, household=household, worker=user, held_on=timezone.localdate(),
        updated_by=user,
    )
    conversation.present_residents.set(household.memberships.filter(end_date__isnull=True)
                                       .values_list("resident_id", flat=True))
    SelfRelianceScore.objects.bulk_create(
        SelfRelianceScore(conversation=conversation, domain=domain)
        for domain in LifeDomain.objects.filter(active=True)
    )
    help_request.status = RequestStatus.IN_CONVERSATION
    if help_request.assigned_worker_id is None:
        help_request.assigned_worker = user
    help_request.save(update_fields=["status", "assigned_worker", "updated_at"])
    access_log_record(user=user, action=Action.CREATE, obj=conversation, resident_id=help_request.resident_id,
                      purpose="kitchen-table conversation: start", request=request)
    return conversation


CONVERSATION_FIELDS = (
    "held_on", "others_present", "own_strength", "network", "general_provisions_considered",
    "arrears", "threats", "debt_note", "outcome", "outcome_note",
)


@transaction.atomic
def conversation_save(*, user: User, request: HttpRequest | None, conversation: Conversation,
                      expected_version: int, fields: dict[str, Any], present: Iterable[Resident],
                      scores: dict[int, tuple[int | None, str]], editor: str = "",
                      final: bool = False) -> Conversation:
    """Save what the worker typed (autosave or explicit). Compare-and-swap on `version`: if
    another editor saved since `expected_version`, nothing is written and the caller gets the
    current state to show a conflict warning, so nobody overwrites anybody silently.

    A `final` save (the save or finish button) from the same page (`editor`) as the last save
    may pass a version its own autosave has just moved on: it carries everything that autosave
    had and more. Autosaves never get that leeway, so an older one arriving late cannot undo a
    newer one."""
    same_version = Q(version=expected_version)
    if final and editor:
        same_version |= Q(last_editor=editor)
    values = {name: fields[name] for name in CONVERSATION_FIELDS if name in fields}
    if "threats" in values:
        # Wgs art. 4: any of these threats starts the 3-working-day clock for debt help.
        values["debt_urgent"] = bool(set(values["threats"]) & set(Threat.values))
    updated = Conversation.objects.filter(same_version, pk=conversation.pk, status=ConversationStatus.DRAFT).update(
        **values, version=F("version") + 1, updated_by=user, updated_at=timezone.now(), last_editor=editor)
    if not updated:
        current = Conversation.objects.select_related("updated_by").get(pk=conversation.pk)
        raise ConversationConflict(current)
    conversation.refresh_from_db()
    # A restricted member (AVG art. 18) is not offered on the form; their presence stays as it was.
    kept = conversation.present_residents.filter(pk__in=restricted_resident_ids())
    conversation.present_residents.set([*present, *kept])
    rows = {row.domain_id: row for row in conversation.scores.all()}
    changed = []
    for domain_id, (score, note) in scores.items():
        row = rows.get(domain_id)
        if row is not None and (row.score, row.note) != (score, note):
            row.score, row.note = score, note
            changed.append(row)
    SelfRelianceScore.objects.bulk_update(changed, ["score", "note"])
    access_log_record(user=user, action=Action.UPDATE, obj=conversation,
                      resident_id=conversation.help_request.resident_id,
                      purpose="kitchen-table conversation: save", request=request,
                      detail={"version": conversation.version})
    return conversation


@transaction.atomic
def conversation_finish(*, user: User, request: HttpRequest | None, conversation: Conversation) -> Conversation:
    """Close the conversation; the request counts as having had its home visit."""
    updated = Conversation.objects.filter(pk=conversation.pk, status=ConversationStatus.DRAFT).exclude(
        outcome="").update(status=ConversationStatus.FINISHED, finished_at=timezone.now(),
                           version=F("version") + 1, updated_by=user, updated_at=timezone.now())
    if not updated:
        raise InvalidTransition("only a draft conversation with an outcome can be finished")
    conversation.refresh_from_db()
    HelpRequest.objects.filter(pk=conversation.help_request_id).update(
        status=RequestStatus.COMPLETED, updated_at=timezone.now())
    events.request_changed(HelpRequest.objects.get(pk=conversation.help_request_id), acted_by=user, request=request)
    access_log_record(user=user, action=Action.UPDATE, obj=conversation,
                      resident_id=conversation.help_request.resident_id,
                      purpose="kitchen-table conversation: finish", request=request)
    return conversation


__all__ = ["Address", "ConversationConflict", "InvalidTransition", "Relation"]


def resident_export(*, user: User, request: HttpRequest | None, resident: Resident) -> list[exports.Section]:
    """Everything held on a resident, for an access request under the GDPR (AVG art. 15), from
    every app's registered exporter (intake.exports). The export is logged first, so it lists
    itself among the accesses."""
    access_log_record(user=user, action=Action.EXPORT, obj=resident, resident_id=resident.pk,
                      purpose="access request: export of all data held", request=request)
    return exports.sections(resident)
