"""`make bench`: the pages at municipal scale, their scaling, the dashboard's SQL floor.

Seeds (or reuses) two databases, 10 000 and 100 000 residents (BENCH_SMALL_RESIDENTS,
BENCH_RESIDENTS; BENCH_DATABASE_URL names the full-scale one, the small one gets a _10k
suffix), measures each page in a separate process per database (benchmarks/measure.py), the
two taking rounds in turn, prints
a table and writes benchmarks/results/<date>.json (<date>-$BENCH_NAME.json when BENCH_NAME is
set). BENCH_RESEED=1 forces fresh seeds.
Timings are reported against the targets of docs/performance.md, never asserted: the tests pin
query counts instead.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import database  # noqa: E402

TARGET_MEDIAN_MS = 100
TARGET_FLOOR_RATIO = 1.5
TARGET_SCALING_RATIO = 1.3
TARGET_REPORT_MS = 5000


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "postgresql": database.server_version(database.base_url().rsplit("/", 1)[0] + "/postgres"),
            "python": platform.python_version()}


class Scale:
    """One scale's measuring process (benchmarks/measure.py --lockstep), which takes a round when
    told to. The two scales' rounds alternate, so a slow spell of a shared host (1.5 times within
    an hour, docs/performance.md) falls on both sides of a scaling ratio instead of on one."""

    def __init__(self, residents: int, full: int, reseed: bool) -> None:
        url = database.url_for(residents, full_scale=full)
        command = [sys.executable, "-m", "benchmarks.measure", "--residents", str(residents), "--url", url,
                   "--lockstep"]
        if reseed:
            command.append("--reseed")
        self.process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE,  # noqa: S603
                                        stdout=subprocess.PIPE, text=True)
        self._wait_done()  # seeded (or reused), migrated, every page requested once

    def _wait_done(self) -> None:
        # Other lines (seed_demo's summary) are passed on.
        while (line := self.process.stdout.readline()) and line.strip() != "DONE":
            print(line, end="", file=sys.stderr)
        if not line:
            self.process.kill()
            raise RuntimeError("benchmarks.measure stopped before its round was done")

    def round(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        self._wait_done()

    def finish(self) -> dict[str, Any]:
        """The council report, then the results."""
        self.process.stdin.write("go\n")
        self.process.stdin.close()
        out = self.process.stdout.read()
        if self.process.wait() != 0:
            raise RuntimeError("benchmarks.measure failed")
        return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    full = int(os.environ.get("BENCH_RESIDENTS", "100000"))
    small = int(os.environ.get("BENCH_SMALL_RESIDENTS", "10000"))
    reseed = os.environ.get("BENCH_RESEED", "") not in ("", "0")
    rounds = int(os.environ.get("BENCH_ROUNDS", "20"))
    # One after the other: seeding and the warm-up are not timed against each other.
    processes = {n: Scale(n, full, reseed) for n in (small, full)}
    for number in range(rounds):
        # Alternating which goes first, so neither always follows the other's round.
        for scale in (small, full) if number % 2 == 0 else (full, small):
            processes[scale].round()
    scales = {n: processes[n].finish() for n in (small, full)}
    big, little = scales[full], scales[small]
    by_name = {p["name"]: p for p in little["pages"]}

    print(f"\n{'page':<30} {'queries':>7} {'10k med':>8} {'med ms':>7} {'p95 ms':>7} {'x10k':>5}  target")
    rows = []
    for page in big["pages"]:
        before = by_name.get(page["name"])
        ratio = round(page["median_ms"] / before["median_ms"], 2) if before else None
        same_queries = before is None or before["queries"] == page["queries"]
        ok = page["median_ms"] < TARGET_MEDIAN_MS and (ratio is None or ratio <= TARGET_SCALING_RATIO)
        rows.append({**page, "median_ms_small": before["median_ms"] if before else None,
                     "queries_small": before["queries"] if before else None, "scaling_ratio": ratio,
                     "constant_queries": same_queries, "meets_targets": ok and same_queries})
        print(f"{page['name']:<30} {page['queries']:>7} {before['median_ms'] if before else '-':>8} "
              f"{page['median_ms']:>7} {page['p95_ms']:>7} {ratio or '-':>5}  {'ok' if rows[-1]['meets_targets'] else 'MISSED'}")
    print(f"\nteam of the measured team leader: {little['team_workers']} meitinkers at {small:,} residents, "
          f"{big['team_workers']} at {full:,}")
    floor = big["dashboard_sql_floor"]
    print(f"\nteam dashboard: page {floor['page_median_ms']} ms, bare SQL {floor['median_ms']} ms "
          f"({floor['reads_rerun']} of {floor['statements']} statements), ratio {floor['ratio']} "
          f"(target <= {TARGET_FLOOR_RATIO})")
    report = big["council_report"]
    if report["available"]:
        print(f"council report, one year: median {report['median_ms']} ms over {report['runs']} runs "
              f"(target < {TARGET_REPORT_MS} ms); {report['queries']} queries, "
              f"{little['council_report'].get('queries')} at {small:,} residents")
    else:
        print("council report, one year: not available in this tree (no reporting.tasks.report_generate)")
    counts = big["seed"]["counts"]
    print("\nfull-scale data: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    result = {"date": datetime.date.today().isoformat(), "machine": machine(),
              "targets": {"median_ms": TARGET_MEDIAN_MS, "dashboard_floor_ratio": TARGET_FLOOR_RATIO,
                          "scaling_ratio": TARGET_SCALING_RATIO, "council_report_ms": TARGET_REPORT_MS},
              "pages": rows, "dashboard_sql_floor": floor, "council_report": report,
              "scales": {str(n): {"seed": s["seed"], "subjects": s["subjects"], "team_workers": s["team_workers"],
                                  "council_report": s["council_report"],
                                  "pages": s["pages"],
                                  "dashboard_sql_floor": s["dashboard_sql_floor"]} for n, s in scales.items()}}
    # BENCH_NAME keeps a second run of the same day (another machine, a change measured) apart.
    suffix = os.environ.get("BENCH_NAME", "")
    out = ROOT / "benchmarks" / "results" / f"{result['date']}{'-' + suffix if suffix else ''}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
