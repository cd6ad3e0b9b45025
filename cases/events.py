"""What happened to a case, for the apps downstream of cases.

Cases may not import the apps that react to a closure (the client survey invites the resident
once a case is closed). Those apps subscribe here in their AppConfig.ready(); the service calls
the subscribers inside its own transaction, so the consequence is written atomically with the
closure (and fails with it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Case

Subscriber = Callable[["Case"], None]
_case_closed: list[Subscriber] = []


def subscribe_case_closed(subscriber: Subscriber) -> Subscriber:
    """Called after a case is closed (each closure of a reopened case again)."""
    if subscriber not in _case_closed:
        _case_closed.append(subscriber)
    return subscriber


def case_closed(case: Case) -> None:
    for subscriber in _case_closed:
        subscriber(case)
