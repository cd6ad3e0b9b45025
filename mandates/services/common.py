"""What the decision, objection and legal-clock services share: the errors they raise (the
message is shown to the user) and the access-log entry of a change to a decision."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User
from audit.services import access_log_record

from ..checks import MandateCheck
from ..models import Decision


class DecisionError(Exception):
    """The decision cannot take this step; the message says why (shown to the user)."""


class OutsideMandate(DecisionError):
    def __init__(self, check: MandateCheck) -> None:
        super().__init__(check.reason)
        self.check = check


class DecisionConflict(DecisionError):
    """Someone else changed the decision since this user loaded it."""


def _log(user: User, request: HttpRequest | None, action: str, decision: Decision, purpose: str,
         detail: dict | None = None) -> None:
    access_log_record(user=user, action=action, obj=decision, resident_id=decision.resident_id,
                      purpose=purpose, request=request, detail=detail or {})
