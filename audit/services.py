"""The only writer of the access log, and its verifier."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from toegang.http import client_ip

from .models import AccessLogEntry, Action

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: serialises appends so each row chains to the one before it.
_CHAIN_LOCK = 7513
GENESIS = "0" * 64


def _digest(entry: AccessLogEntry) -> str:
    payload = json.dumps(
        [
            entry.prev_hash,
            entry.at.isoformat(),
            entry.user_id,
            entry.username,
            entry.role,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.resident_id,
            entry.purpose,
            entry.detail,
            entry.ip_address,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_ip(request)


@transaction.atomic
def access_log_record(
    *,
    user: Any,
    action: Action | str,
    purpose: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    resident_id: int | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Append one entry. Called by the access chokepoints and services, never by views."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    prev = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    entry = AccessLogEntry(
        at=timezone.now(),
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "anonymous",
        role=getattr(user, "role", ""),
        action=str(action),
        object_type=object_type,
        object_id=str(object_id),
        resident_id=resident_id,
        purpose=str(purpose),
        detail=detail or {},
        ip_address=_client_ip(request),
        prev_hash=prev or GENESIS,
    )
    entry.entry_hash = _digest(entry)
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def access_log_verify() -> ChainReport:
    """Walk the chain in insertion order in bounded memory; report the first broken link."""
    prev = GENESIS
    checked = 0
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        # Round-trip the JSON detail and the timestamp as the database returns them.
        if entry.prev_hash != prev or _digest(entry) != entry.entry_hash:
            logger.error("access log chain broken at entry %s", entry.pk)
            return ChainReport(checked=checked, first_broken_id=entry.pk)
        prev = entry.entry_hash
        checked += 1
    logger.info("access log chain intact over %s entries", checked)
    return ChainReport(checked=checked, first_broken_id=None)
