"""The household's one timeline. Other apps (decisions, plans, referrals) add their events by
registering a source in their AppConfig.ready(), so intake never imports them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineEvent:
    on: datetime.date
    kind: str
    title: str
    obj: Any = None
    url: str = ""
    detail: str = ""


# A source takes household ids and resident ids and returns events; one query per source.
TimelineSource = Callable[..., Iterable[TimelineEvent]]
_sources: list[TimelineSource] = []


def register(source: TimelineSource) -> TimelineSource:
    if source not in _sources:
        _sources.append(source)
    return source


def extra_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for source in _sources:
        events.extend(source(household_ids=household_ids, resident_ids=resident_ids))
    return events
