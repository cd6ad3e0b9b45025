"""The only writers of directory entries and referrals. Each writes the access log in the same
transaction as the change; where two people may edit the same thing (an entry, a referral's
status) the write is a compare-and-swap on `version`, so nobody overwrites anybody silently."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import User, Zone
from audit.models import Action
from audit.services import access_log_record
from cases.models import Case
from intake.models import Conversation, HelpRequest

from .models import (
    TRANSITIONS,
    DirectorySettings,
    Organisation,
    Person,
    Referral,
    ReferralStatus,
    Service,
)

PERSON_FIELDS = ("name", "job_title", "expertise", "phone", "email", "availability", "availability_note")
MANAGER_FIELDS = ("is_organisation_admin", "active")
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}
SHARE_FIELDS = ("share_request", "share_summary", "share_scores", "share_debts", "share_goals", "share_actions")


class Conflict(Exception):
    """Someone else changed the record since this editor loaded it."""

    def __init__(self, current: Any) -> None:
        super().__init__("changed by someone else")
        self.current = current


class InvalidTransition(Exception):
    pass


def search_text_for(person: Person, *, organisation: Organisation, zones: Iterable[Zone]) -> str:
    """Everything a colleague may type to find this person, in one indexed column."""
    parts = [person.name, person.job_title, " ".join(person.expertise), organisation.name,
             organisation.get_kind_display(), " ".join(z.name for z in zones)]
    return " ".join(p for p in parts if p)


def _store_photo(person: Person, photo: UploadedFile, content_type: str) -> None:
    # A random name: the uploader's file name never reaches the file system.
    name = f"{secrets.token_hex(16)}.{PHOTO_EXTENSIONS[content_type]}"
    old = person.photo.name if person.photo else ""
    person.photo.save(name, photo, save=False)
    Person.objects.filter(pk=person.pk).update(photo=person.photo.name, photo_content_type=content_type)
    person.photo_content_type = content_type
    if old:
        transaction.on_commit(lambda: person.photo.storage.delete(old))


@transaction.atomic
def person_create(*, user: User, request: HttpRequest | None, organisation: Organisation, data: dict[str, Any],
                  zones: Iterable[Zone], today: datetime.date, photo: UploadedFile | None = None,
                  photo_content_type: str = "") -> Person:
    zones = list(zones)
    person = Person(organisation=organisation, confirmed_on=today,
                    **{k: data[k] for k in (*PERSON_FIELDS, *MANAGER_FIELDS) if k in data})
    # The same person added twice (a double click, a reload) is added once: the second returns
    # the first. The lock on the organisation makes a simultaneous second post wait and find it.
    # An inactive namesake is someone who left: adding them again is a new, active entry.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    same = Person.objects.filter(organisation=organisation, name=person.name, email__iexact=person.email,
                                 active=person.active).first()
    if same is not None:
        return same
    person.search_text = search_text_for(person, organisation=organisation, zones=zones)
    person.save()
    person.zones.set(zones)
    if photo is not None:
        _store_photo(person, photo, photo_content_type)
    access_log_record(user=user, action=Action.CREATE, obj=person, purpose="directory: add a person",
                      request=request)
    return person


@transaction.atomic
def person_update(*, user: User, request: HttpRequest | None, person: Person, expected_version: int,
                  data: dict[str, Any], zones: Iterable[Zone], today: datetime.date, may_manage: bool,
                  photo: UploadedFile | None = None, photo_content_type: str = "",
                  remove_photo: bool = False) -> Person:
    """Save an entry; saving it confirms it is current (resets the stale flag)."""
    zones = list(zones)
    allowed = PERSON_FIELDS + (MANAGER_FIELDS if may_manage else ())
    values = {k: data[k] for k in allowed if k in data}
    candidate = Person(**{**{k: getattr(person, k) for k in PERSON_FIELDS}, **values})
    search_text = search_text_for(candidate, organisation=person.organisation, zones=zones)
    updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
        **values, search_text=search_text, confirmed_on=today, version=F("version") + 1)
    if not updated:
        raise Conflict(Person.objects.get(pk=person.pk))
    person.refresh_from_db()
    person.zones.set(zones)
    if photo is not None:
        _store_photo(person, photo, photo_content_type)
    elif remove_photo and person.photo:
        old = person.photo.name
        Person.objects.filter(pk=person.pk).update(photo="", photo_content_type="")
        transaction.on_commit(lambda: person.photo.storage.delete(old))
        person.refresh_from_db()
    access_log_record(user=user, action=Action.UPDATE, obj=person, purpose="directory: update an entry",
                      request=request, detail={"version": person.version})
    return person


def _refresh_search(people: QuerySet[Person]) -> int:
    """Write the search text of these people again (their organisation's or a zone's name changed)."""
    people = list(people.select_related("organisation").prefetch_related("zones"))
    for person in people:
        person.search_text = search_text_for(person, organisation=person.organisation, zones=person.zones.all())
    Person.objects.bulk_update(people, ["search_text"])
    return len(people)


def organisation_refresh_search(*, organisation: Organisation) -> int:
    """After an organisation is renamed or its zones change: refresh its people's search text."""
    return _refresh_search(organisation.people.all())


