"""Plain SVG charts computed on the server: no JavaScript, no inline styles (CSP), a title for
screen readers and a data table beside each chart in the template."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: int


@dataclass(frozen=True)
class LineChart:
    title: str
    width: int
    height: int
    points: list[Point]
    gridlines: list[tuple[float, str]]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def score_line_chart(title: str, points: list[tuple[datetime.date, int]], *, width: int = 320,
                     height: int = 140, low: int = 1, high: int = 5) -> LineChart:
    """Scores over time on a fixed 1-5 scale, dates spaced evenly (conversations are events)."""
    left, right, top, bottom = 28, 12, 10, 24
    inner_w, inner_h = width - left - right, height - top - bottom

    def y_of(value: int) -> float:
        return top + inner_h * (high - value) / (high - low)

    n = len(points)
    step = inner_w / (n - 1) if n > 1 else 0
    plotted = [
        Point(x=left + (i * step if n > 1 else inner_w / 2), y=y_of(score), label=day.strftime("%d-%m-%Y"),
              value=score)
        for i, (day, score) in enumerate(points)
    ]
    grid = [(y_of(v), str(v)) for v in range(low, high + 1)]
    return LineChart(title=title, width=width, height=height, points=plotted, gridlines=grid)


# Also written as fill attributes: the PDF renderer draws the SVG without the page's CSS.
SERIES_FILLS = ("#22356b", "#b35c00", "#1a6b3a", "#6b2266")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    label: str
    label_x: float
    label_y: float

    @property
    def fill(self) -> str:
        return SERIES_FILLS[(self.series - 1) % len(SERIES_FILLS)]


@dataclass(frozen=True)
class BarGroup:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars (long Dutch labels fit on the left): one bar per row, or one per series
    in each row. Values carry their printed label, so a suppressed figure shows '<5' and no bar."""

    title: str
    width: int
    height: int
    label_width: int
    groups: list[BarGroup]
    series: list[str]
    axis_x: float

    @property
    def legend(self) -> list[tuple[int, str]]:
        return list(enumerate(self.series)) if len(self.series) > 1 else []


def grouped_bar_chart(title: str, series: list[str], rows: list[tuple[str, list[tuple[float | None, str]]]], *,
                      width: int = 640, bar_height: int = 16, label_width: int = 200) -> BarChart:
    """`rows`: (row label, [(value or None when hidden, printed value) per series]). Bars share one
    scale from zero to the largest value; negative values are drawn as zero-length bars."""
    gap, group_gap, top, value_room = 2, 12, 8, 64
    n = max(len(series), 1)
    values = [v for _label, cells in rows for v, _text in cells if v is not None]
    high = max([*values, 0]) or 1
    inner = width - label_width - value_room
    groups = []
    y = float(top)
    for label, cells in rows:
        bars = []
        for i, (value, text) in enumerate(cells[:n]):
            length = inner * max(value or 0, 0) / high if value is not None else 0
            bar_y = y + i * (bar_height + gap)
            bars.append(Bar(x=label_width, y=bar_y, width=round(length, 1), height=bar_height, series=i + 1,
                            label=text, label_x=round(label_width + length + 4, 1),
                            label_y=round(bar_y + bar_height * 0.75, 1)))
        group_h = n * bar_height + (n - 1) * gap
        groups.append(BarGroup(label=label, label_y=round(y + group_h / 2 + 4, 1), bars=bars))
        y += group_h + group_gap
    height = int(y - group_gap + top) if rows else top * 2
    return BarChart(title=title, width=width, height=height, label_width=label_width, groups=groups,
                    series=series, axis_x=label_width)


def bar_chart(title: str, rows: list[tuple[str, float | None, str]], *, width: int = 640,
              label_width: int = 200) -> BarChart:
    """One bar per row: (label, value or None when hidden, printed value)."""
    return grouped_bar_chart(title, [""], [(label, [(value, text)]) for label, value, text in rows], width=width,
                             label_width=label_width)
