"""The only writers of invitations and responses."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from intake.models import Resident

from .models import Answer, Channel, Invitation, Response, SourceKind, Statement, SurveySettings

# No 0/O, 1/I/L or 5/S: a resident types the code over from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
CODE_LENGTH = 8


class InvitationUnavailable(Exception):
    """The invitation was already used or has expired; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Credentials:
    token: str
    code: str


def _hash(kind: str, value: str) -> str:
    # Keyed (HMAC), so a leaked table alone cannot be brute-forced over the small code space.
    key = f"surveys.{kind}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return _hash("token", token)


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def code_hash(code: str) -> str:
    return _hash("code", normalise_code(code))


def format_code(code: str) -> str:
    """Printed in two groups of four, as people copy it more reliably."""
    return f"{code[:4]}-{code[4:]}"


def _invite(*, resident, zone, source_kind: str, **source) -> Invitation | None:
    """One invitation per decision or closure, and none for a resident invited recently."""
    if resident is None:
        return None
    existing = Invitation.objects.filter(**source).first()
    if existing is not None:
        return existing
    survey = SurveySettings.current()
    now = timezone.now()
    recent = now - datetime.timedelta(days=survey.no_repeat_days)
    if Invitation.objects.filter(resident=resident, created_at__gte=recent).exists():
        return None
    channel = Channel.EMAIL if resident.email else Channel.LETTER
    try:
        # A savepoint: a concurrent invitation for the same source must not break the caller's
        # transaction (the decision or closure it rides on).
        with transaction.atomic():
            invitation = Invitation.objects.create(
                resident=resident, zone=zone, source_kind=source_kind, channel=channel,
                expires_at=now + datetime.timedelta(days=survey.expiry_days), **source)
    except IntegrityError:
        return Invitation.objects.filter(**source).first()
    if channel == Channel.EMAIL:
        from .tasks import send_invitation_email

        transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    return invitation


def invitation_for_decision(*, decision) -> Invitation | None:
    """Called (through mandates.events) in the transaction that sends the decision."""
    return _invite(resident=decision.resident, zone=decision.help_request.zone, source_kind=SourceKind.DECISION,
                   decision=decision, decision_kind=decision.kind)


def invitation_for_closure(*, case) -> Invitation | None:
    """Called (through cases.events) in the transaction that closes the case."""
    resident = case.conversation.help_request.resident
    return _invite(resident=resident, zone=case.household.zone, source_kind=SourceKind.CLOSURE,
                   case=case, closure=case.closure_count)


def _issue(invitation: Invitation) -> Credentials:
    """New token and code; earlier ones stop working. Only their hashes are kept."""
    while True:
        token = secrets.token_urlsafe(32)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        hashes = {"token_hash": token_hash(token), "code_hash": code_hash(code)}
        # 29^8 codes: a clash with a live code is rare, but would make one of them unusable.
        if not Invitation.objects.filter(code_hash=hashes["code_hash"]).exists():
            break
    Invitation.objects.filter(pk=invitation.pk).update(**hashes)
    invitation.token_hash, invitation.code_hash = hashes["token_hash"], hashes["code_hash"]
    return Credentials(token=token, code=code)


def survey_url(token: str) -> str:
    return settings.SURVEY_PUBLIC_URL.rstrip("/") + reverse("survey:answer", args=[token])


def code_entry_url() -> str:
    return settings.SURVEY_PUBLIC_URL.rstrip("/") + reverse("survey:code")


@transaction.atomic
def invitation_send_email(*, invitation_id: int) -> bool:
    """Send the invitation by e-mail (idempotent: a sent one is not sent again). Always in
    Dutch, the language of the municipality's letters; the survey page has an English switch."""
    invitation = (Invitation.objects.select_for_update(of=("self",)).select_related("resident")
                  .get(pk=invitation_id))
    if invitation.emailed_at or invitation.used or not invitation.resident.email:
        return False
    # Restricted processing (AVG art. 18), also when it came between the invitation and this task.
    if Resident.objects.restricted().filter(pk=invitation.resident_id).exists():
        return False
    credentials = _issue(invitation)
    with translation.override("nl"):
        context = {"resident": invitation.resident, "url": survey_url(credentials.token),
                   "code": format_code(credentials.code), "code_url": code_entry_url(),
                   "expires_on": timezone.localdate(invitation.expires_at)}
        subject = render_to_string("surveys/invitation_email_subject.txt", context).strip()
        body = render_to_string("surveys/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.resident.email])
    Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
    return True


@transaction.atomic
def invitation_print_letter(*, invitation: Invitation) -> Credentials:
    """Issue the code and link for a printed letter. Printing again replaces them, so only the
    last printed letter works: the plain code is never stored to print it twice."""
    credentials = _issue(invitation)
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(letter_printed_at=now)
    invitation.letter_printed_at = now
    return credentials


def _available(invitation: Invitation | None, now: datetime.datetime) -> Invitation:
    if invitation is None:
        raise InvitationUnavailable("unknown")
    if invitation.used:
        raise InvitationUnavailable("used")
    if invitation.expires_at <= now:
        raise InvitationUnavailable("expired")
    return invitation


def invitation_by_token(token: str) -> Invitation:
    invitation = Invitation.objects.filter(token_hash=token_hash(token)).first() if token else None
    return _available(invitation, timezone.now())


def invitation_by_code(code: str) -> Invitation:
    code = normalise_code(code)
    invitation = Invitation.objects.filter(code_hash=code_hash(code)).first() if code else None
    return _available(invitation, timezone.now())


@transaction.atomic
def response_submit(*, invitation_id: int, scores: dict[int, int | None], remark: str) -> Response:
    """Store the answers without any link to the invitation, and close the invitation. The lock
    makes the token one-time even when the form is posted twice at once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    _available(invitation, timezone.now())
    response = Response.objects.create(zone_id=invitation.zone_id, answered_on=timezone.localdate(),
                                       source_kind=invitation.source_kind, decision_kind=invitation.decision_kind,
                                       remark=remark.strip())
    statements = set(Statement.objects.filter(pk__in=scores).values_list("pk", flat=True))
    Answer.objects.bulk_create([Answer(response=response, statement_id=pk, score=score)
                                for pk, score in scores.items() if pk in statements])
    Invitation.objects.filter(pk=invitation.pk).update(used=True)
    return response
