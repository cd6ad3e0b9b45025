"""Everything held on a resident, for an access request (AVG art. 15). Each app contributes its
part by registering an exporter in its `privacy_exporters` module (found by the privacy app's
AppConfig.ready()), so intake never imports the apps downstream of it.

An exporter takes the resident and returns one Section: plain, JSON-ready values (strings,
numbers, booleans, None, lists and dicts), with readable labels for the PDF."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

if TYPE_CHECKING:
    from .models import Resident


@dataclass
class Section:
    key: str
    title: str
    records: list[dict[str, Any]]
    # Field key -> readable label, for the PDF; the JSON keeps the keys.
    labels: Mapping[str, str] = field(default_factory=dict)
    # Exporters run in registration order; this orders the sections in the document.
    position: int = 100
    # One record (the personal details): the JSON holds it as an object, not a list.
    single: bool = False


Exporter = Callable[["Resident"], Section]
_exporters: list[Exporter] = []


def register(exporter: Exporter) -> Exporter:
    if exporter not in _exporters:
        _exporters.append(exporter)
    return exporter


def sections(resident: Resident) -> list[Section]:
    return sorted((exporter(resident) for exporter in _exporters), key=lambda s: (s.position, s.key))


def as_json(parts: list[Section]) -> dict[str, Any]:
    return {s.key: (s.records[0] if s.records else None) if s.single else s.records for s in parts}


def plain(value: Any) -> Any:
    """A value as JSON and the PDF show it: dates in ISO form, choices by their stored value,
    users by name."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def record(obj: models.Model, fields: Iterable[str], **extra: Any) -> dict[str, Any]:
    """The named fields of a model instance, plainly, plus computed extras."""
    data = {name: plain(getattr(obj, name)) for name in fields}
    data.update({k: plain(v) for k, v in extra.items()})
    return data


def labels_for(model: type[models.Model], fields: Iterable[str], **extra: str) -> dict[str, str]:
    """Labels from the models' verbose names, so the PDF speaks the same words as the screens."""
    result: dict[str, str] = {}
    for name in fields:
        try:
            result[name] = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a computed value keeps its key until given a label in extra
            result[name] = name
    result.update({k: str(v) for k, v in extra.items()})
    return result
