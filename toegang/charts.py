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
