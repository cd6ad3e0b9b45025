"""Benchmark the list and dashboard pages at municipal scale.

Seeds a separate database (`toegang_bench` unless BENCH_DATABASE_URL says otherwise) with
`seed_demo --scale N` (default 40: 12 000 households, about 26 000 residents, the caseload of a
municipality of 50 000 inhabitants over several years), then requests each page a number of
times through Django's test client and prints the query count and the median and worst time.
Timings are printed, never asserted: the tests pin query counts instead.

    make benchmark                 # or: BENCH_SCALE=100 .venv/bin/python benchmarks/run.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from intake.models import Household  # noqa: E402

SCALE = int(os.environ.get("BENCH_SCALE", "40"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))


def measure(client: Client, url: str) -> tuple[int, float, float]:
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return len(executed), statistics.median(times) * 1000, max(times) * 1000


def main() -> None:
    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=SCALE)
    worker = User.objects.get(username="anna")
    leader = User.objects.get(username="teamleider-stad")
    council = User.objects.get(username="raadslid")
    admin = User.objects.get(username="beheerder")
    household = Household.objects.filter(zone__in=worker.zones.all()).order_by("pk").first()
    pages = [
        (worker, reverse("intake:queue")),
        (worker, reverse("intake:queue") + "?overdue=1"),
        (worker, reverse("intake:my_work")),
        (worker, reverse("intake:household", args=[household.pk])),
        (worker, reverse("intake:register") + "?search=1&surname=de+Vries&date_of_birth=1950-01-01"),
        (leader, reverse("reporting:team")),
        (council, reverse("reporting:council") + "?from=2000-01-01"),
        (admin, reverse("audit:search")),
    ]
    print(f"scale {SCALE}: {Household.objects.count()} households, {ROUNDS} rounds per page")
    print(f"{'page':<70} {'queries':>7} {'median ms':>10} {'max ms':>8}")
    for user, url in pages:
        client = Client()
        client.force_login(user)
        queries, median, worst = measure(client, url)
        print(f"{user.username + ' ' + url:<70} {queries:>7} {median:>10.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
