"""Special assistance: the 8-week term (Awb 4:13), extended (4:14) or suspended (4:15) from the
decision page, recounted by the clocks module."""

import datetime
import decimal

import pytest
from django.urls import reverse

from mandates import clocks, services
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_term_is_eight_weeks_past_good_friday_and_easter_monday(assistance):
    assert assistance.due_on == datetime.date(2026, 4, 7)
    assert assistance.total_cost == decimal.Decimal("650.00")


def test_extending_and_suspending_recounts_the_term(assistance, worker):
    response = login(worker).post(reverse("mandates:decision_term", args=[assistance.pk]), {
        "extension_weeks": "2", "suspended_days": "3", "version": assistance.version})
    assert response.status_code == 302
    assistance.refresh_from_db()
    # 6 Feb + 3 days = 9 Feb (Monday) + 10 weeks = Monday 20 April 2026, a working day.
    assert assistance.due_on == datetime.date(2026, 4, 20)
    assert assistance.due_on == clocks.special_assistance_decision_due(
        clocks.load_calendar(), application_on=assistance.application_on, extension_weeks=2, suspended_days=3)


def test_a_wrong_extension_gives_a_dutch_error_and_changes_nothing(assistance, worker):
    response = login(worker).post(reverse("mandates:decision_term", args=[assistance.pk]), {
        "extension_weeks": "veel", "suspended_days": "0", "version": assistance.version})
    assert response.status_code == 200
    assert "Vul een heel aantal weken in." in response.content.decode()
    assistance.refresh_from_db()
    assert assistance.due_on == datetime.date(2026, 4, 7)


def test_only_special_assistance_has_this_term(prepare, worker):
    decision = prepare()
    login(worker).post(reverse("mandates:decision_term", args=[decision.pk]), {
        "extension_weeks": "2", "suspended_days": "0", "version": decision.version})
    decision.refresh_from_db()
    assert decision.extension_weeks == 0


def test_a_stranger_cannot_change_the_term(assistance, stranger):
    response = login(stranger).post(reverse("mandates:decision_term", args=[assistance.pk]), {
        "extension_weeks": "2", "suspended_days": "0", "version": assistance.version})
    assert response.status_code == 404


def test_letters_left_waiting_are_rendered_again(prepare, worker, worker_mandate, settings, tmp_path):
    from django.utils import timezone

    from mandates.models import DecisionLetter, LetterStatus
    from toegang.celery import app

    settings.MEDIA_ROOT = tmp_path
    decision = prepare()
    services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                             today=timezone.localdate())
    assert services.letters_requeue(older_than=datetime.timedelta(minutes=10)) == 0
    DecisionLetter.objects.filter(decision=decision).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    app.conf.task_always_eager = True  # run the re-enqueued task in this process instead of on the broker
    try:
        assert services.letters_requeue(older_than=datetime.timedelta(minutes=10)) == 1
    finally:
        app.conf.task_always_eager = False
    assert DecisionLetter.objects.get(decision=decision).status == LetterStatus.DONE
