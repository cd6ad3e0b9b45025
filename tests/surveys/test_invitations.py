"""Invitations follow a sent decision or a case closure, through the real services and events."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db.models import CharField, TextField
from django.utils import timezone

from surveys import services
from surveys.models import Channel, Invitation, SourceKind, SurveySettings
from surveys.tasks import send_invitation_email

pytestmark = pytest.mark.django_db


def test_sending_a_decision_invites_the_resident_by_letter_without_an_email_address(send_decision, resident, zone):
    decision = send_decision()
    invitation = Invitation.objects.get()
    assert invitation.resident == resident
    assert invitation.decision == decision
    assert invitation.source_kind == SourceKind.DECISION
    assert invitation.decision_kind == "wmo"
    assert invitation.zone == zone
    assert invitation.channel == Channel.LETTER
    expected = timezone.now() + datetime.timedelta(days=60)
    assert abs(invitation.expires_at - expected) < datetime.timedelta(minutes=1)


def test_a_decision_that_is_not_sent_invites_nobody(prepare):
    prepare()
    assert not Invitation.objects.exists()


def test_closing_a_case_invites_the_resident_once_per_closure(case, close_case, resident, zone):
    close_case(case)
    invitation = Invitation.objects.get()
    assert (invitation.case, invitation.closure, invitation.source_kind) == (case, 1, SourceKind.CLOSURE)
    assert invitation.resident == resident and invitation.zone == zone
    # The same closure announced again does not make a second invitation.
    assert services.invitation_for_closure(case=case) == invitation
    assert Invitation.objects.count() == 1


def test_the_same_decision_never_gets_two_invitations(send_decision):
    decision = send_decision()
    first = Invitation.objects.get()
    assert services.invitation_for_decision(decision=decision) == first
    assert Invitation.objects.count() == 1


def test_a_resident_invited_recently_is_not_invited_again(send_decision):
    send_decision()
    second = send_decision()
    assert Invitation.objects.count() == 1
    assert not Invitation.objects.filter(decision=second).exists()


def test_after_the_no_repeat_period_the_resident_is_invited_again(send_decision):
    SurveySettings.objects.update_or_create(pk=1, defaults={"no_repeat_days": 30})
    send_decision()
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    send_decision()
    assert Invitation.objects.count() == 2


def test_a_resident_with_an_email_address_gets_the_invitation_by_mail(
        send_decision, resident, django_capture_on_commit_callbacks):
    resident.email = "jantje@example.nl"
    resident.save()
    with django_capture_on_commit_callbacks() as callbacks:
        send_decision()
    invitation = Invitation.objects.get()
    assert invitation.channel == Channel.EMAIL
    assert len(callbacks) == 2  # the decision letter and the survey e-mail
    assert send_invitation_email(invitation.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jantje@example.nl"]
    assert "Hoe hebben wij het gedaan" in message.subject
    token = message.body.split("/tevredenheid/")[1].split("/")[0]
    code = message.body.split("deze code in: ")[1].split()[0]
    assert services.invitation_by_token(token) == invitation
    assert services.invitation_by_code(code) == invitation
    # Idempotent: a task delivered twice sends one mail.
    assert send_invitation_email(invitation.pk) is False
    assert len(mail.outbox) == 1


def test_no_invitation_mail_goes_to_a_resident_restricted_after_it_was_queued(send_decision, resident, team_leader):
    from privacy.services import restriction_impose

    resident.email = "jantje@example.nl"
    resident.save()
    send_decision()
    invitation = Invitation.objects.get()
    restriction_impose(user=team_leader, request=None, resident=resident, reason="Bezwaar tegen verwerking.")
    assert send_invitation_email(invitation.pk) is False
    assert mail.outbox == []


def test_only_hashes_of_the_token_and_the_code_are_stored(send_decision, resident):
    resident.email = "jantje@example.nl"
    resident.save()
    send_decision()
    invitation = Invitation.objects.get()
    send_invitation_email(invitation.pk)
    body = mail.outbox[0].body
    token = body.split("/tevredenheid/")[1].split("/")[0]
    code = services.normalise_code(body.split("deze code in: ")[1].split()[0])
    invitation.refresh_from_db()
    stored = [str(getattr(invitation, f.attname)) for f in Invitation._meta.concrete_fields
              if isinstance(f, (CharField, TextField))]
    assert invitation.token_hash == services.token_hash(token)
    assert invitation.code_hash == services.code_hash(code)
    assert not any(token in value or code in value for value in stored)
