"""The one chokepoint for directory entries and referrals.

The directory (smoelenboek) holds professionals' work contact details, never residents' data. It
is for the people who work with each other: front-door staff, partner workers and the functional
administrator. Council members read aggregated reports only and have no need for colleagues'
direct numbers, so they get 403 (docs/partners.md).

A referral carries a resident's story: a user who may not see it gets 404, as if it did not
exist; one who may see but not change it gets 403. Each successful fetch writes the access log.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from audit.models import Action
from audit.services import access_log_record

from .models import Organisation, Person, Referral


def may_use_directory(user) -> bool:
    return bool(user.is_worker or user.is_team_leader or user.is_partner_worker or user.is_administrator)


def require_directory_user(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_use_directory(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def require_referral_user(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Referral lists are for front-door staff (who send) and partner workers (who receive)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.handles_residents or request.user.is_partner_worker):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def managed_organisation_ids(user) -> set[int]:
    """The organisations whose people this user manages: their own, if their directory entry
    makes them its administrator. The functional administrator manages all (checked apart)."""
    return set(Person.objects.filter(user=user, is_organisation_admin=True, active=True)
               .values_list("organisation_id", flat=True))


def may_edit_person(user, person: Person) -> bool:
    if user.is_administrator or (person.user_id is not None and person.user_id == user.pk):
        return True
    return person.organisation_id in managed_organisation_ids(user)


def may_manage_organisation(user, organisation: Organisation) -> bool:
    return user.is_administrator or organisation.pk in managed_organisation_ids(user)


def get_person_for_user(request: HttpRequest, person_id: int, *, purpose: str, write: bool = False,
                        log: bool = True) -> Person:
    if not may_use_directory(request.user):
        raise Http404
    try:
        person = (Person.objects.select_related("organisation", "user")
                  .prefetch_related("zones").get(pk=person_id))
    except Person.DoesNotExist:
        raise Http404 from None
    # An entry made inactive (someone who left) is gone from the directory, photo included, for
    # everyone but who may still edit it: as if it did not exist, as the search has it.
    if not person.active and not may_edit_person(request.user, person):
        raise Http404
    if write and not may_edit_person(request.user, person):
        raise PermissionDenied
    if log:
        # Opening the edit form is a read; only the POST changes the entry.
        changing = write and request.method == "POST"
        access_log_record(user=request.user, action=Action.UPDATE if changing else Action.VIEW, obj=person,
                          purpose=purpose, request=request)
    return person


def get_organisation_for_user(request: HttpRequest, organisation_id: int, *, purpose: str) -> Organisation:
    """The organisation's page in the directory: any directory user; the read is logged because
    it lists the organisation's people."""
    if not may_use_directory(request.user):
        raise Http404
    try:
        organisation = Organisation.objects.prefetch_related("zones").get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404 from None
    access_log_record(user=request.user, action=Action.VIEW, obj=organisation, purpose=purpose, request=request)
    return organisation


def get_organisation_for_manager(request: HttpRequest, organisation_id: int, *, purpose: str) -> Organisation:
    if not may_use_directory(request.user):
        raise Http404
    try:
        organisation = Organisation.objects.get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not may_manage_organisation(request.user, organisation):
        raise PermissionDenied
    access_log_record(user=request.user, action=Action.UPDATE if request.method == "POST" else Action.VIEW,
                      obj=organisation, purpose=purpose, request=request)
    return organisation


def may_respond(user, referral: Referral) -> bool:
    """Accept, decline, start and finish: the partner organisation's workers."""
    return bool(user.is_partner_worker and user.organisation_id == referral.organisation_id)


def may_withdraw_consent(user, referral: Referral) -> bool:
    """The front door records the resident's withdrawal of consent."""
    return bool(user.handles_residents)


def get_referral_for_user(request: HttpRequest, referral_id: int, *, purpose: str, today: datetime.date,
                          write: Literal["respond", "withdraw"] | None = None) -> Referral:
    try:
        referral = (
            Referral.objects.visible_to(request.user, today=today)
            .select_related("service", "organisation", "partner_contact", "sender", "resident", "household",
                            "help_request", "conversation", "handled_by")
            .get(pk=referral_id)
        )
    except Referral.DoesNotExist:
        raise Http404 from None
    if write == "respond" and not may_respond(request.user, referral):
        raise PermissionDenied
    if write == "withdraw" and not may_withdraw_consent(request.user, referral):
        raise PermissionDenied
    access_log_record(user=request.user, action=Action.UPDATE if write else Action.VIEW, obj=referral,
                      resident_id=referral.resident_id, purpose=purpose, request=request)
    return referral
