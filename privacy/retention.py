"""Retention (AVG art. 5(1)(e)): records past their retention period lose their personal fields.

What goes: names, BSN, the day and month of birth, addresses, phone and e-mail, and every
free text (questions, notes, reasoning, feedback). What stays: the rows with their dates,
statuses, channels, zones, kinds and amounts, so the council report's figures for past periods
do not change. The access log is not touched: it is append-only and kept at least 5 years
(NEN 7513), with its own term.

Order matters and is fixed: plans, decisions and referrals first, then the requests for help
(a request goes only once everything that followed from it has gone), then residents (once all
their records have gone) and finally households (once all their members have gone). Each
record is marked in AnonymisedRecord, so a second run changes nothing. Every step works in
chunks, each in its own transaction with its access-log entry.

A resident is skipped entirely while something still runs or must be kept: an open plan of
their household, an open objection, a running legal term, a legal hold, or restricted
processing (AVG art. 18(1)(c): kept for the resident's legal claims). See docs/privacy.md."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

import pgtrigger
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, TruncYear
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action as LogAction
from audit.services import access_log_record
from cases.documents import private_storage
from cases.models import (
    Action,
    Assignment,
    Case,
    CaseDocument,
    CaseStatus,
    Evaluation,
    FollowUp,
    Goal,
    PartnerFeedback,
)
from intake.models import (
    OPEN_STATUSES,
    Conversation,
    HelpRequest,
    Household,
    HouseholdMembership,
    Resident,
    SelfRelianceScore,
)
from mandates.models import (
    Decision,
    DecisionLetter,
    DecisionOutcome,
    DecisionStatus,
    LegalClock,
    Objection,
    ObjectionStatus,
)
from partners.models import Referral

from .models import (
    AnonymisedRecord,
    LegalHold,
    ProcessingRestriction,
    RecordKind,
    RetentionSettings,
)

logger = logging.getLogger(__name__)

CHUNK = 500
PURPOSE = "retention: personal data removed after the retention period"


def _years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _done(kind: str) -> Exists:
    return Exists(AnonymisedRecord.objects.filter(kind=kind, object_id=OuterRef("pk")))


def blocked_residents() -> QuerySet[Resident]:
    """Residents none of whose records may go yet."""
    member_of_open_case = HouseholdMembership.objects.filter(
        resident=OuterRef("pk"), household__cases__status=CaseStatus.OPEN)
    return Resident.objects.filter(
        Exists(member_of_open_case)
        | Exists(Objection.objects.filter(decision__resident=OuterRef("pk"), status=ObjectionStatus.OPEN))
        # Running as the rest of the app counts it (LegalClock.running): a settled question's term
        # is not stopped, but nothing waits on it any more.
        | Exists(LegalClock.objects.running().filter(help_request__resident=OuterRef("pk")))
        | Exists(LegalHold.objects.filter(resident=OuterRef("pk"), released_at__isnull=True))
        | Exists(ProcessingRestriction.objects.filter(resident=OuterRef("pk"), lifted_at__isnull=True))
    )


def _blocked_households() -> QuerySet[Household]:
    return Household.objects.filter(Exists(HouseholdMembership.objects.filter(
        household=OuterRef("pk"), resident__in=blocked_residents())))


# Each "due" function returns the records of one kind that have passed their period today and
# are not yet anonymised: the dry run counts them, the job anonymises them.

def due_cases(today: datetime.date, rules: RetentionSettings) -> QuerySet[Case]:
    return (Case.objects.filter(status=CaseStatus.CLOSED, closed_on__lt=_years_before(today, rules.case_years))
            .exclude(_done(RecordKind.CASE)).exclude(household__in=_blocked_households()))


def due_decisions(today: datetime.date, rules: RetentionSettings) -> QuerySet[Decision]:
    """A provision's period counts from its end. An open-ended provision granted by a sent decision
    is still in force, and its reasoning still the ground of what is delivered, until a sent
    correction replaces it (a sent decision cannot be changed, so that is how it ends): it counts
    from the correction's start, and is kept while there is none."""
    correction = Decision.objects.filter(corrects=OuterRef("pk"), status=DecisionStatus.SENT).order_by("start_on")
    open_ended = Q(end_on__isnull=True, status=DecisionStatus.SENT,
                   outcome__in=[DecisionOutcome.GRANTED, DecisionOutcome.PARTLY])
    ended = SqlCase(When(open_ended, then=Subquery(correction.values("start_on")[:1])),
                    default=Coalesce("end_on", Cast("decided_at", DateField()), "application_on"))
    return (Decision.objects.annotate(ended_on=ended)
            .filter(ended_on__lt=_years_before(today, rules.decision_years))
            .exclude(_done(RecordKind.DECISION)).exclude(resident__in=blocked_residents()))


