from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import gettext as _

from ..models import DataDispute

register = template.Library()


@register.simple_tag
def export_rows(record: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """A record of the export as rows for the readable document: nested lists of records become
    sub-tables, lists of values a comma-separated line, yes/no and empty values words."""
    rows = []
    for key, value in record.items():
        row: dict[str, Any] = {"label": labels.get(key, key), "kind": "text", "value": value}
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            row["kind"] = "records"
        elif isinstance(value, dict):
            row["kind"] = "records"
            row["value"] = [value]
        elif isinstance(value, list):
            row["value"] = ", ".join(str(v) for v in value) or "—"
        elif value is True:
            row["value"] = _("yes")
        elif value is False:
            row["value"] = _("no")
        elif value in (None, ""):
            row["value"] = "—"
        rows.append(row)
    return rows


@register.inclusion_tag("privacy/_dispute_banner.html", takes_context=True)
def dispute_banner(context: template.Context, *, resident_id: int | None = None,
                   household_id: int | None = None) -> dict[str, Any]:
    """The "data disputed" banner (AVG art. 16) for the resident a page is about, or for the
    current members of its household: one query."""
    disputes = DataDispute.objects.open().order_by("opened_at")
    if resident_id:
        disputes = disputes.filter(resident_id=resident_id)
    elif household_id:
        disputes = disputes.filter(resident__memberships__household_id=household_id,
                                   resident__memberships__end_date__isnull=True)
    else:
        disputes = disputes.none()
    user = context.get("user")
    return {"disputes": list(disputes), "may_resolve": getattr(user, "handles_residents", False)}
