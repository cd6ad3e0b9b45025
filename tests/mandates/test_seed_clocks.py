"""The demo municipality has legal clocks in every state, and seeding twice records nothing twice."""

import pytest
from django.core.management import call_command

from mandates.models import ClockKind, ClockTask, LegalClock

pytestmark = pytest.mark.django_db


def test_the_demo_has_running_recorded_and_linked_legal_clocks():
    call_command("seed_demo")
    recorded = LegalClock.objects.filter(receipt_confirmed_on__isnull=False).count()
    call_command("seed_demo")
    assert LegalClock.objects.filter(receipt_confirmed_on__isnull=False).count() == recorded > 0
    assert LegalClock.objects.filter(kind=ClockKind.WMO_INVESTIGATION, stopped_on__isnull=True).exists()
    assert LegalClock.objects.filter(kind=ClockKind.WMO_INVESTIGATION, stopped_on__isnull=False).exists()
    assert LegalClock.objects.filter(kind=ClockKind.WMO_DECISION, decision__isnull=False).exists()
    assert LegalClock.objects.filter(kind=ClockKind.DEBT_FIRST_CONVERSATION).exists()
    assert ClockTask.objects.exists()
