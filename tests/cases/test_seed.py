"""The demo municipality has plans in every state, and seeding twice adds none twice."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, Evaluation, FollowUp, Notification

pytestmark = pytest.mark.django_db


def test_the_demo_has_plans_in_every_state_and_follow_ups_due_today():
    call_command("seed_demo")
    count = Case.objects.count()
    call_command("seed_demo")
    assert Case.objects.count() == count > 0
    assert Case.objects.filter(status="open", evaluations__isnull=True).exists()
    assert Evaluation.objects.filter(case__status="open").exists()
    assert Case.objects.filter(status="closed").exists()
    assert FollowUp.objects.filter(due_on=timezone.localdate(), status="planned").exists()
    assert Notification.objects.filter(task__kind="follow_up").exists()
