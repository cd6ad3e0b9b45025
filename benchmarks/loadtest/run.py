"""`make loadtest`: 200 simulated meitinkers against gunicorn on loopback, on the bench database.

1. Sessions: one logged-in database session per simulated user, spread over the seeded workers,
   with the households and requests each worker may open (so every request should answer 200).
2. gunicorn with production settings (DEBUG off; DJANGO_SECURE off because it is plain HTTP on
   loopback), started here and stopped here.
3. locust headless, bounded in users (LOADTEST_USERS, 200), time (LOADTEST_SECONDS, 120) and
   requests (LOADTEST_MAX_REQUESTS, 20 000), with a think time after every page
   (LOADTEST_THINK, 5-15 s).
Fails when any request fails (non-2xx); prints p50/p95/p99 and writes
benchmarks/results/loadtest-<date>.json. Needs a seeded bench database: run `make bench` first.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import database  # noqa: E402
from benchmarks.measure import configure_environment  # noqa: E402

HOST, PORT = "127.0.0.1", int(os.environ.get("LOADTEST_PORT", "8765"))
USERS = int(os.environ.get("LOADTEST_USERS", "200"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "120"))
THINK = os.environ.get("LOADTEST_THINK", "5-15")
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "20000"))
# Sync workers: two per core plus one, gunicorn's own rule of thumb.
WORKERS = int(os.environ.get("LOADTEST_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))


def build_plan(path: Path) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Role, User
    from accounts.testing import log_in
    from intake.models import OPEN_STATUSES, HelpRequest, Household, Resident

    workers = list(User.objects.filter(role=Role.WORKER, is_active=True)
                   .annotate(open=Count("assigned_requests", filter=Q(assigned_requests__status__in=OPEN_STATUSES)))
                   .filter(open__gt=0).order_by("-open", "pk")[:USERS])
    accounts = []
    for i in range(USERS):
        worker = workers[i % len(workers)]
        # Django's own login() plus the verified second factor: a real session row, as after the
        # login form and the authenticator step.
        client = log_in(Client(), worker)
        households = list(Household.objects.visible_to(worker).order_by("?").values_list("pk", flat=True)[:20])
        requests = list(HelpRequest.objects.filter(assigned_worker=worker).order_by("-first_contact_on")
                        .values_list("pk", flat=True)[:20])
        accounts.append({
            "user": worker.username, "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "my_work": reverse("intake:my_work"),
            "households": [reverse("intake:household", args=[pk]) for pk in households],
            "requests": [reverse("intake:request_detail", args=[pk]) for pk in requests],
        })
    surnames = list(Resident.objects.values_list("surname", flat=True).distinct()[:30])
    register = reverse("intake:register")
    plan = {"cookie_name": settings.SESSION_COOKIE_NAME, "accounts": accounts,
            "searches": [f"{register}?search=1&surname={s.replace(' ', '+')}" for s in surnames],
            "workers": len(workers)}
    path.write_text(json.dumps(plan))
    return plan


def wait_for_port(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, PORT)) == 0:
                return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not listen on {HOST}:{PORT}")


def _percentile(histogram: dict[str, int], share: float) -> float:
    """A percentile from locust's response-time histogram (rounded milliseconds -> count)."""
    buckets = sorted((float(ms), n) for ms, n in histogram.items())
    total = sum(n for _, n in buckets)
    seen = 0
    for ms, n in buckets:
        seen += n
        if seen >= share * total:
            return ms
    return buckets[-1][0] if buckets else 0.0


def read_stats(path: Path) -> list[dict[str, Any]]:
    """Per request name and in total: counts, failures and percentiles from locust's final JSON."""
    entries = json.loads(path.read_text())
    rows, merged = [], {}
    for entry in entries:
        histogram = entry["response_times"]
        for ms, n in histogram.items():
            merged[ms] = merged.get(ms, 0) + n
        rows.append(_row(entry["name"], entry["num_requests"], entry["num_failures"], histogram, entry))
    total_requests = sum(e["num_requests"] for e in entries)
    rows.append(_row("Aggregated", total_requests, sum(e["num_failures"] for e in entries), merged, None))
    return rows


def _row(name: str, requests: int, failures: int, histogram: dict[str, int], entry: dict | None) -> dict[str, Any]:
    duration = (entry["last_request_timestamp"] - entry["start_time"]) if entry and requests else 0
    return {"name": name, "requests": requests, "failures": failures, "p50_ms": _percentile(histogram, 0.5),
            "p95_ms": _percentile(histogram, 0.95), "p99_ms": _percentile(histogram, 0.99),
            "rps": round(requests / duration, 1) if duration else None}


def main() -> None:
    url = database.base_url()
    if database.seeded_scale(url) is None:
        sys.exit(f"{url} holds no benchmark seed: run `make bench` first.")
    configure_environment(url)
    os.environ["DATABASE_CONN_MAX_AGE"] = "60"
    workdir = Path(tempfile.mkdtemp(prefix="toegang-loadtest-"))
    plan = build_plan(workdir / "plan.json")
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "toegang.wsgi", "-c", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"{HOST}:{PORT}", "--workers", str(WORKERS)],
        cwd=ROOT, env={**os.environ, "LOG_LEVEL": "WARNING"}, start_new_session=True)
    try:
        wait_for_port()
        stats = workdir / "stats.json"
        started = time.monotonic()
        locust = subprocess.run(  # noqa: S603
            [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "benchmarks/loadtest/locustfile.py"),
             "--headless", "--users", str(USERS), "--spawn-rate", str(max(1, USERS // 10)),
             "--run-time", f"{SECONDS}s", "--host", f"http://{HOST}:{PORT}", "--json-file", str(stats.with_suffix("")),  # locust adds .json
             "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env={**os.environ, "LOADTEST_PLAN": str(workdir / "plan.json"),
                           "LOADTEST_MAX_REQUESTS": str(MAX_REQUESTS), "LOADTEST_THINK": THINK}, check=False)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)

    result_rows = read_stats(stats)
    print(f"\n{'request':<20} {'count':>7} {'fails':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for r in result_rows:
        print(f"{r['name']:<20} {r['requests']:>7} {r['failures']:>6} {r['p50_ms']:>7.0f} {r['p95_ms']:>7.0f} "
              f"{r['p99_ms']:>7.0f}")
    total = result_rows[-1]
    total["rps"] = round(total["requests"] / elapsed, 1) if elapsed else None
    result = {"date": datetime.date.today().isoformat(), "users": USERS, "seconds": SECONDS, "think_s": THINK,
              "elapsed_s": round(elapsed, 1), "max_requests": MAX_REQUESTS, "gunicorn_workers": WORKERS,
              "workers_logged_in": plan["workers"], "database": url.rsplit("/", 1)[-1],
              "residents": database.seeded_scale(url), "load_average": Path("/proc/loadavg").read_text().split()[:3],
              "rows": result_rows}
    suffix = os.environ.get("LOADTEST_NAME", "")
    out = ROOT / "benchmarks" / "results" / f"loadtest-{result['date']}{'-' + suffix if suffix else ''}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten {out.relative_to(ROOT)}")
    if total["failures"] or locust.returncode:
        sys.exit(f"load test failed: {total['failures']} failed requests (locust exit {locust.returncode})")
    print(f"zero errors over {total['requests']} requests ({total['rps']} a second); p95 {total['p95_ms']:.0f} ms")


if __name__ == "__main__":
    main()
