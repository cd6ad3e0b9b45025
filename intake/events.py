"""What happened at the front door, for the apps downstream of intake.

Intake may not import mandates, cases or partners, yet a registered melding starts a legal clock
and a finished conversation may start the debt-help clock. Those apps subscribe here in their
AppConfig.ready(); intake's services call the subscribers inside their own transaction, so the
consequence is written atomically with the event (and fails with it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

    from .models import HelpRequest

# subscriber(help_request, corrected_by=user or None, acted_by=user or None, request=http_request or None)
Subscriber = Callable[..., None]


class ChangeRefused(Exception):
    """A subscriber cannot follow the change: the service's transaction rolls back and the view
    shows `message` next to the form field `field`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


_request_changed: list[Subscriber] = []


def subscribe_request_changed(subscriber: Subscriber) -> Subscriber:
    """Called after a request for help is registered, corrected or its conversation is finished.
    A subscriber may raise ChangeRefused."""
    if subscriber not in _request_changed:
        _request_changed.append(subscriber)
    return subscriber


def request_changed(help_request: HelpRequest, *, corrected_by: User | None = None,
                    acted_by: User | None = None, request: HttpRequest | None = None) -> None:
    """`corrected_by`: the user who corrected what was registered (a correction may undo what the
    registration started); None for the events of the work itself. `acted_by`: whose work it was
    (registering, finishing the conversation), for the access log of what follows from it; None
    for the public web form and for rows written in bulk."""
    for subscriber in _request_changed:
        subscriber(help_request, corrected_by=corrected_by, acted_by=acted_by, request=request)
