"""The plan page (app cases) shows the referrals sent from the plan through this tag, so the
cases views need not know about referrals: partners depends on cases, never the reverse."""

from __future__ import annotations

from django import template
from django.utils import timezone

from partners import selectors

register = template.Library()


@register.inclusion_tag("partners/_plan_referrals.html", takes_context=True)
def plan_referrals(context: template.Context, case, *, may_refer: bool) -> dict:
    """One query whatever the number of referrals. No separate access-log entry: the plan page
    that shows them has logged the view of the plan, for the same resident."""
    user = context["user"]
    today = timezone.localdate()
    return {"case": case, "may_refer": may_refer, "today": today,
            "referrals": selectors.plan_referrals(case=case, user=user, today=today)}
