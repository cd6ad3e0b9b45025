"""Demo data of the surveys app, called by seed_demo after decisions and plans exist. Idempotent:
it tops the responses up to the target.

The invitations themselves were already made by the services that sent the demo decisions and
closed the demo plans (through mandates.events and cases.events). Here a share of them is
marked answered and anonymous responses are spread over the last two quarters and all zones,
mostly positive, so the results page and the council report have figures and a comparison."""

from __future__ import annotations

import datetime
import random

from faker import Faker

from accounts.models import Zone
from surveys.models import Answer, Invitation, Response, SourceKind, Statement, SurveySettings

TARGET = 60
# Scores drawn per answer: mostly agreeing, some neutral or negative, a few "don't know".
SCORES = [5] * 5 + [4] * 7 + [3] * 3 + [2] * 2 + [1] + [None]
REMARKS = [
    "Fijn dat de meitinker bij ons thuis kwam.",
    "Het duurde lang voordat ik iemand aan de telefoon kreeg.",
    "Eindelijk iemand die naar het hele gezin keek.",
    "De huishoudelijke hulp komt niet altijd op de afgesproken dag.",
    "Ik wist niet dat ik een cliëntondersteuner mocht meenemen.",
    "Goed geholpen met de schulden, dank jullie wel.",
]


def seed(*, rng: random.Random, fake: Faker, today: datetime.date, zones: dict[str, Zone]) -> None:
    SurveySettings.current()
    missing = TARGET - Response.objects.count()
    if missing <= 0:
        return
    statements = list(Statement.objects.filter(active=True))
    # Two quarters back from the start of the current one.
    quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    start = (quarter_start - datetime.timedelta(days=1)).replace(day=1)
    start = start.replace(month=3 * ((start.month - 1) // 3) + 1)
    span = (today - start).days
    unanswered = list(Invitation.objects.filter(used=False).values_list("pk", flat=True))
    rng.shuffle(unanswered)
    Invitation.objects.filter(pk__in=unanswered[: len(unanswered) // 3]).update(used=True)
    zone_list = list(zones.values())
    responses = [
        Response(zone=rng.choice(zone_list), answered_on=start + datetime.timedelta(days=rng.randint(0, span)),
                 source_kind=rng.choice([SourceKind.DECISION, SourceKind.DECISION, SourceKind.CLOSURE]),
                 remark=rng.choice(REMARKS) if rng.random() < 0.3 else "")
        for _ in range(missing)
    ]
    for response in responses:
        if response.source_kind == SourceKind.DECISION:
            response.decision_kind = rng.choice(["wmo", "wmo", "special_assistance", "debt_help"])
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create([Answer(response=response, statement=statement, score=rng.choice(SCORES))
                                for response in responses for statement in statements])