def zone_refresh_search(*, zone: Zone) -> int:
    """After a zone is renamed (accounts' admin): refresh the search text of the people who work
    in it, whose zone names are part of it."""
    return _refresh_search(Person.objects.filter(zones=zone))


@transaction.atomic
def referral_send(*, user: User, request: HttpRequest | None, conversation: Conversation, service: Service,
                  partner_contact: Person | None, question: str, urgency: str, shares: dict[str, bool],
                  consent_until: datetime.date, today: datetime.date, case: Case | None = None) -> Referral:
    """Refer the resident of a conversation to a partner's service, recording what the resident
    consented to share and until when. From a plan, pass `case` (the plan opened from that
    conversation): the referral then records the plan, and the consent may include the plan's
    goals and actions."""
    help_request = conversation.help_request
    if help_request.resident_id is None:
        raise InvalidTransition("the request has no resident")
    if partner_contact is not None and partner_contact.organisation_id != service.organisation_id:
        raise InvalidTransition("the contact works for another organisation")
    if case is not None and (case.conversation_id != conversation.pk or not case.is_open):
        raise InvalidTransition("refer from an open plan, with the plan's own conversation")
    if case is None and (shares.get("share_goals") or shares.get("share_actions")):
        raise InvalidTransition("plan parts are only shared from a plan")
    chosen = {"case": case, "service": service, "partner_contact": partner_contact, "question": question,
              "urgency": urgency, "consent_until": consent_until,
              **{name: shares.get(name, False) for name in SHARE_FIELDS}}
    # The same referral posted twice (a double click, a reload) is sent once: the second returns
    # the first. The lock on the request makes a simultaneous second post wait and find it. Only
    # the very same, consent included: a post with another part ticked or another date records
    # what the resident agreed to, and is never answered with the first referral's consent.
    HelpRequest.objects.select_for_update().filter(pk=help_request.pk).first()
    same = Referral.objects.filter(conversation=conversation, sent_on=today, status=ReferralStatus.SENT,
                                   consent_withdrawn_at__isnull=True, **chosen).first()
    if same is not None:
        return same
    referral = Referral.objects.create(
        help_request=help_request, conversation=conversation, resident_id=help_request.resident_id,
        household=conversation.household, organisation_id=service.organisation_id, sender=user, **chosen,
        consent_recorded_at=timezone.now(), sent_on=today,
        accept_by=today + datetime.timedelta(days=DirectorySettings.current().acceptance_days),
    )
    detail: dict[str, Any] = {"organisation": service.organisation_id, "shared": referral.shared_parts}
    if case is not None:
        detail["case"] = case.pk
    access_log_record(user=user, action=Action.CREATE, obj=referral, resident_id=referral.resident_id,
                      purpose="referral: send to partner from plan" if case else "referral: send to partner",
                      request=request, detail=detail)
    return referral


