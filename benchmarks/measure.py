"""Seed (or reuse) one benchmark database and measure the pages on it; prints one JSON document.

Run by benchmarks/run.py once per scale, each in its own process so each gets its own
database settings:

    .venv/bin/python -m benchmarks.measure --residents 100000 --url postgres://.../toegang_bench
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.util
import inspect
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SLOW_PAGE_SECONDS = 2
SLOW_PAGE_ROUNDS = 3
HOUSEHOLD_REQUESTS = 20


def configure_environment(url: str) -> None:
    """Production-like settings: DEBUG off (no query log, cached templates); HTTP on loopback."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECURE"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Tasks the seed and the pages enqueue (letters, notifications) stay in this process's
    # memory: nothing runs them, and no broker is needed.
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"


@dataclass
class PageResult:
    name: str
    url: str
    user: str
    queries: int
    runs: int
    median_ms: float
    p95_ms: float
    min_ms: float
    statements: list[tuple[str, Any]] = field(default_factory=list, repr=False)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("statements")
        return data


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class PageTimer:
    """One page: a warm-up, a request that captures its statements, then one timed request at a
    time, so measure_all can interleave the pages (see there)."""

    def __init__(self, client, name: str, url: str, username: str, rounds: int) -> None:
        from django.db import connection

        self.client, self.name, self.url, self.username = client, name, url, username
        self.statements: list[tuple[str, Any]] = []

        def capture(execute, sql, params, many, context):
            self.statements.append((sql, params))
            return execute(sql, params, many, context)

        # The first request of a fresh sign-in also renews its session (written at most once a
        # minute: toegang.middleware), which a steady page does not: the statements are the second's.
        self._get()
        start = time.perf_counter()
        with connection.execute_wrapper(capture):
            self._get()
        # A page this slow has missed its target by far; a few runs say by how much.
        self.rounds = min(rounds, SLOW_PAGE_ROUNDS) if time.perf_counter() - start > SLOW_PAGE_SECONDS else rounds
        self.times: list[float] = []

    def _get(self) -> None:
        response = self.client.get(self.url)
        if response.status_code != 200:
            raise RuntimeError(f"{self.name}: {self.url} answered {response.status_code} for {self.username}")

    def time_once(self) -> None:
        if len(self.times) >= self.rounds:
            return
        start = time.perf_counter()
        self._get()
        self.times.append((time.perf_counter() - start) * 1000)

    def result(self) -> PageResult:
        times = self.times
        return PageResult(name=self.name, url=self.url, user=self.username, queries=len(self.statements),
                          runs=len(times), median_ms=round(statistics.median(times), 1),
                          p95_ms=round(_percentile(times, 0.95), 1), min_ms=round(min(times), 1),
                          statements=self.statements)


