"""Retention beyond the text fields: referrals that never finished, the plan's documents and the
decision letter (files on disk), the reason a plan changed hands; and the dry run writes nothing.
A finished or declined referral must stay valid for the database's own checks."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.documents import private_storage
from cases.factories import CaseFactory
from cases.models import Assignment, CaseDocument
from intake.factories import ConversationFactory
from mandates.factories import DecisionFactory, MandateFactory
from mandates.models import DecisionLetter, DecisionStatus, LegalClock
from partners.factories import ReferralFactory
from partners.models import ReferralStatus
from privacy import retention
from privacy.models import RecordKind, RetentionSettings

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = timezone.now() - datetime.timedelta(days=365 * 10)


def _old_closed_case(help_request, worker):
    LegalClock.objects.update(stopped_on=TODAY)
    conversation = ConversationFactory(help_request=help_request, worker=worker)
    return CaseFactory(conversation=conversation, closed=True, summary="Rust in huis",
                       closed_on=retention._years_before(TODAY, 7) - datetime.timedelta(days=1))


def _old_referral(help_request, worker, **kwargs):
    conversation = ConversationFactory(help_request=help_request, worker=worker)
    sent = LONG_AGO.date()
    referral = ReferralFactory(conversation=conversation, sent_on=sent, accept_by=sent + datetime.timedelta(days=5),
                               consent_until=sent + datetime.timedelta(days=180), question="Schulden familie X",
                               **kwargs)
    LegalClock.objects.update(stopped_on=TODAY)
    return referral


@pytest.mark.parametrize("kwargs", [
    {"status": ReferralStatus.FINISHED, "feedback": "Budgetplan loopt", "responded_at": LONG_AGO},
    {"status": ReferralStatus.DECLINED, "decline_reason": "Geen plek", "responded_at": LONG_AGO},
], ids=["finished", "declined"])
def test_a_referral_past_its_period_is_blanked_without_breaking_the_nightly_run(kwargs, help_request, worker):
    referral = _old_referral(help_request, worker, **kwargs)
    counts = retention.retention_run()
    assert counts[RecordKind.REFERRAL] == 1
    referral.refresh_from_db()
    assert referral.question == ""
    assert {referral.feedback, referral.decline_reason} <= {"", "Geanonimiseerd"}
    assert "Budgetplan" not in referral.feedback and "plek" not in referral.decline_reason


@pytest.mark.parametrize("status", [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.STARTED])
def test_a_referral_that_never_finished_still_goes_two_years_after_its_last_step(status, help_request, worker):
    referral = _old_referral(help_request, worker, status=status)
    assert retention.due_referrals(TODAY, RetentionSettings.current()).filter(pk=referral.pk).exists()
    sent = TODAY - datetime.timedelta(days=30)
    recent = ReferralFactory(conversation=referral.conversation, status=status, sent_on=sent,
                             accept_by=sent + datetime.timedelta(days=5), consent_until=sent + datetime.timedelta(days=180))
    assert not retention.due_referrals(TODAY, RetentionSettings.current()).filter(pk=recent.pk).exists()


def test_the_documents_of_an_anonymised_plan_lose_their_description_and_their_file(
        help_request, worker, django_capture_on_commit_callbacks):
    case = _old_closed_case(help_request, worker)
    stored = private_storage().save("retention-doc", ContentFile(b"%PDF-1.4 medische verklaring"))
    document = CaseDocument.objects.create(case=case, description="Medische verklaring van dr. Jansen",
                                           original_name="verklaring-jansen.pdf", content_type="application/pdf",
                                           size=10, sha256="0" * 64, stored_name=stored, uploaded_by=worker)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert retention.retention_run()[RecordKind.CASE] == 1
        document.refresh_from_db()
        assert document.description == "" and document.original_name == ""
        assert document.removed_at is not None
        assert not private_storage().exists(stored)
    finally:
        if private_storage().exists(stored):
            private_storage().delete(stored)


def test_the_reassignment_reason_of_an_anonymised_plan_is_blanked(help_request, worker):
    case = _old_closed_case(help_request, worker)
    Assignment.objects.filter(case=case).update(reason="Moeder ernstig ziek, dochter vraagt andere regisseur")
    assert retention.retention_run()[RecordKind.CASE] == 1
    assert list(Assignment.objects.filter(case=case).values_list("reason", flat=True)) == [""]


def test_the_letter_pdf_of_an_anonymised_decision_is_removed(conversation, worker,
                                                           django_capture_on_commit_callbacks):
    LegalClock.objects.update(stopped_on=TODAY)
    decision = DecisionFactory(conversation=conversation, status=DecisionStatus.SENT, decided_by=worker,
                               mandate=MandateFactory(holder=worker), objection_period_ends_on=LONG_AGO.date(),
                               decided_at=LONG_AGO, sent_on=LONG_AGO.date(), start_on=LONG_AGO.date(),
                               end_on=retention._years_before(TODAY, 7) - datetime.timedelta(days=1))
    letter = DecisionLetter.objects.create(decision=decision, status="done")
    letter.pdf.save("retention-letter.pdf", ContentFile(b"%PDF-1.4 Beschikking voor mevrouw X, BSN ..."))
    name = letter.pdf.name
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert retention.retention_run()[RecordKind.DECISION] == 1
        letter.refresh_from_db()
        assert not letter.pdf and not letter.pdf.storage.exists(name)
    finally:
        if letter.pdf.storage.exists(name):
            letter.pdf.storage.delete(name)


def test_the_dry_run_writes_nothing_not_even_the_settings_row(db):
    assert not RetentionSettings.objects.exists()
    assert set(retention.retention_due_counts()) == {kind.value for kind in RecordKind}
    assert not RetentionSettings.objects.exists()


def test_a_request_settled_at_intake_does_not_keep_its_resident_for_ever(resident, worker):
    """Settling a Wmo melding at intake leaves its investigation term unstopped; nothing waits on
    it any more (LegalClock.running), so it does not hold the resident back."""
    from intake import services as intake_services
    from intake.models import Channel, HelpRequest, Resident, Urgency

    help_request = intake_services.help_request_register(
        user=worker, request=None, resident=resident, channel=Channel.PHONE, question="Waar vind ik de maaltijdservice?",
        urgency=Urgency.NORMAL, first_contact_on=TODAY, life_domains=[])
    intake_services.help_request_settle(user=worker, request=None, help_request=help_request,
                                        settled_by="information", note="Folder gegeven.")
    assert LegalClock.objects.filter(help_request=help_request, stopped_on__isnull=True).exists()
    HelpRequest.objects.filter(pk=help_request.pk).update(updated_at=LONG_AGO)
    Resident.objects.filter(pk=resident.pk).update(created_at=LONG_AGO)
    assert resident not in retention.blocked_residents()
    retention.retention_run()
    help_request.refresh_from_db()
    assert help_request.question == ""
