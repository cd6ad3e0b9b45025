"""`make bench`: the pages at municipal scale, their scaling, the dashboard's SQL floor.

Seeds (or reuses) two databases, 10 000 and 100 000 residents (BENCH_SMALL_RESIDENTS,
BENCH_RESIDENTS; BENCH_DATABASE_URL names the full-scale one, the small one gets a _10k
suffix), measures each page in a separate process per database (benchmarks/measure.py), prints
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


def run_scale(residents: int, full: int, reseed: bool) -> dict[str, Any]:
    url = database.url_for(residents, full_scale=full)
    command = [sys.executable, "-m", "benchmarks.measure", "--residents", str(residents), "--url", url]
    if reseed:
        command.append("--reseed")
    out = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    full = int(os.environ.get("BENCH_RESIDENTS", "100000"))
    small = int(os.environ.get("BENCH_SMALL_RESIDENTS", "10000"))
    reseed = os.environ.get("BENCH_RESEED", "") not in ("", "0")
    scales = {n: run_scale(n, full, reseed) for n in (small, full)}
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
