"""The demo has last quarter's municipality-wide report published, with two approved example
cases in it, and seeding twice adds nothing twice."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting.models import ExampleCase, Report, ReportStatus
from reporting.services import previous_quarter

pytestmark = pytest.mark.django_db


def test_the_demo_has_last_quarters_report_published_with_two_example_cases():
    call_command("seed_demo")
    call_command("seed_demo")
    year, quarter = previous_quarter(timezone.localdate())
    report = Report.objects.get(zone=None, status=ReportStatus.PUBLISHED)
    assert report.period_label == f"Q{quarter} {year}" and report.version == 1
    assert ExampleCase.objects.filter(status="approved").count() == 2
    assert len(report.examples) == 2 and {"asked", "done", "result"} == set(report.examples[0])
