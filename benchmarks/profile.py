"""Where a measured page spends its time: each SQL statement's own time, and the rest (Python,
templates). For explaining a page that misses its target; `make bench` does the timing.

    .venv/bin/python -m benchmarks.profile --url postgres://.../toegang_bench [--page case] [--explain]

Uses the same subjects and production-like settings as benchmarks/measure.py, on a seeded
database. --explain prints EXPLAIN (ANALYZE, BUFFERS) of the slowest statements; --cprofile the
hottest Python functions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
from typing import Any

from benchmarks.measure import configure_environment


def profile_page(client, url: str, rounds: int) -> dict[str, Any]:
    from django.db import connection

    client.get(url)  # warm caches, as the benchmark does
    per_statement: dict[str, list[float]] = {}
    params_of: dict[str, Any] = {}
    totals = []
    sql_totals = []
    for _ in range(rounds):
        spent = 0.0

        def timed(execute, sql, params, many, context):
            nonlocal spent
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                took = (time.perf_counter() - start) * 1000
                spent += took
                per_statement.setdefault(sql, []).append(took)
                params_of[sql] = params

        start = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = client.get(url)
        totals.append((time.perf_counter() - start) * 1000)
        sql_totals.append(spent)
        assert response.status_code == 200, response.status_code
    statements = sorted(((statistics.median(t), s) for s, t in per_statement.items()), reverse=True)
    return {"median_ms": statistics.median(totals), "sql_ms": statistics.median(sql_totals),
            "statements": [(round(ms, 2), s, params_of[s]) for ms, s in statements]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--page", default=None, help="only the page whose name starts with this")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --cprofile")
    args = parser.parse_args()
    configure_environment(args.url)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from accounts.testing import log_in
    from benchmarks.measure import page_list, pick_subjects

    subjects = pick_subjects()
    for name, user, url in page_list(subjects):
        if args.page and not name.startswith(args.page):
            continue
        client = log_in(Client(), user)
        result = profile_page(client, url, args.rounds)
        print(f"\n== {name}: {result['median_ms']:.1f} ms, of which SQL {result['sql_ms']:.1f} ms "
              f"({len(result['statements'])} statements)")
        for ms, sql, _params in result["statements"][:8]:
            print(f"  {ms:8.2f} ms  {' '.join(sql.split())[:220]}")
        if args.explain:
            for _ms, sql, params in result["statements"][:3]:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    print("\n".join("    " + row[0] for row in cursor.fetchall()))
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.rounds):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(int(os.environ.get("PROFILE_LINES", "40")))


if __name__ == "__main__":
    main()
