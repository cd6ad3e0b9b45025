"""Demo data of the partners app, called by seed_demo after the households exist. Idempotent."""

from __future__ import annotations

import datetime
import random

from faker import Faker

from accounts.models import Zone


def seed(*, rng: random.Random, fake: Faker, today: datetime.date, zones: dict[str, Zone]) -> None:
    """Nothing yet: the partners issue fills this in."""
