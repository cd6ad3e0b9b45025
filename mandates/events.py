"""What happened to a decision, for the apps downstream of mandates.

Mandates may not import the apps that react to its decisions (the client survey invites the
resident once a decision is sent). Those apps subscribe here in their AppConfig.ready(); the
service calls the subscribers inside its own transaction, so the consequence is written
atomically with the decision (and fails with it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Decision

Subscriber = Callable[["Decision"], None]
_decision_sent: list[Subscriber] = []


def subscribe_decision_sent(subscriber: Subscriber) -> Subscriber:
    """Called after a decision is decided and sent to the resident."""
    if subscriber not in _decision_sent:
        _decision_sent.append(subscriber)
    return subscriber


def decision_sent(decision: Decision) -> None:
    for subscriber in _decision_sent:
        subscriber(decision)
