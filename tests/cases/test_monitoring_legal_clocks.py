"""The daily job and the legal clocks of requests for help, with an explicit `today`: a clock due
soon or overdue becomes a task with a notification for the responsible worker; running twice
creates nothing twice."""

import datetime

import pytest

from cases import monitoring
from intake.factories import ConversationFactory, HelpRequestFactory
from mandates.models import ClockKind, ClockNotification, ClockTask, DecisionSettings, LegalClock

pytestmark = pytest.mark.django_db

MELDING = datetime.date(2026, 11, 6)
DUE = datetime.date(2026, 12, 18)  # the Wmo investigation term of that melding


@pytest.fixture
def melding(membership, zone, worker):
    return HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                              assigned=True, assigned_worker=worker, first_contact_on=MELDING)


def test_a_clock_due_within_the_warning_days_becomes_a_task_and_notification_for_the_meitinker(melding, worker):
    report = monitoring.monitoring_run(today=DUE - datetime.timedelta(days=5), clock_due_soon_days=5)
    task = ClockTask.objects.get()
    assert (task.user, task.due_on, task.overdue) == (worker, DUE, False)
    assert task.clock == LegalClock.objects.get(help_request=melding, kind=ClockKind.WMO_INVESTIGATION)
    assert ClockNotification.objects.get().task == task
    assert report.clock_tasks_created == 1 and report.clock_notifications_created == 1
    assert report.clocks_seen == 1 and report.tasks_created == 0


def test_a_clock_further_away_than_the_warning_days_is_left_alone(melding):
    monitoring.monitoring_run(today=DUE - datetime.timedelta(days=6), clock_due_soon_days=5)
    assert not ClockTask.objects.exists()


def test_the_warning_days_come_from_the_decision_settings_by_default(melding):
    settings = DecisionSettings.current()
    settings.due_soon_days = 10
    settings.save()
    monitoring.monitoring_run(today=DUE - datetime.timedelta(days=10))
    assert ClockTask.objects.count() == 1


def test_running_twice_creates_nothing_twice_but_an_overdue_clock_warns_once_more(melding):
    monitoring.monitoring_run(today=DUE - datetime.timedelta(days=2), clock_due_soon_days=5)
    second = monitoring.monitoring_run(today=DUE - datetime.timedelta(days=2), clock_due_soon_days=5)
    assert second.clock_tasks_created == 0 and second.clock_notifications_created == 0
    assert ClockTask.objects.count() == 1 and ClockNotification.objects.count() == 1
    monitoring.monitoring_run(today=DUE + datetime.timedelta(days=1), clock_due_soon_days=5)
    monitoring.monitoring_run(today=DUE + datetime.timedelta(days=2), clock_due_soon_days=5)
    assert sorted(ClockTask.objects.values_list("overdue", flat=True)) == [False, True]
    assert ClockNotification.objects.count() == 2


def test_a_stopped_clock_or_a_settled_request_warns_nobody(melding, zone, worker):
    LegalClock.objects.filter(help_request=melding).update(stopped_on=MELDING + datetime.timedelta(days=30))
    settled = HelpRequestFactory(zone=zone, first_contact_on=MELDING, assigned=True, assigned_worker=worker)
    assert LegalClock.objects.filter(help_request=settled).exists()
    settled.assigned_worker = None
    settled.status = "settled"
    settled.settled_by = "information"
    settled.save()
    monitoring.monitoring_run(today=DUE + datetime.timedelta(days=1))
    assert not ClockTask.objects.exists()


def test_the_job_starts_the_debt_clock_of_a_finished_conversation_and_warns_its_worker(zone, colleague, membership):
    web = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                             first_contact_on=MELDING)
    ConversationFactory(help_request=web, worker=colleague, finished=True, held_on=datetime.date(2026, 12, 23),
                        debt_urgent=True, threats=["eviction"])
    report = monitoring.monitoring_run(today=datetime.date(2026, 12, 24), clock_due_soon_days=5)
    assert report.clocks_started == 1
    task = ClockTask.objects.get(clock__kind=ClockKind.DEBT_FIRST_CONVERSATION)
    assert (task.user, task.due_on) == (colleague, datetime.date(2026, 12, 29))