def due_referrals(today: datetime.date, rules: RetentionSettings) -> QuerySet[Referral]:
    """Counted from the referral's last step: finished, started, answered or, never answered, sent.
    A referral left standing is a handover that ended without news, not one kept for ever (nor
    its request and resident with it)."""
    ended = Coalesce("finished_on", "started_on", Cast("responded_at", DateField()), "sent_on")
    return (Referral.objects.annotate(ended_on=ended).filter(ended_on__lt=_years_before(today, rules.referral_years))
            .exclude(_done(RecordKind.REFERRAL)).exclude(resident__in=blocked_residents()))


def due_help_requests(today: datetime.date, rules: RetentionSettings) -> QuerySet[HelpRequest]:
    """Closed requests past their own period whose plan, decisions and referrals have gone."""
    kept_case = Case.objects.filter(conversation__help_request=OuterRef("pk")).exclude(_done(RecordKind.CASE))
    kept_decision = Decision.objects.filter(help_request=OuterRef("pk")).exclude(_done(RecordKind.DECISION))
    kept_referral = Referral.objects.filter(help_request=OuterRef("pk")).exclude(_done(RecordKind.REFERRAL))
    return (HelpRequest.objects.exclude(status__in=OPEN_STATUSES)
            .filter(updated_at__date__lt=_years_before(today, rules.settled_request_years))
            .exclude(Exists(kept_case) | Exists(kept_decision) | Exists(kept_referral))
            .exclude(_done(RecordKind.HELP_REQUEST)).exclude(resident__in=blocked_residents()))


def due_residents(today: datetime.date, rules: RetentionSettings) -> QuerySet[Resident]:
    """Residents every record of whom has gone (and who were registered longer ago than the
    shortest period, so a resident registered yesterday without a request stays)."""
    kept = (Exists(HelpRequest.objects.filter(resident=OuterRef("pk")).exclude(_done(RecordKind.HELP_REQUEST)))
            | Exists(Decision.objects.filter(resident=OuterRef("pk")).exclude(_done(RecordKind.DECISION)))
            | Exists(Referral.objects.filter(resident=OuterRef("pk")).exclude(_done(RecordKind.REFERRAL)))
            | Exists(Case.objects.filter(household__memberships__resident=OuterRef("pk"))
                     .exclude(_done(RecordKind.CASE))))
    return (Resident.objects.filter(created_at__date__lt=_years_before(today, rules.settled_request_years))
            .exclude(kept).exclude(_done(RecordKind.RESIDENT)).exclude(pk__in=blocked_residents().values("pk")))


def due_households(today: datetime.date, rules: RetentionSettings) -> QuerySet[Household]:
    """Households whose members have all gone (a household without members is left alone)."""
    kept_member = HouseholdMembership.objects.filter(household=OuterRef("pk")).exclude(
        Exists(AnonymisedRecord.objects.filter(kind=RecordKind.RESIDENT, object_id=OuterRef("resident_id"))))
    kept_case = Case.objects.filter(household=OuterRef("pk")).exclude(_done(RecordKind.CASE))
    return (Household.objects.filter(Exists(HouseholdMembership.objects.filter(household=OuterRef("pk"))))
            .exclude(Exists(kept_member) | Exists(kept_case)).exclude(_done(RecordKind.HOUSEHOLD)))


# Blanking, one function per kind over a chunk of ids: plain UPDATEs, so the dates, statuses,
# zones and amounts in the same rows stay exactly as they were.

def _blank_cases(ids: list[int]) -> None:
    Case.objects.filter(pk__in=ids).update(summary="", close_reason="")
    Assignment.objects.filter(case_id__in=ids).update(reason="")
    # A document is the resident's own paper (a medical statement, a creditor's letter): the row
    # stays as the tombstone document_remove leaves, without its description and name, and the
    # file goes once the chunk is committed.
    documents = CaseDocument.objects.filter(case_id__in=ids)
    stored = list(documents.filter(removed_at__isnull=True).values_list("stored_name", flat=True))
    documents.filter(removed_at__isnull=True).update(removed_at=timezone.now())
    documents.update(description="", original_name="")
    transaction.on_commit(lambda: _delete_files(private_storage(), stored))
    Goal.objects.filter(case_id__in=ids).update(text="")
    Action.objects.filter(case_id__in=ids).update(description="")
    Evaluation.objects.filter(case_id__in=ids).update(note="")
    PartnerFeedback.objects.filter(case_id__in=ids).update(text="")
    FollowUp.objects.filter(case_id__in=ids).update(note="")


