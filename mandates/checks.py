"""The mandate check at the moment of deciding (Awb 10:1 and 10:10): may this user take this
decision on behalf of the college, today?"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import DecisionKind, Mandate, ProductCategory


@dataclass(frozen=True)
class MandateCheck:
    inside: bool
    reason: str
    mandate: Mandate | None = None


def _refusal(mandate: Mandate, *, amount: decimal.Decimal, hours: decimal.Decimal | None,
             category: ProductCategory | None, on: datetime.date) -> str:
    """Why `mandate` (and the chain of mandates it derives from) does not cover the decision;
    empty when it does. A sub-mandate never reaches further than its parent."""
    link: Mandate | None = mandate
    while link is not None:
        if not link.valid_on(on):
            return _("The mandate (%(decree)s) is not valid on %(day)s.") % {
                "decree": link.decree_reference, "day": on.strftime("%d-%m-%Y")}
        if link.max_amount is not None and amount > link.max_amount:
            return _("The amount of € %(amount)s is above the mandate limit of € %(limit)s.") % {
                "amount": amount, "limit": link.max_amount}
        if link.max_hours_per_week is not None and hours is not None and hours > link.max_hours_per_week:
            return _("%(hours)s hours per week is above the mandate limit of %(limit)s hours.") % {
                "hours": hours, "limit": link.max_hours_per_week}
        codes = {c.code for c in link.categories.all()}
        if category is not None and codes and category.code not in codes:
            return _("The mandate does not cover the category %(category)s.") % {"category": category}
        link = link.parent
    return ""


def check_mandate(user, *, kind: str, amount: decimal.Decimal, on: datetime.date,
                  category: ProductCategory | None = None,
                  hours: decimal.Decimal | None = None,
                  categories: Iterable[ProductCategory] = ()) -> MandateCheck:
    """Inside or outside the user's mandates, with the reason. Mandates held by the user's role
    count as well as the user's own. A decision with lines in several `categories` is inside only
    when one mandate covers them all: the decision records the one mandate it was taken under."""
    wanted = [*categories] or [category]
    mandates = list(Mandate.objects.held_by(user).filter(kind=kind)
                    .select_related("parent__parent").prefetch_related("categories", "parent__categories")
                    .order_by("-valid_from", "pk"))
    if not mandates:
        return MandateCheck(False, _("You hold no mandate for %(kind)s.") % {
            "kind": DecisionKind(kind).label.lower()})
    reasons = []
    for mandate in mandates:
        reason = next((refusal for wanted_category in wanted
                       if (refusal := _refusal(mandate, amount=amount, hours=hours, category=wanted_category, on=on))),
                      "")
        if not reason:
            return MandateCheck(True, _("Within your mandate (%(decree)s).") % {"decree": mandate.decree_reference},
                                mandate)
        reasons.append(reason)
    return MandateCheck(False, reasons[0])
