"""A stored report shaped for its page, its PDF and its CSV: formatted cells ('<5' when
suppressed) and a bar chart per table. Works from the snapshot only, never from live data."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from toegang.charts import BarChart, grouped_bar_chart

from .models import Report
from .suppression import format_cell

LABEL_CHARS = 30


@dataclass(frozen=True)
class TablePage:
    anchor: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    chart: BarChart | None


@dataclass(frozen=True)
class SectionPage:
    key: str
    title: str
    intro: str
    tables: list[TablePage]


def _short(label: str) -> str:
    # The full label is in the data table beside the chart.
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _chart(table: dict[str, Any], threshold: int | None) -> BarChart | None:
    chart = table.get("chart")
    if not chart or not table.get("rows"):
        return None
    label_col, value_cols = chart.get("label_column", 0), chart.get("value_columns", [1])
    series = [table["columns"][c] for c in value_cols]
    rows = []
    for row in table["rows"]:
        cells = []
        for c in value_cols:
            cell = row[c]
            value = cell.get("value")
            numeric = value if isinstance(value, int | float) and not cell.get("suppressed") else None
            cells.append((numeric, format_cell(cell, threshold)))
        rows.append((_short(str(row[label_col].get("value") or "")), cells))
    return grouped_bar_chart(table["caption"], series, rows)


def report_sections(report: Report) -> list[SectionPage]:
    threshold = report.suppression_threshold
    return [
        SectionPage(key=section["key"], title=section["title"], intro=section.get("intro", ""),
                    tables=[TablePage(anchor=f"{section['key']}-{number}", caption=table["caption"], columns=table["columns"],
                                      rows=[[format_cell(cell, threshold) for cell in row] for row in table["rows"]],
                                      chart=_chart(table, threshold))
                            for number, table in enumerate(section.get("tables", []), start=1)])
        for section in report.data
    ]


def report_csv(report: Report) -> str:
    """One block per table: section, table caption, then the columns and rows as shown."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(report), f"v{report.version}"])
    for section in report_sections(report):
        for table in section.tables:
            writer.writerow([])
            writer.writerow([section.title, table.caption])
            writer.writerow(table.columns)
            writer.writerows(table.rows)
    return buffer.getvalue()


def report_json(report: Report) -> dict[str, Any]:
    return {
        "period": report.period_label, "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(), "zone": report.zone.name if report.zone else None,
        "version": report.version, "suppression_threshold": report.suppression_threshold,
        "sections": [{"key": s.key, "title": s.title,
                      "tables": [{"caption": t.caption, "columns": t.columns, "rows": t.rows} for t in s.tables]}
                     for s in report_sections(report)],
        "examples": report.examples,
    }