def _blank_decisions(ids: list[int]) -> None:
    # A sent decision is immutable by design (a trigger); the end of its retention period is
    # the one change the law asks for, so the guard steps aside for exactly this update.
    with pgtrigger.ignore("mandates.Decision:sent_decision_immutable"):
        Decision.objects.filter(pk__in=ids).update(reasoning="")
    Objection.objects.filter(decision_id__in=ids).update(grounds="")
    # The letter names the resident, their address and BSN; the decision's row keeps what it decided.
    letters = DecisionLetter.objects.filter(decision_id__in=ids).exclude(pdf="")
    names = list(letters.values_list("pdf", flat=True))
    letters.update(pdf="")
    transaction.on_commit(lambda: _delete_files(DecisionLetter._meta.get_field("pdf").storage, names))


def _blank_referrals(ids: list[int]) -> None:
    # A declined referral has a reason and a finished one feedback (database checks): the text
    # gives way to the word that says it went, not to nothing.
    gone = Value(_("Anonymised"))
    Referral.objects.filter(pk__in=ids).update(
        question="",
        decline_reason=SqlCase(When(decline_reason="", then=Value("")), default=gone),
        feedback=SqlCase(When(feedback="", then=Value("")), default=gone))


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _blank_help_requests(ids: list[int]) -> None:
    HelpRequest.objects.filter(pk__in=ids).update(question="", settled_note="", submitted_contact={})
    Conversation.objects.filter(help_request_id__in=ids).update(
        others_present="", own_strength="", network="", general_provisions_considered="", debt_note="",
        outcome_note="")
    SelfRelianceScore.objects.filter(conversation__help_request_id__in=ids).update(note="")


def _blank_residents(ids: list[int]) -> None:
    # The birth date keeps its year (age groups in reports); 1 January stands for "unknown day".
    Resident.objects.filter(pk__in=ids).update(
        bsn=None, first_names="", surname_prefix="", surname=_("Anonymised"), phone="", email="",
        date_of_birth=TruncYear("date_of_birth", output_field=DateField()))


def _blank_households(ids: list[int]) -> None:
    # The four digits of the postcode stay: they place the household in its zone, not at an address.
    Household.objects.filter(pk__in=ids).update(street="", house_number="", postcode=F("postcode")[:4])


@dataclass(frozen=True)
class Step:
    kind: RecordKind
    due: Callable[[datetime.date, RetentionSettings], QuerySet]
    blank: Callable[[list[int]], None]
    resident_field: str | None


STEPS = (
    Step(RecordKind.CASE, due_cases, _blank_cases, None),
    Step(RecordKind.DECISION, due_decisions, _blank_decisions, "resident_id"),
    Step(RecordKind.REFERRAL, due_referrals, _blank_referrals, "resident_id"),
    Step(RecordKind.HELP_REQUEST, due_help_requests, _blank_help_requests, "resident_id"),
    Step(RecordKind.RESIDENT, due_residents, _blank_residents, "id"),
    Step(RecordKind.HOUSEHOLD, due_households, _blank_households, None),
)


def retention_due_counts(*, today: datetime.date | None = None) -> dict[str, int]:
    """The dry run: per record type how many records would be anonymised now. Counts only, no names.
    Later steps count as if the earlier ones had not run yet (a resident whose last request goes
    tonight is counted tomorrow)."""
    today = today or timezone.localdate()
    rules = RetentionSettings.peek()
    return {step.kind.value: step.due(today, rules).count() for step in STEPS}


def retention_run(*, today: datetime.date | None = None, chunk: int = CHUNK) -> dict[str, int]:
    """Anonymise everything past its period; returns the number anonymised per record kind."""
    today = today or timezone.localdate()
    rules = RetentionSettings.current()
    done: dict[str, int] = {}
    for step in STEPS:
        done[step.kind.value] = 0
        while True:
            with transaction.atomic():
                qs = step.due(today, rules).order_by("pk")
                fields = ["pk"] + ([step.resident_field] if step.resident_field else [])
                rows = list(qs.select_for_update(skip_locked=True, of=("self",)).values_list(*fields)[:chunk])
                if not rows:
                    break
                ids = [row[0] for row in rows]
                step.blank(ids)
                AnonymisedRecord.objects.bulk_create(
                    [AnonymisedRecord(kind=step.kind, object_id=pk) for pk in ids], ignore_conflicts=True)
                residents = sorted({row[1] for row in rows if len(row) > 1 and row[1]})
                access_log_record(user=None, action=LogAction.UPDATE, object_type=f"privacy.{step.kind}",
                                  purpose=PURPOSE, detail={"ids": ids, "residents": residents})
            done[step.kind.value] += len(ids)
        if done[step.kind.value]:
            logger.info("retention: anonymised %s %s record(s)", done[step.kind.value], step.kind.value)
    return done
