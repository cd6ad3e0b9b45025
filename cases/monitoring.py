"""The daily monitoring job: follow-ups, plan evaluations and action due dates that are due or
overdue become tasks and in-app notifications for the responsible worker, plus one digest
e-mail per worker per day. Legal clocks of requests for help (mandates.LegalClock) that are due
soon (DecisionSettings.due_soon_days) or overdue become clock tasks with notifications the same
way (mandates.ClockTask: a legal clock usually runs before any plan exists, and cases.Task
belongs to a plan).

- Idempotent: each task has a unique key (e.g. "follow_up:12", "evaluation:5:2027-02-25") and is
  inserted with ON CONFLICT DO NOTHING; a notification is one-to-one with its task; the digest is
  recorded per (worker, day). Running the job twice, or a retry after a killed worker (the task
  is acks_late), creates nothing twice.
- Bounded memory: rows are streamed from the database with .iterator(chunk_size) and written in
  batches; nothing loads all plans.
- One at a time: a PostgreSQL advisory lock; a second run while one is busy returns at once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from mandates.models import ClockNotification, ClockTask, DecisionSettings
from mandates.selectors import clock_task_open, due_legal_clocks, open_clock_tasks
from mandates.services import legal_clocks_catch_up, legal_clocks_catch_up_threats

from .models import (
    OPEN_ACTION_STATUSES,
    Action,
    Actor,
    Case,
    CaseStatus,
    DigestSent,
    FollowUp,
    FollowUpStatus,
    Notification,
    Task,
    TaskKind,
)

logger = logging.getLogger(__name__)

# pg_try_advisory_lock key of this job (any constant unique within the database).
MONITORING_LOCK = 0x0CA5E5
CHUNK = 2000


@dataclass
class MonitoringReport:
    ran: bool = True
    tasks_created: int = 0
    notifications_created: int = 0
    digests_sent: int = 0
    follow_ups_seen: int = 0
    evaluations_seen: int = 0
    actions_seen: int = 0
    clocks_started: int = 0
    clocks_shortened: int = 0
    clocks_seen: int = 0
    clock_tasks_created: int = 0
    clock_notifications_created: int = 0

    def as_dict(self) -> dict[str, int | bool]:
        return dict(self.__dict__)


# The plans of a household with a restricted member (AVG art. 18) get no tasks: nobody but the
# administrator may open them, and following them up is processing. What fell due meanwhile is
# picked up by the first run after the restriction is lifted (the rules look at "due by today").
def _unrestricted_plans():
    return Case.objects.unrestricted().values("pk")


def due_follow_ups(today: datetime.date):
    return (FollowUp.objects.filter(status=FollowUpStatus.PLANNED, due_on__lte=today,
                                    case__status=CaseStatus.CLOSED, case__in=_unrestricted_plans())
            .values_list("pk", "case_id", "case__director_id", "due_on").order_by("pk"))


def due_evaluations(today: datetime.date):
    return (Case.objects.evaluation_due(today).unrestricted()
            .values_list("pk", "director_id", "next_evaluation_on").order_by("pk"))


def due_actions(today: datetime.date):
    return (Action.objects.filter(status__in=OPEN_ACTION_STATUSES, due_on__lte=today, case__status=CaseStatus.OPEN,
                                  case__in=_unrestricted_plans())
            .values_list("pk", "case_id", "actor", "worker_id", "case__director_id", "due_on").order_by("pk"))


def planned_tasks(today: datetime.date, report: MonitoringReport) -> Iterator[Task]:
    """The tasks the rules call for today, streamed from the database. Who is responsible: the
    case director, or the named worker of an action carried out by a worker."""
    for pk, case_id, director_id, due_on in due_follow_ups(today).iterator(chunk_size=CHUNK):
        report.follow_ups_seen += 1
        yield Task(key=f"follow_up:{pk}", kind=TaskKind.FOLLOW_UP, user_id=director_id, case_id=case_id,
                   due_on=due_on, created_on=today)
    for case_id, director_id, due_on in due_evaluations(today).iterator(chunk_size=CHUNK):
        report.evaluations_seen += 1
        yield Task(key=f"evaluation:{case_id}:{due_on.isoformat()}", kind=TaskKind.EVALUATION, user_id=director_id,
                   case_id=case_id, due_on=due_on, created_on=today)
    for pk, case_id, actor, worker_id, director_id, due_on in due_actions(today).iterator(chunk_size=CHUNK):
        report.actions_seen += 1
        user_id = worker_id if actor == Actor.WORKER and worker_id else director_id
        yield Task(key=f"action:{pk}:{due_on.isoformat()}", kind=TaskKind.ACTION, user_id=user_id, case_id=case_id,
                   due_on=due_on, created_on=today)


def planned_clock_tasks(today: datetime.date, due_soon_days: int, report: MonitoringReport) -> Iterator[ClockTask]:
    """A task per legal clock that is due within `due_soon_days` and one more once it is overdue,
    for the assigned meitinker, else the conversation's worker, else who registered the request.
    The key holds the due date, so a clock that moves on warns again."""
    for pk, due_on, assigned_id, conversation_worker_id, created_by_id in due_legal_clocks(
            today=today, due_soon_days=due_soon_days).iterator(chunk_size=CHUNK):
        report.clocks_seen += 1
        user_id = assigned_id or conversation_worker_id or created_by_id
        if user_id is None:
            continue  # an unassigned web-form request: it is on the zone's intake queue
        overdue = due_on < today
        yield ClockTask(key=f"legal_clock:{pk}:{due_on.isoformat()}:{'overdue' if overdue else 'due_soon'}",
                        clock_id=pk, user_id=user_id, overdue=overdue, due_on=due_on, created_on=today)


def _batches[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_batch(batch: list[Task] | list[ClockTask], report: MonitoringReport,
                 notification_model: type[Notification] | type[ClockNotification] = Notification) -> None:
    """Insert the batch's tasks ON CONFLICT DO NOTHING and a notification for each task that
    lacks one; plan tasks and clock tasks are counted apart."""
    task_model = type(batch[0])
    with transaction.atomic():
        keys = [t.key for t in batch]
        existing = set(task_model.objects.filter(key__in=keys).values_list("key", flat=True))
        task_model.objects.bulk_create(batch, ignore_conflicts=True)
        # Every task of the batch that lacks its notification gets one (self-healing, idempotent).
        created = task_model.objects.filter(key__in=keys, notification__isnull=True).values_list("pk", "user_id")
        now = timezone.now()
        notifications = notification_model.objects.bulk_create(
            [notification_model(task_id=pk, user_id=user_id, created_at=now) for pk, user_id in created],
            ignore_conflicts=True)
        if task_model is ClockTask:
            report.clock_tasks_created += len(set(keys) - existing)
            report.clock_notifications_created += len(notifications)
        else:
            report.tasks_created += len(set(keys) - existing)
            report.notifications_created += len(notifications)


def send_digests(today: datetime.date, report: MonitoringReport) -> None:
    """One e-mail per worker with open tasks, once a day. The DigestSent row is written in the
    same transaction as the send; if sending fails the row rolls back and a retry sends it."""
    # distinct: two reverse relations in one query would otherwise multiply each other's counts.
    users = (User.objects.filter(is_active=True)
             .annotate(open_tasks=Count("case_tasks", distinct=True,
                                        filter=Q(case_tasks__done_at__isnull=True, case_tasks__due_on__lte=today)),
                       open_clock_tasks=Count("clock_tasks", distinct=True, filter=clock_task_open("clock_tasks__")))
             .filter(Q(open_tasks__gt=0) | Q(open_clock_tasks__gt=0))
             .exclude(email="").exclude(case_digests__day=today)
             .only("pk", "email", "first_name", "last_name", "username").order_by("pk"))
    for user in users.iterator(chunk_size=CHUNK):
        with transaction.atomic():
            _digest, created = DigestSent.objects.get_or_create(user=user, day=today,
                                                                defaults={"task_count": user.open_tasks + user.open_clock_tasks})
            if not created:
                continue
            tasks = list(Task.objects.filter(user=user, done_at__isnull=True, due_on__lte=today)
                         .select_related("case__household").order_by("due_on", "pk")[:50])
            clock_tasks = list(open_clock_tasks(user=user)[:50])
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string("cases/digest_email.txt", {"user": user, "tasks": tasks, "today": today,
                                                                   "total": user.open_tasks,
                                                                   "clock_tasks": clock_tasks})
                subject = render_to_string("cases/digest_subject.txt",
                                           {"total": user.open_tasks + user.open_clock_tasks}).strip()
            send_mail(subject, body, None, [user.email])
            report.digests_sent += 1


def monitoring_run(*, today: datetime.date, send_digest: bool = True,
                   clock_due_soon_days: int | None = None) -> MonitoringReport:
    """Run the daily job once; a second concurrent run returns without doing anything. The demo
    seed runs it without the digest e-mails. Clocks warn `clock_due_soon_days` ahead, by
    default the administrator's DecisionSettings.due_soon_days."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [MONITORING_LOCK])
        (locked,) = cursor.fetchone()
    if not locked:
        logger.info("case monitoring already running elsewhere; skipped")
        return MonitoringReport(ran=False)
    try:
        report = MonitoringReport()
        for batch in _batches(planned_tasks(today, report), CHUNK):
            _write_batch(batch, report)
        report.clocks_started = legal_clocks_catch_up(chunk=CHUNK)
        report.clocks_shortened = legal_clocks_catch_up_threats(chunk=CHUNK)
        if clock_due_soon_days is None:
            clock_due_soon_days = DecisionSettings.current().due_soon_days
        for clock_batch in _batches(planned_clock_tasks(today, clock_due_soon_days, report), CHUNK):
            _write_batch(clock_batch, report, ClockNotification)
        if send_digest:
            send_digests(today, report)
        logger.info("case monitoring for %s: %s", today.isoformat(), report.as_dict())
        return report
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MONITORING_LOCK])