def test_memory_stays_bounded_the_job_writes_in_batches(melding, zone, worker, monkeypatch):
    monkeypatch.setattr(monitoring, "CHUNK", 2)
    for _ in range(4):
        HelpRequestFactory(zone=zone, assigned=True, assigned_worker=worker, first_contact_on=MELDING)
    report = monitoring.monitoring_run(today=DUE, clock_due_soon_days=0)
    assert report.clock_tasks_created == 5 and ClockNotification.objects.count() == 5


def test_the_daily_digest_lists_legal_clock_warnings_without_personal_data(melding, worker, mailoutbox):
    monitoring.monitoring_run(today=DUE + datetime.timedelta(days=1), clock_due_soon_days=5)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [worker.email]
    assert "18-12-2026" in mail.body and str(melding.pk) in mail.body
    assert melding.resident.full_name not in mail.body


def test_my_plans_shows_the_workers_legal_deadlines_next_to_the_plan_tasks(melding, worker, colleague):
    from django.urls import reverse

    from audit.models import AccessLogEntry
    from intake.models import HelpRequest
    from tests.conftest import login

    monitoring.monitoring_run(today=DUE + datetime.timedelta(days=1), clock_due_soon_days=5)
    task = ClockTask.objects.get(user=worker, overdue=True)
    response = login(worker).get(reverse("cases:my_work"))
    body = response.content.decode()
    assert response.context["work"].clock_tasks == [task]
    assert "Wettelijke termijnen" in body
    assert reverse("intake:request_detail", args=[melding.pk]) in body
    name = HelpRequest.objects.get(pk=melding.pk).display_name
    assert name in body and "verlopen sinds 18 december 2026" in body
    entry = AccessLogEntry.objects.filter(purpose="plan: my work", user=worker).latest("pk")
    assert entry.detail["clock_tasks"] == [task.pk]
    # A colleague's page does not show another worker's warnings.
    other = login(colleague).get(reverse("cases:my_work"))
    assert other.context["work"].clock_tasks == []
    assert name not in other.content.decode()
    assert "Geen wettelijke termijn die binnenkort afloopt." in other.content.decode()


def test_the_job_shortens_a_debt_term_beside_a_threat_written_in_bulk_before_it_warns(zone, colleague, membership):
    # Registered on 6 November as a question for debt help: four weeks, to 4 December. An import
    # wrote the conversation of 23 November that found an eviction: 3 working days, to 26 November.
    asked = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                               first_contact_on=MELDING, debt_help_question=True, assigned=True,
                               assigned_worker=colleague)
    ConversationFactory(help_request=asked, worker=colleague, finished=True, held_on=datetime.date(2026, 11, 23),
                        debt_urgent=True, threats=["eviction"])
    clock = LegalClock.objects.get(help_request=asked, kind=ClockKind.DEBT_FIRST_CONVERSATION)
    assert clock.due_on == datetime.date(2026, 12, 4)
    report = monitoring.monitoring_run(today=datetime.date(2026, 11, 24), clock_due_soon_days=2)
    assert report.clocks_shortened == 1
    clock.refresh_from_db()
    assert clock.due_on == datetime.date(2026, 11, 26)
    # Due in two days: the shortened term is the one the worker is warned about.
    assert ClockTask.objects.get(clock=clock).due_on == datetime.date(2026, 11, 26)


def test_no_digest_about_a_legal_term_whose_report_was_recorded_on_time(membership, zone, worker):
    """The worker was warned about the Wmo investigation term; the report was recorded in time.
    A month later the daily digest says nothing about it (nor does the in-app list)."""
    from django.core import mail

    from cases import monitoring
    from intake.factories import HelpRequestFactory
    from mandates import services
    from mandates.models import ClockKind, LegalClock
    from mandates.selectors import open_clock_tasks

    melding_on, due = datetime.date(2026, 11, 6), datetime.date(2026, 12, 18)  # 6 weeks from a Friday
    melding = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                 assigned=True, assigned_worker=worker, first_contact_on=melding_on)
    monitoring.monitoring_run(today=due - datetime.timedelta(days=3), clock_due_soon_days=5)
    assert len(mail.outbox) == 1 and list(open_clock_tasks(user=worker))
    services.legal_clock_record(user=worker, request=None, help_request=melding, step="report",
                                on=due - datetime.timedelta(days=2))
    assert LegalClock.objects.get(help_request=melding, kind=ClockKind.WMO_INVESTIGATION).stopped_on is not None
    mail.outbox.clear()
    monitoring.monitoring_run(today=due + datetime.timedelta(days=30), clock_due_soon_days=5)
    assert mail.outbox == [] and not list(open_clock_tasks(user=worker))
