"""Plan pages run a fixed number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.factories import ActionFactory, CaseFactory, FollowUpFactory, GoalFactory
from cases.models import Case, Notification, Task
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome, ConversationStatus
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _conversation(*, worker, household):
    # Residents without a BSN: the ~900 test-range BSNs are shared by the whole test session.
    help_request = HelpRequestFactory(household=household, resident=household.memberships.first().resident,
                                      zone=household.zone, assigned=True, assigned_worker=worker)
    return ConversationFactory(help_request=help_request, worker=worker, status=ConversationStatus.FINISHED,
                               outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now())


def make_cases(n, *, worker, zone):
    today = timezone.localdate()
    for i in range(n):
        household = MembershipFactory(household__zone=zone, resident__bsn=None).household
        case = CaseFactory(conversation=_conversation(worker=worker, household=household),
                           next_evaluation_on=today + datetime.timedelta(days=i % 20 - 5))
        task = Task.objects.create(key=f"evaluation:{case.pk}:x", kind="evaluation", user=worker, case=case,
                                   due_on=today, created_on=today)
        Notification.objects.create(task=task, user=worker, created_at=timezone.now())
        closed = CaseFactory(conversation=_conversation(worker=worker, household=household), closed=True)
        FollowUpFactory(case=closed, due_on=today + datetime.timedelta(days=i % 10))


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["cases:my_work", "cases:notifications"])
def test_the_worker_lists_cost_the_same_with_10_and_200_plans(worker, zone, name, django_assert_max_num_queries):
    client = login(worker)
    make_cases(10, worker=worker, zone=zone)
    small = count(client, reverse(name))
    make_cases(190, worker=worker, zone=zone)
    with django_assert_max_num_queries(small):
        response = client.get(reverse(name))
    if name == "cases:my_work":
        assert len(response.context["work"].open_cases) == 200
        assert len(response.context["work"].tasks) == 200
    else:
        assert len(response.context["notifications"]) == 200


def _evaluate(case, worker, goals, days_ago):
    case = Case.objects.get(pk=case.pk)
    services.evaluation_record(user=worker, request=None, case=case, expected_version=case.version,
                               held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
                               goal_results={g.pk: "partly" for g in goals},
                               scores={g.domain_id: 3 for g in goals}, note="")


def test_the_plan_page_costs_the_same_with_few_and_many_goals_actions_and_evaluations(
        case, worker, organisation, django_assert_max_num_queries):
    client = login(worker)
    url = reverse("cases:detail", args=[case.pk])
    ActionFactory(case=case, actor="partner", organisation=organisation)
    _evaluate(case, worker, list(case.goals.all()), 10)
    small = count(client, url)
    goals = GoalFactory.create_batch(20, case=case)
    ActionFactory.create_batch(30, case=case, actor="partner", organisation=organisation)
    for day in range(5):
        _evaluate(case, worker, goals, day)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert len(response.context["page"].evaluations) == 6
    assert len(response.context["page"].actions) == 31


def test_the_team_plans_cost_the_same_with_10_and_200_plans(worker, zone, team_leader, django_assert_max_num_queries):
    client = login(team_leader)
    make_cases(10, worker=worker, zone=zone)
    small = count(client, reverse("cases:team"))
    make_cases(190, worker=worker, zone=zone)
    with django_assert_max_num_queries(small):
        response = client.get(reverse("cases:team"))
    assert len(response.context["cases"]) == 200


def test_the_partners_shared_list_costs_the_same_with_10_and_200_plans(worker, zone, debt_partner, organisation,
                                                                        django_assert_max_num_queries):
    from cases.factories import ConsentFactory

    def share_all():
        for case in Case.objects.filter(status="open").exclude(consents__organisation=organisation):
            ConsentFactory(case=case, organisation=organisation, recorded_by=worker)
            ActionFactory(case=case, actor="partner", organisation=organisation)

    client = login(debt_partner)
    make_cases(10, worker=worker, zone=zone)
    share_all()
    small = count(client, reverse("cases:shared"))
    make_cases(190, worker=worker, zone=zone)
    share_all()
    with django_assert_max_num_queries(small):
        response = client.get(reverse("cases:shared"))
    assert len(response.context["cases"]) == 200
