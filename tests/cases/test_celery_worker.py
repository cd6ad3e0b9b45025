"""The daily job through a real Celery worker process on the real Redis broker (not eager mode).
The worker is a separate process with its own database connection, so the test commits its data
(transaction=True) and points the worker at the test database."""

import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.models import DigestSent, Notification, Task
from tests.celery_worker import celery_worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    with celery_worker(tmp_path / "worker.log", name="cases-test",
                       env={"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}) as process:
        yield process


def test_the_daily_job_runs_in_a_real_worker_and_a_second_run_creates_nothing_twice(
        life_domains_loaded, worker, plan_conversation, case_type, celery_worker_process, tmp_path):
    from cases.tasks import run_case_monitoring

    case = services.case_open(user=worker, request=None, conversation=plan_conversation, case_type=case_type,
                              today=timezone.localdate())
    services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                        outcome="goals_reached", reason="Klaar", closed_on=datetime.date(2026, 11, 25))
    first = run_case_monitoring.delay("2027-02-25").get(timeout=60)
    second = run_case_monitoring.delay("2027-02-25").get(timeout=60)
    assert first["ran"] is True and first["tasks_created"] == 1 and first["digests_sent"] == 1
    assert second["tasks_created"] == 0 and second["digests_sent"] == 0
    assert Task.objects.filter(case=case, kind="follow_up").count() == 1
    assert Notification.objects.count() == 1
    assert DigestSent.objects.count() == 1
