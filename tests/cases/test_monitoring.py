"""The daily monitoring job, with an explicit `today`: what is due becomes a task, a notification
and a digest e-mail for the responsible worker; running it twice creates nothing twice."""

import datetime

import pytest
from django.core import mail
from django.db import connection

from cases import monitoring, services
from cases.factories import ActionFactory, CaseFactory
from cases.models import DigestSent, FollowUp, Notification, Task
from tests.conftest import login

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 2, 25)


@pytest.fixture
def closed_case(case, worker):
    return services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                               outcome="goals_reached", reason="Klaar", closed_on=datetime.date(2026, 11, 25))


def test_a_follow_up_due_today_becomes_a_task_and_notification_for_the_director(closed_case, worker):
    report = monitoring.monitoring_run(today=TODAY)
    task = Task.objects.get()
    assert (task.kind, task.user, task.due_on) == ("follow_up", worker, TODAY)
    assert Notification.objects.get().task == task
    assert report.tasks_created == 1 and report.notifications_created == 1


def test_a_follow_up_due_tomorrow_is_left_alone(closed_case):
    monitoring.monitoring_run(today=TODAY - datetime.timedelta(days=1))
    assert not Task.objects.exists()


def test_running_twice_creates_nothing_twice_and_sends_one_digest(closed_case, worker):
    monitoring.monitoring_run(today=TODAY)
    second = monitoring.monitoring_run(today=TODAY)
    assert Task.objects.count() == 1 and Notification.objects.count() == 1
    assert second.tasks_created == 0 and second.digests_sent == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [worker.email]
    assert "Nazorgcontact" in mail.outbox[0].body
    assert DigestSent.objects.get().day == TODAY


def test_an_overdue_evaluation_and_a_late_action_are_found(worker, zone, colleague):
    case = CaseFactory(conversation__help_request__zone=zone, conversation__worker=worker,
                       next_evaluation_on=TODAY - datetime.timedelta(days=5))
    ActionFactory(case=case, due_on=TODAY - datetime.timedelta(days=1))
    ActionFactory(case=case, due_on=TODAY, actor="worker", worker=colleague)
    ActionFactory(case=case, due_on=TODAY - datetime.timedelta(days=9), status="done")
    monitoring.monitoring_run(today=TODAY)
    tasks = {(t.kind, t.user_id) for t in Task.objects.all()}
    assert tasks == {("evaluation", worker.pk), ("action", worker.pk), ("action", colleague.pk)}


def test_a_new_digest_goes_out_the_next_day(closed_case):
    monitoring.monitoring_run(today=TODAY)
    monitoring.monitoring_run(today=TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_recording_the_follow_up_closes_its_task(closed_case, worker):
    monitoring.monitoring_run(today=TODAY)
    follow_up = FollowUp.objects.get(due_on=TODAY)
    services.follow_up_record(user=worker, request=None, follow_up=follow_up, result="going_well", note="",
                              today=TODAY)
    assert Task.objects.get().done_at is not None


def test_a_second_run_while_one_holds_the_lock_does_nothing(closed_case):
    from django.db import connections

    # Another session (as a second worker process would be) holds the job's advisory lock.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [monitoring.MONITORING_LOCK])
        report = monitoring.monitoring_run(today=TODAY)
        assert report.ran is False
        assert not Task.objects.exists()
    finally:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [monitoring.MONITORING_LOCK])
        other.close()
    assert monitoring.monitoring_run(today=TODAY).ran is True


def test_the_job_streams_rows_instead_of_loading_them_all(closed_case, monkeypatch):
    monkeypatch.setattr(monitoring, "CHUNK", 1)
    ActionFactory.create_batch(3, case=CaseFactory(next_evaluation_on=TODAY), due_on=TODAY)
    report = monitoring.monitoring_run(today=TODAY)
    assert report.tasks_created == Task.objects.count() == 5


def test_the_worker_sees_the_task_overdue_first_and_the_notification(closed_case, worker):
    monitoring.monitoring_run(today=TODAY)
    page = login(worker).get("/cases/my-work/").content.decode()
    assert "Nazorgcontact" in page
    assert "1 ongelezen melding" in page
    notes = login(worker).get("/cases/notifications/").content.decode()
    assert "Nieuw" in notes
    assert connection.vendor == "postgresql"


def test_a_run_that_dies_halfway_is_finished_by_the_retry_without_duplicates(closed_case, worker, monkeypatch):
    def mail_server_down(today, report):
        raise ConnectionError("smtp down")

    with monkeypatch.context() as patch:
        patch.setattr(monitoring, "send_digests", mail_server_down)
        with pytest.raises(ConnectionError):
            monitoring.monitoring_run(today=TODAY)
    assert Task.objects.count() == 1  # the batch before the failure is committed
    retry = monitoring.monitoring_run(today=TODAY)
    assert (retry.tasks_created, retry.digests_sent) == (0, 1)
    assert Task.objects.count() == Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_reopened_case_cancels_its_other_follow_ups_and_their_tasks(closed_case, worker):
    monitoring.monitoring_run(today=datetime.date(2028, 6, 1))  # all three follow-ups overdue
    first = FollowUp.objects.order_by("due_on").first()
    services.follow_up_record(user=worker, request=None, follow_up=first, result="needs_support", note="",
                              today=datetime.date(2028, 6, 1))
    assert not Task.objects.filter(kind="follow_up", done_at__isnull=True).exists()


def test_the_daily_job_is_in_the_beat_schedule_and_registered_with_celery():
    from django.conf import settings

    from toegang.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["case-monitoring"]
    assert entry["task"] == "cases.tasks.run_case_monitoring"
    app.loader.import_default_modules()
    assert "cases.tasks.run_case_monitoring" in app.tasks
    assert app.tasks["cases.tasks.run_case_monitoring"].acks_late is True


def test_a_restricted_households_plan_gets_no_tasks_until_the_restriction_is_lifted(worker, zone, team_leader,
                                                                                     administrator):
    from privacy.models import ProcessingRestriction
    from privacy.services import restriction_impose, restriction_lift

    case = CaseFactory(conversation__help_request__zone=zone, conversation__worker=worker,
                       next_evaluation_on=TODAY - datetime.timedelta(days=5))
    ActionFactory(case=case, due_on=TODAY - datetime.timedelta(days=1))
    resident = case.conversation.help_request.resident
    restriction_impose(user=team_leader, request=None, resident=resident, reason="Gegevens betwist.")
    report = monitoring.monitoring_run(today=TODAY)
    assert not Task.objects.exists()
    assert report.evaluations_seen == 0 and report.actions_seen == 0
    restriction_lift(user=administrator, request=None, restriction=ProcessingRestriction.objects.get())
    monitoring.monitoring_run(today=TODAY + datetime.timedelta(days=1))
    assert {t.kind for t in Task.objects.filter(case=case)} == {"evaluation", "action"}
