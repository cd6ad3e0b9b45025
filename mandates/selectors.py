"""Page-shaped reads of decisions, with their joins decided once."""
from __future__ import annotations

from intake.timeline import TimelineEvent


def timeline_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    return []
