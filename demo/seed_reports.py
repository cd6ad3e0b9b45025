"""Demo data of the council report, called by seed_demo after the plans exist. Idempotent.

Two approved example cases (written by a plan's director, approved by the team leader of the
household's team, both through the services and the anonymity check), then last quarter's
municipality-wide report, generated synchronously from the demo data and published, so a council
member finds a report on the first visit."""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from faker import Faker

from accounts.models import Role, User, Zone
from cases.models import Case
from reporting import services
from reporting.models import (
    ExampleCase,
    ExampleStatus,
    PeriodKind,
    Report,
    ReportStatus,
    period_bounds,
)

STORIES = [
    {"asked": "Een alleenstaande moeder met twee kinderen kreeg aanmaningen van de energieleverancier en sliep "
              "er slecht van.",
     "done": "De meitinker bracht de schulden in kaart, regelde een betalingsregeling en een maatje van de "
             "schuldhulp. Voor de oudste zoon is huiswerkbegeleiding gevonden.",
     "result": "Na drie maanden geen nieuwe achterstanden; de moeder opent de post weer zelf en zegt dat er rust "
               "in huis is."},
    {"asked": "Een oudere man woonde sinds het overlijden van zijn vrouw alleen en kwam de deur bijna niet meer uit.",
     "done": "Aan de keukentafel bleek dat vervoer het probleem was. Met de vrijwilligerscentrale is vervoer naar "
             "de inloop geregeld, en een buurtgenoot komt wekelijks langs.",
     "result": "Hij gaat twee keer per week naar de inloop en doet mee met de kaartclub; een maatwerkvoorziening "
               "was niet nodig."},
]


def seed(*, rng: random.Random, fake: Faker, today: datetime.date, zones: dict[str, Zone]) -> None:
    year, quarter = services.previous_quarter(today)
    start, end = period_bounds(PeriodKind.QUARTER, year, quarter)
    _seed_examples(date_from=start, date_to=end)
    published = Report.objects.of_period(period_kind=PeriodKind.QUARTER, period_start=start, zone_id=None).filter(
        status=ReportStatus.PUBLISHED)
    administrator = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    if published.exists() or administrator is None:
        return
    report = services.report_request(user=administrator, request=None, period_kind=PeriodKind.QUARTER, year=year,
                                     quarter=quarter, zone=None, enqueue=False)
    report = services.report_generate_run(report_id=report.pk)
    if report is not None and report.status == ReportStatus.DRAFT:
        services.report_publish(user=administrator, request=None, report=report)


def _seed_examples(*, date_from: datetime.date, date_to: datetime.date) -> None:
    missing = len(STORIES) - ExampleCase.objects.filter(status=ExampleStatus.APPROVED).count()
    if missing <= 0:
        return
    # Plans open at some time in the quarter, so the stories belong in its report.
    cases = (Case.objects.filter(opened_on__lte=date_to, example_cases__isnull=True, director__role=Role.WORKER)
             .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))
             .select_related("household__zone", "director").order_by("pk"))
    for case in cases:
        if missing <= 0:
            return
        reviewer = (User.objects.filter(role=Role.TEAM_LEADER, team_id=case.household.zone.team_id).first()
                    if case.household.zone else None)
        if reviewer is None:
            continue
        story = STORIES[len(STORIES) - missing]
        if services.example_problems(ExampleCase(case=case, **story)):
            # A seeded resident happens to share a word with the story: try another plan.
            continue
        example = services.example_create(user=case.director, request=None, case=case, **story)
        example = services.example_submit(user=case.director, request=None, example=example,
                                          expected_version=example.version)
        services.example_review(user=reviewer, request=None, example=example, approve=True)
        missing -= 1
