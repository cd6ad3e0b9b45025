"""NEN 7513: a list page logs which records it showed. "My work" showed the households of the
follow-ups due on closed plans but logged only the open plans."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from cases import services
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_my_work_logs_the_closed_plans_whose_follow_ups_it_shows(case, worker, household):
    case.refresh_from_db()
    # Closed about three months ago: the 3-month follow-up contact is due within the 30-day horizon.
    closed_on = timezone.localdate() - datetime.timedelta(days=80)
    services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                        outcome="goals_reached", reason="Doelen bereikt.", closed_on=closed_on)
    page = login(worker).get(reverse("cases:my_work"))
    body = page.content.decode()
    assert household.street in body and reverse("cases:detail", args=[case.pk]) in body  # shown ...
    entry = AccessLogEntry.objects.filter(user=worker, purpose="plan: my work").latest("at")
    assert case.pk in entry.detail["shown"]  # ... and logged
