"""The nightly retention job: blanks personal fields of records past their period, keeps the
rows' facts for the reports, never touches what must be kept, and changes nothing twice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from audit.models import AccessLogEntry
from cases.factories import CaseFactory, GoalFactory
from cases.models import CaseOutcome, CaseStatus
from intake.factories import HelpRequestFactory, MembershipFactory
from intake.models import HelpRequest, Resident
from mandates.factories import DecisionFactory, MandateFactory
from mandates.models import ClockKind, DecisionStatus, LegalClock, Objection
from privacy import retention
from privacy.models import AnonymisedRecord, LegalHold, ProcessingRestriction, RecordKind

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CUTOFF_2Y = retention._years_before(TODAY, 2)
LONG_AGO = timezone.now() - datetime.timedelta(days=365 * 10)


def settled_request(zone, *, last_activity: datetime.date, channel: str = "phone") -> HelpRequest:
    """A settled request (and its resident, registered long ago) last touched on the given day."""
    membership = MembershipFactory(household__zone=zone, household__postcode="8441AB")
    help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                      settled=True, channel=channel, question="Ik zoek hulp bij de administratie.")
    # The melding started a Wmo clock; settled, nothing waits on it (LegalClock.running) and it
    # holds nothing back.
    at = timezone.make_aware(datetime.datetime.combine(last_activity, datetime.time(12)))
    HelpRequest.objects.filter(pk=help_request.pk).update(updated_at=at)
    Resident.objects.filter(pk=membership.resident_id).update(created_at=LONG_AGO)
    help_request.refresh_from_db()
    return help_request


def test_a_request_just_outside_its_period_is_blanked_and_one_just_inside_is_kept(zone):
    old = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    recent = settled_request(zone, last_activity=CUTOFF_2Y)
    retention.retention_run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.question == "" and old.settled_note == ""
    assert (old.status, old.channel, old.zone_id, old.first_contact_on) == ("settled", "phone", zone.pk,
                                                                           old.first_contact_on)
    assert recent.question == "Ik zoek hulp bij de administratie."
    assert recent.settled_note


def test_a_resident_whose_every_record_has_gone_is_anonymised_entirely_with_their_household(zone):
    help_request = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    resident, household = help_request.resident, help_request.household
    born = resident.date_of_birth
    retention.retention_run()
    resident.refresh_from_db()
    household.refresh_from_db()
    assert resident.bsn is None and resident.first_names == "" and resident.phone == "" and resident.email == ""
    assert resident.surname == "Geanonimiseerd"
    assert resident.date_of_birth == datetime.date(born.year, 1, 1)
    assert AnonymisedRecord.objects.filter(kind=RecordKind.RESIDENT, object_id=resident.pk).exists()
    assert (household.street, household.house_number, household.postcode) == ("", "", "8441")
    assert household.zone_id == zone.pk


def test_a_second_run_changes_nothing(zone):
    help_request = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    first = retention.retention_run()
    assert first[RecordKind.HELP_REQUEST] == 1 and first[RecordKind.RESIDENT] == 1
    log_count = AccessLogEntry.objects.count()
    resident_before = Resident.objects.values().get(pk=help_request.resident_id)
    second = retention.retention_run()
    assert set(second.values()) == {0}
    assert AccessLogEntry.objects.count() == log_count
    assert Resident.objects.values().get(pk=help_request.resident_id) == resident_before


def test_the_report_figures_by_channel_and_zone_are_the_same_before_and_after(zone, other_zone):
    for channel, z in (("phone", zone), ("walk_in", zone), ("web_form", other_zone), ("phone", other_zone)):
        settled_request(z, last_activity=CUTOFF_2Y - datetime.timedelta(days=30), channel=channel)
    settled_request(zone, last_activity=TODAY)

    def figures():
        return list(HelpRequest.objects.values("channel", "zone", "status", "first_contact_on")
                    .annotate(n=Count("id")).order_by("channel", "zone", "status", "first_contact_on"))

    before = figures()
    assert retention.retention_run()[RecordKind.HELP_REQUEST] == 4
    assert figures() == before


def test_closed_plans_and_sent_decisions_past_their_period_lose_their_texts_but_keep_their_facts(
        conversation, worker):
    LegalClock.objects.update(stopped_on=TODAY)
    case = CaseFactory(conversation=conversation, closed=True, summary="Rust in huis",
                       closed_on=retention._years_before(TODAY, 7) - datetime.timedelta(days=1))
    GoalFactory(case=case, text="Schulden op een rij")
    decision = DecisionFactory(conversation=conversation, status=DecisionStatus.SENT, decided_by=worker,
                               mandate=MandateFactory(holder=worker), objection_period_ends_on=LONG_AGO.date(),
                               decided_at=LONG_AGO, sent_on=LONG_AGO.date(), start_on=LONG_AGO.date(),
                               end_on=retention._years_before(TODAY, 7) - datetime.timedelta(days=1))
    counts = retention.retention_run()
    assert counts[RecordKind.CASE] == 1 and counts[RecordKind.DECISION] == 1
    case.refresh_from_db()
    decision.refresh_from_db()
    assert case.summary == "" and case.close_reason == "" and case.goals.get().text == ""
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, CaseOutcome.GOALS_REACHED)
    assert decision.reasoning == "" and decision.status == DecisionStatus.SENT
    assert decision.total_cost is not None and decision.kind


@pytest.mark.parametrize("blocker", ["open_case", "open_objection", "running_clock", "legal_hold", "restriction"])
def test_nothing_of_a_resident_goes_while_a_blocker_holds(blocker, zone, worker, team_leader):
    help_request = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    resident = help_request.resident
    if blocker == "open_case":
        from intake.factories import ConversationFactory

        other_request = HelpRequestFactory(household=help_request.household, resident=resident, zone=zone)
        LegalClock.objects.update(stopped_on=TODAY)
        CaseFactory(conversation=ConversationFactory(help_request=other_request, worker=worker))
        HelpRequest.objects.filter(pk=other_request.pk).update(status="completed", updated_at=LONG_AGO)
    elif blocker == "open_objection":
        from intake.factories import ConversationFactory

        decision = DecisionFactory(conversation=ConversationFactory(help_request=help_request, worker=worker),
                                   start_on=LONG_AGO.date(), end_on=TODAY - datetime.timedelta(days=365 * 9))
        Objection.objects.create(decision=decision, received_on=TODAY, grounds="Niet eens",
                                 due_on=TODAY + datetime.timedelta(weeks=12), registered_by=worker)
    elif blocker == "running_clock":
        # A term running on another, open request of the resident (a settled one's runs no more).
        other_request = HelpRequestFactory(household=help_request.household, resident=resident, zone=zone)
        LegalClock.objects.filter(help_request=other_request).delete()
        LegalClock.objects.create(help_request=other_request, kind=ClockKind.WMO_INVESTIGATION,
                                  started_on=other_request.first_contact_on, due_on=TODAY)
    elif blocker == "legal_hold":
        LegalHold.objects.create(resident=resident, reason="Rechtszaak", placed_by=team_leader)
    elif blocker == "restriction":
        ProcessingRestriction.objects.create(resident=resident, reason="Betwist", imposed_by=team_leader)
    retention.retention_run()
    help_request.refresh_from_db()
    resident.refresh_from_db()
    assert help_request.question == "Ik zoek hulp bij de administratie."
    assert resident.bsn and resident.surname != "Geanonimiseerd"
    assert not AnonymisedRecord.objects.filter(kind=RecordKind.HELP_REQUEST, object_id=help_request.pk).exists()


def test_the_dry_run_counts_per_record_type_and_changes_nothing(zone):
    help_request = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    settled_request(zone, last_activity=TODAY)
    log_count = AccessLogEntry.objects.count()
    counts = retention.retention_due_counts()
    assert counts[RecordKind.HELP_REQUEST] == 1 and counts[RecordKind.RESIDENT] == 0
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Hulpvragen en hun gesprekken: 1" in out.getvalue()
    assert help_request.resident.surname not in out.getvalue()
    help_request.refresh_from_db()
    assert help_request.question
    assert not AnonymisedRecord.objects.exists()
    assert AccessLogEntry.objects.count() == log_count


def test_the_job_logs_what_it_anonymised_as_the_system(zone):
    help_request = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    retention.retention_run()
    entry = AccessLogEntry.objects.get(object_type="privacy.help_request")
    assert entry.user is None and entry.action == "update"
    assert entry.purpose == retention.PURPOSE
    assert entry.detail == {"ids": [help_request.pk], "residents": [help_request.resident_id]}
    assert AccessLogEntry.objects.filter(object_type="privacy.resident", detail__ids=[help_request.resident_id]).exists()


def test_the_job_never_touches_the_access_log(zone, worker):
    from audit.services import access_log_record, access_log_verify

    help_request = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    access_log_record(user=worker, action="view", obj=help_request.resident, resident_id=help_request.resident_id,
                      purpose="inzage")
    retention.retention_run()
    assert AccessLogEntry.objects.filter(resident_id=help_request.resident_id, purpose="inzage").exists()
    assert access_log_verify().intact


def test_the_retention_page_shows_counts_to_the_administrator_only(zone, administrator, team_leader, worker,
                                                                   council_member):
    from django.urls import reverse

    from tests.conftest import login

    settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    response = login(administrator).get(reverse("privacy:retention"))
    assert response.status_code == 200
    assert response.context["counts"][RecordKind.HELP_REQUEST] == 1
    assert "Hulpvragen en hun gesprekken" in response.content.decode()
    for user in (team_leader, worker, council_member):
        assert login(user).get(reverse("privacy:retention")).status_code == 403


def test_the_nightly_task_only_counts_when_the_administrator_switched_anonymisation_off(zone):
    from privacy.models import RetentionSettings
    from privacy.tasks import run_retention

    help_request = settled_request(zone, last_activity=CUTOFF_2Y - datetime.timedelta(days=1))
    RetentionSettings.objects.update_or_create(pk=1, defaults={"enabled": False})
    assert run_retention()[RecordKind.HELP_REQUEST] == 1
    help_request.refresh_from_db()
    assert help_request.question
    RetentionSettings.objects.filter(pk=1).update(enabled=True)
    assert run_retention()[RecordKind.HELP_REQUEST] == 1
    help_request.refresh_from_db()
    assert help_request.question == ""


def _sent_open_ended(conversation, worker, **kwargs):
    return DecisionFactory(**{
        "conversation": conversation, "status": DecisionStatus.SENT, "decided_by": worker,
        "mandate": MandateFactory(holder=worker), "objection_period_ends_on": LONG_AGO.date(),
        "decided_at": LONG_AGO, "sent_on": LONG_AGO.date(), "start_on": LONG_AGO.date(), "end_on": None,
        "reasoning": "Huishoudelijke hulp, voor onbepaalde tijd.", **kwargs})


def test_an_open_ended_provision_still_in_force_keeps_its_reasoning_past_seven_years(conversation, worker):
    """Granted ten years ago without an end date and never replaced: still the ground of what is
    delivered, so the decision date does not start its period."""
    LegalClock.objects.update(stopped_on=TODAY)
    decision = _sent_open_ended(conversation, worker, outcome="granted")
    assert retention.retention_run()[RecordKind.DECISION] == 0
    decision.refresh_from_db()
    assert decision.reasoning == "Huishoudelijke hulp, voor onbepaalde tijd."


def test_an_open_ended_provision_counts_from_the_correction_that_replaced_it(conversation, worker):
    LegalClock.objects.update(stopped_on=TODAY)
    decision = _sent_open_ended(conversation, worker, outcome="granted")
    replaced_on = retention._years_before(TODAY, 7) - datetime.timedelta(days=1)
    correction = _sent_open_ended(conversation, worker, outcome="granted", corrects=decision, start_on=replaced_on)
    counts = retention.retention_run()
    assert counts[RecordKind.DECISION] == 1  # the replaced one; the correction is in force
    decision.refresh_from_db()
    correction.refresh_from_db()
    assert decision.reasoning == "" and correction.reasoning != ""


def test_an_open_ended_refusal_counts_from_its_decision_date(conversation, worker):
    LegalClock.objects.update(stopped_on=TODAY)
    decision = _sent_open_ended(conversation, worker, outcome="refused")
    assert retention.retention_run()[RecordKind.DECISION] == 1
    decision.refresh_from_db()
    assert decision.reasoning == ""
