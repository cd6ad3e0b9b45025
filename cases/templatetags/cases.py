"""The plan button on the conversation page (intake renders it without importing cases)."""

from __future__ import annotations

from django import template

from intake.models import Conversation, ConversationOutcome, ConversationStatus

from ..forms import OpenCaseForm
from ..models import Case

register = template.Library()


@register.inclusion_tag("cases/_open_plan.html", takes_context=True)
def plan_button(context, conversation: Conversation) -> dict:
    user = context["request"].user
    needs_plan = (conversation.status == ConversationStatus.FINISHED
                  and conversation.outcome == ConversationOutcome.NEEDS_PLAN)
    case = Case.objects.filter(conversation=conversation).only("pk").first() if needs_plan else None
    return {"conversation": conversation, "case": case, "needs_plan": needs_plan,
            "may_open": needs_plan and case is None and user.is_worker,
            "form": OpenCaseForm(auto_id="open_plan_%s")}