class SqlFloor:
    """Re-run a page's own SELECTs with their parameters through a bare psycopg connection: what
    the page would cost with no Python around the database. Writes (the access-log entry, the
    session) are left out, the reads run in a transaction that is rolled back. The first run warms
    the connection's caches, as the page's warm-up did."""

    def __init__(self, url: str, statements: list[tuple[str, Any]]) -> None:
        import psycopg

        self.statements = len(statements)
        self.reads = [(s, p) for s, p in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        self.conn = psycopg.connect(url, cursor_factory=psycopg.ClientCursor)
        self.times: list[float] = []
        self.time_once()
        self.times.clear()

    def time_once(self) -> None:
        start = time.perf_counter()
        with self.conn.cursor() as cur:
            for statement, params in self.reads:
                cur.execute(statement, params)
                cur.fetchall()
        self.conn.rollback()
        self.times.append((time.perf_counter() - start) * 1000)

    def result(self) -> dict[str, Any]:
        self.conn.close()
        return {"statements": self.statements, "reads_rerun": len(self.reads),
                "median_ms": round(statistics.median(self.times), 1),
                "p95_ms": round(_percentile(self.times, 0.95), 1)}


def council_report_entry() -> Callable[[], tuple[float, int]] | None:
    """Time generating a year's council report, when this tree has reporting.tasks.report_generate
    (built on another branch); None when it does not, so the run says "not available"."""
    if importlib.util.find_spec("reporting.tasks") is None:
        return None
    tasks = importlib.import_module("reporting.tasks")
    generate = getattr(tasks, "report_generate", None)
    if generate is None:
        return None
    from django.utils import timezone

    services = importlib.import_module("reporting.services")
    year = timezone.localdate().year - 1

    def new_report_id() -> int:
        request = getattr(services, "report_request", None)
        if request is not None and "enqueue" in inspect.signature(request).parameters:
            return request(user=None, request=None, period_kind="year", year=year, quarter=None, zone=None,
                           enqueue=False).pk
        report_model = importlib.import_module("reporting.models").Report
        return report_model.objects.create(period_kind="year", period_start=datetime.date(year, 1, 1),
                                           period_end=datetime.date(year, 12, 31)).pk

    def run_once() -> tuple[float, int]:
        from django.db import connection

        report_id = new_report_id()
        statements = 0

        def count(execute, sql, params, many, context):
            nonlocal statements
            statements += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            generate(report_id)  # the task body, synchronously
        return (time.perf_counter() - start) * 1000, statements

    return run_once


def pick_subjects() -> dict[str, Any]:
    """The accounts and records each page is measured with, chosen from the seeded data: the
    busiest meitinker, their team leader, their busiest household, one of their open plans."""
    from django.db.models import Count, Q

    from accounts.models import Role, User
    from cases.models import Case, CaseStatus
    from intake.models import OPEN_STATUSES, HelpRequest, Household, Resident

    worker = (User.objects.filter(role=Role.WORKER)
              .annotate(open=Count("assigned_requests", filter=Q(assigned_requests__status__in=OPEN_STATUSES)))
              .order_by("-open", "pk").first())
    leader = User.objects.filter(role=Role.TEAM_LEADER, team_id=worker.team_id).order_by("pk").first()
    # A household with a long history, the same length at every scale: the busiest household's
    # history grows with the number of households (26 requests at 10 000 residents, 31 at
    # 100 000), which would measure a longer timeline rather than a larger municipality.
    household = (Household.objects.visible_to(worker).annotate(n=Count("help_requests"))
                 .filter(n__lte=HOUSEHOLD_REQUESTS).order_by("-n", "pk").first())
    # The same kind of request at every scale (one with a conversation, as most are), so the
    # page runs the same queries and the scales compare like with like.
    request = (HelpRequest.objects.filter(assigned_worker=worker, conversation__isnull=False)
               .order_by("-first_contact_on", "pk").first()
               or HelpRequest.objects.filter(assigned_worker=worker).order_by("-first_contact_on", "pk").first())
    case = Case.objects.filter(director=worker, status=CaseStatus.OPEN).order_by("pk").first() or \
        Case.objects.filter(status=CaseStatus.OPEN, household__in=Household.objects.visible_to(worker)).first()
    resident = Resident.objects.filter(memberships__household=household).order_by("pk").first()
    return {"worker": worker, "leader": leader, "household": household, "request": request, "case": case,
            "resident": resident}


def page_list(subjects: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(name, user, url) of every measured page, for the chosen subjects."""
    from django.urls import reverse

    worker, leader = subjects["worker"], subjects["leader"]
    resident = subjects["resident"]
    pages: list[tuple[str, Any, str]] = [
        ("my work (meitinker)", worker, reverse("intake:my_work")),
        ("household timeline", worker, reverse("intake:household", args=[subjects["household"].pk])),
        ("request", worker, reverse("intake:request_detail", args=[subjects["request"].pk])),
        ("resident search", worker, reverse("intake:register") +
         f"?search=1&surname={resident.surname.replace(' ', '+')}&date_of_birth={resident.date_of_birth:%Y-%m-%d}"),
        ("directory search", worker, reverse("partners:directory") + "?q=schuld"),
        ("team dashboard", leader, reverse("reporting:team")),
        # The same dashboard narrowed to the busiest meitinker: the same amount of work at every
        # scale, where the whole team is larger in a larger municipality.
        ("team dashboard, one meitinker", leader, reverse("reporting:team") + f"?worker={worker.pk}"),
    ]
    if subjects["case"] is not None:
        director = subjects["case"].director
        pages.append(("case", director, reverse("cases:detail", args=[subjects["case"].pk])))
    return pages


def measure_all(url: str, *, rounds: int, floor_rounds: int, report_rounds: int,
                turn: Callable[[], None] = lambda: None, turn_done: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """`turn` is called before every round and before the council report, `turn_done` after the
    warm-up and after every round: `--lockstep` uses them to take turns with the other scale's
    process (benchmarks/run.py)."""
    from django.test import Client

    from accounts.testing import log_in

    subjects = pick_subjects()
    pages = page_list(subjects)
    clients: dict[int, Client] = {}
    timers: list[PageTimer] = []
    for name, user, page_url in pages:
        if user.pk not in clients:
            clients[user.pk] = log_in(Client(), user)
        timers.append(PageTimer(clients[user.pk], name, page_url, user.username, rounds))
    dashboard = next(t for t in timers if t.name == "team dashboard")
    floor = SqlFloor(url, dashboard.statements)
    turn_done()
    # Round-robin: every round times each page once, and the dashboard's bare SQL right after the
    # dashboard. A slow spell of the machine (a shared host) then touches all pages alike instead
    # of one page's whole series, and the dashboard and its floor are timed side by side.
    for _round in range(max(rounds, floor_rounds)):
        turn()
        for timer in timers:
            timer.time_once()
            if timer is dashboard and len(floor.times) < floor_rounds:
                floor.time_once()
        turn_done()
    results = [timer.result() for timer in timers]
    dashboard_result = results[timers.index(dashboard)]
    floor_result = floor.result()
    floor_result["page_median_ms"] = dashboard_result.median_ms
    floor_result["ratio"] = (round(dashboard_result.median_ms / floor_result["median_ms"], 2)
                             if floor_result["median_ms"] else None)

    turn()
    report: dict[str, Any] = {"available": False}
    entry = council_report_entry()
    if entry is not None:
        runs = [entry() for _ in range(report_rounds)]
        times = [ms for ms, _queries in runs]
        # The query count of a generation is the same at every scale when the figures aggregate
        # in the database (the number of figures and zones, not of residents).
        report = {"available": True, "runs": report_rounds, "median_ms": round(statistics.median(times), 1),
                  "max_ms": round(max(times), 1), "queries": runs[-1][1]}
    from reporting.team_selectors import team_workers

    return {"pages": [r.as_json() for r in results], "dashboard_sql_floor": floor_result, "council_report": report,
            "subjects": {k: getattr(v, "pk", None) for k, v in subjects.items()},
            "team_workers": team_workers(team_id=subjects["leader"].team_id).count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "20")))
    parser.add_argument("--lockstep", action="store_true",
                        help="print DONE after the setup (seed, warm-up) and after every round; wait for a "
                             "line on stdin before every round and before the council report")
    args = parser.parse_args()
    configure_environment(args.url)

    from benchmarks import database

    seed_info: dict[str, Any] = {"reused": True}
    fresh = args.reseed or database.seeded_scale(args.url) != args.residents
    if fresh:
        print(f"seeding {args.residents} residents into {args.url} ...", file=sys.stderr)
        database.recreate(args.url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    # Also on a reused seed: an index migration added since is then measured too.
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    if fresh:
        from benchmarks.seed import seed

        report = seed(residents=args.residents, check_foreign_keys=False,
                      log=lambda line: print(line, file=sys.stderr))
        database.mark_seeded(args.url, args.residents)
        # Millions of fresh rows: without this, the first reads set hint bits (writes) and
        # autovacuum starts in the middle of the timing; the visibility map also lets index-only
        # scans skip the heap, as they do on a database in service.
        vacuumed = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        print(f"  vacuum: ({time.perf_counter() - vacuumed:.2f} s)", file=sys.stderr)
        seed_info = {"reused": False, "migrate_s": round(migrated - start, 1),
                     "seed_s": round(time.perf_counter() - migrated, 1), "steps_s": report.seconds}
    seed_info["counts"] = _counts()
    print(f"measuring {args.residents} residents ...", file=sys.stderr)
    def turn() -> None:
        if args.lockstep and not sys.stdin.readline():
            raise SystemExit("benchmarks.run went away")

    def turn_done() -> None:
        if args.lockstep:
            print("DONE", flush=True)

    result = measure_all(args.url, rounds=args.rounds, floor_rounds=args.rounds, report_rounds=3,
                         turn=turn, turn_done=turn_done)
    # The machine may be shared: the load during the run says how far to trust the timings.
    result.update(residents=args.residents, database=args.url.rsplit("/", 1)[-1], seed=seed_info,
                  load_average=Path("/proc/loadavg").read_text().split()[:3])
    print(json.dumps(result))


def _counts() -> dict[str, int]:
    from accounts.models import User
    from audit.models import AccessLogEntry
    from cases.models import Action, Case, Goal
    from intake.models import (
        Conversation,
        HelpRequest,
        Household,
        HouseholdMembership,
        Resident,
        SelfRelianceScore,
    )
    from mandates.models import Decision
    from partners.models import Organisation, Person, Referral

    models = {"residents": Resident, "households": Household, "memberships": HouseholdMembership,
              "help_requests": HelpRequest, "conversations": Conversation, "self_reliance_scores": SelfRelianceScore,
              "cases": Case, "goals": Goal, "plan_actions": Action, "decisions": Decision, "referrals": Referral,
              "organisations": Organisation, "directory_people": Person, "users": User, "access_log": AccessLogEntry}
    counts = {key: model.objects.count() for key, model in models.items()}
    counts["timeline_events"] = sum(counts[k] for k in ("memberships", "help_requests", "conversations",
                                                         "self_reliance_scores", "cases", "goals", "plan_actions",
                                                         "decisions", "referrals"))
    return counts


if __name__ == "__main__":
    main()