@transaction.atomic
def referral_transition(*, user: User, request: HttpRequest | None, referral: Referral, to: str,
                        expected_version: int, today: datetime.date, reason: str = "",
                        feedback: str = "") -> Referral:
    """The partner's answer: sent -> accepted or declined (with a reason) -> started -> finished
    (with feedback on the outcome). Compare-and-swap on version and on the allowed from-status."""
    if to not in TRANSITIONS:
        raise InvalidTransition(to)
    values: dict[str, Any] = {"status": to, "handled_by": user}
    if to in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        values["responded_at"] = timezone.now()
    if to == ReferralStatus.DECLINED:
        if not reason.strip():
            raise InvalidTransition("a decline needs a reason")
        values["decline_reason"] = reason.strip()
    if to == ReferralStatus.STARTED:
        values["started_on"] = today
    if to == ReferralStatus.FINISHED:
        if not feedback.strip():
            raise InvalidTransition("finishing needs feedback")
        values.update(finished_on=today, feedback=feedback.strip())
    updated = Referral.objects.filter(
        pk=referral.pk, version=expected_version, status__in=TRANSITIONS[to],
    ).update(**values, version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise Conflict(Referral.objects.select_related("handled_by").get(pk=referral.pk))
    referral.refresh_from_db()
    access_log_record(user=user, action=Action.UPDATE, obj=referral, resident_id=referral.resident_id,
                      purpose=f"referral: {to}", request=request, detail={"version": referral.version})
    return referral


@transaction.atomic
def referral_withdraw_consent(*, user: User, request: HttpRequest | None, referral: Referral) -> Referral:
    """The resident withdraws consent: from now on the partner no longer sees the referral."""
    Referral.objects.filter(pk=referral.pk, consent_withdrawn_at__isnull=True).update(
        consent_withdrawn_at=timezone.now(), version=F("version") + 1, updated_at=timezone.now())
    referral.refresh_from_db()
    access_log_record(user=user, action=Action.UPDATE, obj=referral, resident_id=referral.resident_id,
                      purpose="referral: consent withdrawn", request=request)
    return referral


def referrals_notify_overdue(*, today: datetime.date) -> int:
    """Tell each sender once, by e-mail, how many of their referrals the partner has not accepted
    or declined in time. The mail names no resident (e-mail is not a safe channel for the
    story); the sender opens the flagged list in the app. Safe to run twice: each referral is
    claimed with a conditional update before anyone is mailed about it."""
    due = list(Referral.objects.acceptance_overdue(today).filter(overdue_notified_on__isnull=True)
               .values_list("pk", "sender_id"))
    per_sender: dict[int, int] = {}
    for pk, sender_id in due:
        if Referral.objects.filter(pk=pk, overdue_notified_on__isnull=True).update(overdue_notified_on=today):
            per_sender[sender_id] = per_sender.get(sender_id, 0) + 1
    senders = User.objects.filter(pk__in=per_sender, is_active=True).exclude(email="")
    path = f"{reverse('partners:referrals')}?overdue=1"
    with translation.override(settings.LANGUAGE_CODE):
        for sender in senders:
            count = per_sender[sender.pk]
            send_mail(
                subject=ngettext("A referral is waiting for the partner", "%(count)d referrals are waiting for "
                                 "the partner", count) % {"count": count},
                message=ngettext(
                    "A partner has not yet accepted or declined %(count)d of your referrals in time. "
                    "Open Referrals in the app (%(path)s) and call the contact.",
                    "A partner has not yet accepted or declined %(count)d of your referrals in time. "
                    "Open Referrals in the app (%(path)s) and call the contacts.", count,
                ) % {"count": count, "path": path},
                from_email=None, recipient_list=[sender.email],
            )
    return sum(per_sender.values())
