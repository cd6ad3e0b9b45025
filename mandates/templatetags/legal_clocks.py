"""The legal clocks panel on the request page (intake renders it without importing mandates)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from intake import access as intake_access
from intake.models import HelpRequest

from ..forms import ClockDateForm
from ..models import ClockKind, DecisionSettings, LegalClock
from ..selectors import clocks_of_request

register = template.Library()


def open_steps(clocks: list[LegalClock]) -> list[str]:
    """The events the worker may still record, in the order the law has them."""
    by_kind = {c.kind: c for c in clocks}
    investigation = by_kind.get(ClockKind.WMO_INVESTIGATION)
    debt = by_kind.get(ClockKind.DEBT_FIRST_CONVERSATION)
    steps = []
    if investigation is not None and investigation.receipt_confirmed_on is None:
        steps.append("receipt")
    if investigation is not None and investigation.stopped_on is None:
        steps.append("report")
    if investigation is not None and ClockKind.WMO_DECISION not in by_kind:
        steps.append("application")
    if debt is not None and debt.stopped_on is None:
        steps.append("debt_conversation")
    return steps


def panel_context(user, help_request: HelpRequest, *, invalid: ClockDateForm | None = None,
                  may_record: bool | None = None) -> dict:
    """`may_record`: whether the user may record the clocks' events, when the page has already
    asked intake (the request page has); else asked here."""
    clocks = clocks_of_request(help_request_id=help_request.pk)
    today = timezone.localdate()
    due_soon_days = DecisionSettings.current().due_soon_days
    forms = []
    if may_record is None:
        may_record = intake_access.may_change_request(user, help_request)
    if may_record:
        for step in open_steps(clocks):
            forms.append(invalid if invalid is not None and invalid.step == step
                         else ClockDateForm(step=step, initial={"on": today}))
    return {"help_request": help_request, "rows": [(c, c.state(today, due_soon_days)) for c in clocks],
            "clock_forms": forms}


@register.inclusion_tag("mandates/_request_clocks.html", takes_context=True)
def legal_clocks(context, help_request: HelpRequest) -> dict:
    return panel_context(context["request"].user, help_request, may_record=context.get("may_change"))
