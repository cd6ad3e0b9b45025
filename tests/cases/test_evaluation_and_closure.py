"""Evaluating the plan, closing it with an outcome, the follow-up schedule, and reopening."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseType, EvaluationScore, FollowUp, GoalEvaluation, add_months
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day,months,expected", [
    (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
    (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
    (datetime.date(2026, 11, 25), 3, datetime.date(2027, 2, 25)),
    (datetime.date(2026, 11, 25), 18, datetime.date(2028, 5, 25)),
])
def test_months_are_added_to_the_same_day_or_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_the_follow_up_schedule_of_a_family_after_a_safety_investigation_is_3_12_and_18_months(case_type):
    schedule = services.follow_up_schedule(case_type=case_type, closed_on=datetime.date(2026, 11, 25))
    assert schedule == [(3, datetime.date(2027, 2, 25)), (12, datetime.date(2027, 11, 25)),
                        (18, datetime.date(2028, 5, 25))]


def test_a_long_running_provision_gets_a_single_review_date(db):
    pgb = CaseType.objects.get(code="long-provision")
    assert services.follow_up_schedule(case_type=pgb, closed_on=datetime.date(2026, 3, 31)) == [
        (12, datetime.date(2027, 3, 31))]


def test_the_regisseur_evaluates_each_goal_and_rescores_and_the_next_evaluation_moves(case, worker):
    goals = list(case.goals.select_related("domain"))
    client = login(worker)
    form = client.get(reverse("cases:evaluate", args=[case.pk]))
    assert form.status_code == 200
    data = {"version": case.version, "held_on": "2026-11-20", "note": "Post is op orde."}
    for goal in goals:
        data[f"goal_{goal.pk}"] = "partly"
        data[f"score_{goal.domain_id}"] = "3"
    response = client.post(reverse("cases:evaluate", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.next_evaluation_on == datetime.date(2027, 2, 20)
    assert GoalEvaluation.objects.filter(result="partly").count() == len(goals)
    assert set(EvaluationScore.objects.values_list("score", flat=True)) == {3}
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<svg" in page  # start score 2 -> 3 charted, with a data table beside it
    assert "<table class=\"utrecht-table app-chart-table\">" in page


def test_an_incomplete_evaluation_gives_dutch_errors_and_keeps_the_answers(case, worker):
    goal = case.goals.first()
    response = login(worker).post(reverse("cases:evaluate", args=[case.pk]), {
        "version": case.version, "held_on": "2026-11-20", "note": "Bijna klaar", f"goal_{goal.pk}": "reached"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geef een score voor dit leefgebied." in body
    assert "Bijna klaar" in body


def test_closing_records_outcome_and_reason_and_schedules_the_follow_ups(case, worker):
    type(case).objects.filter(pk=case.pk).update(opened_on=datetime.date(2026, 9, 1))  # closed after it opened
    response = login(worker).post(reverse("cases:close", args=[case.pk]), {
        "version": case.version, "outcome": "goals_reached", "reason": "Schulden geregeld, netwerk helpt.",
        "closed_on": "2026-11-25"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.close_reason) == ("closed", "goals_reached",
                                                              "Schulden geregeld, netwerk helpt.")
    assert list(FollowUp.objects.filter(case=case).values_list("months", "due_on")) == [
        (3, datetime.date(2027, 2, 25)), (12, datetime.date(2027, 11, 25)), (18, datetime.date(2028, 5, 25))]


def test_closing_without_a_reason_gives_a_dutch_error(case, worker):
    response = login(worker).post(reverse("cases:close", args=[case.pk]), {
        "version": case.version, "outcome": "goals_reached", "reason": "", "closed_on": "2026-11-25"})
    assert "Geef de reden van afsluiten." in response.content.decode()
    case.refresh_from_db()
    assert case.is_open


def _close(case, worker, on=None):
    return services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                               outcome="goals_reached", reason="Klaar", closed_on=on or timezone.localdate())


def test_a_follow_up_that_needs_support_reopens_the_case(case, worker):
    _close(case, worker)
    first = FollowUp.objects.filter(case=case).order_by("due_on").first()
    response = login(worker).post(reverse("cases:follow_up", args=[first.pk]),
                                  {"result": "needs_support", "note": "Nieuwe achterstand."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_open and case.outcome == "" and case.next_evaluation_on == timezone.localdate()
    first.refresh_from_db()
    assert first.status == "done"
    assert set(FollowUp.objects.filter(case=case).values_list("status", flat=True)) == {"done", "cancelled"}
    assert FollowUp.objects.filter(case=case, status="cancelled").count() == 2


def test_closing_again_after_reopening_schedules_a_new_round(case, worker):
    _close(case, worker)
    follow_up = FollowUp.objects.filter(case=case).first()
    services.follow_up_record(user=worker, request=None, follow_up=follow_up, result="needs_support", note="",
                              today=timezone.localdate())
    _close(Case.objects.get(pk=case.pk), worker)
    assert FollowUp.objects.filter(case=case, closure=2).count() == 3


def test_a_follow_up_that_goes_well_keeps_the_case_closed(case, worker):
    _close(case, worker)
    follow_up = FollowUp.objects.filter(case=case).first()
    services.follow_up_record(user=worker, request=None, follow_up=follow_up, result="going_well", note="Prima",
                              today=timezone.localdate())
    case.refresh_from_db()
    assert not case.is_open
    with pytest.raises(services.InvalidTransition):
        services.follow_up_record(user=worker, request=None, follow_up=follow_up, result="going_well", note="",
                                  today=timezone.localdate())


def test_an_evaluation_appears_on_the_household_timeline(case, worker, household):
    services.evaluation_record(user=worker, request=None, case=case, expected_version=case.version,
                               held_on=timezone.localdate(), goal_results={}, scores={}, note="")
    body = login(worker).get(reverse("intake:household", args=[household.pk])).content.decode()
    assert "Plan geëvalueerd" in body


def test_closing_and_a_follow_up_contact_appear_on_the_household_timeline(case, worker, household):
    _close(case, worker)
    follow_up = FollowUp.objects.filter(case=case).first()
    services.follow_up_record(user=worker, request=None, follow_up=follow_up, result="going_well", note="",
                              today=timezone.localdate())
    body = login(worker).get(reverse("intake:household", args=[household.pk])).content.decode()
    assert "Plan afgesloten" in body
    assert "Nazorgcontact" in body and "Gaat goed" in body
