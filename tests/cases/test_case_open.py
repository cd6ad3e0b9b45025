"""Opening a plan from a finished kitchen-table conversation: nothing typed twice."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from cases import services
from cases.models import Assignment, Case
from intake.factories import ConversationFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_plan_starts_with_a_goal_for_each_domain_scored_low_in_the_residents_words(case, plan_conversation):
    goals = {g.domain.code: g for g in case.goals.select_related("domain")}
    assert set(goals) == {"financien", "huisvesting"}
    assert goals["financien"].text == "Ik wil de rekeningen weer zelf betalen."
    assert goals["financien"].start_score == 2
    assert case.summary == "Weer rust in huis en de schulden op een rij."
    assert case.household_id == plan_conversation.household_id


def test_the_worker_who_opens_it_becomes_case_director_with_a_first_history_row(case, worker):
    assert case.director == worker
    assert list(Assignment.objects.filter(case=case).values_list("director_id", "end_on")) == [(worker.pk, None)]


def test_the_first_evaluation_falls_after_the_case_types_interval(plan_conversation, worker, case_type):
    import datetime
    case = services.case_open(user=worker, request=None, conversation=plan_conversation, case_type=case_type,
                              today=datetime.date(2026, 11, 30))
    assert case.next_evaluation_on == datetime.date(2027, 2, 28)


def test_opening_twice_returns_the_same_case(case, plan_conversation, worker):
    again = services.case_open(user=worker, request=None, conversation=plan_conversation, today=timezone.localdate())
    assert again.pk == case.pk
    assert Case.objects.count() == 1


def test_a_conversation_that_does_not_need_a_plan_opens_none(help_request, worker):
    conversation = ConversationFactory(help_request=help_request, worker=worker, finished=True)
    with pytest.raises(services.InvalidTransition):
        services.case_open(user=worker, request=None, conversation=conversation, today=timezone.localdate())


def test_the_conversation_page_offers_the_plan_button_and_it_opens_the_plan(plan_conversation, worker, case_type):
    client = login(worker)
    page = client.get(reverse("intake:conversation", args=[plan_conversation.pk]))
    assert reverse("cases:open", args=[plan_conversation.pk]) in page.content.decode()
    response = client.post(reverse("cases:open", args=[plan_conversation.pk]), {"case_type": case_type.pk})
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert AccessLogEntry.objects.filter(object_type="cases.case", object_id=str(case.pk), action="create").exists()
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "Ik wil de rekeningen weer zelf betalen." in detail.content.decode()


def test_opening_a_plan_by_get_is_not_allowed(plan_conversation, worker):
    assert login(worker).get(reverse("cases:open", args=[plan_conversation.pk])).status_code == 405


def test_a_stranger_cannot_open_a_plan_for_a_conversation_they_cannot_see(plan_conversation, stranger, case_type):
    response = login(stranger).post(reverse("cases:open", args=[plan_conversation.pk]), {"case_type": case_type.pk})
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_the_plan_appears_on_the_household_timeline(case, worker, household):
    body = login(worker).get(reverse("intake:household", args=[household.pk])).content.decode()
    assert "Plan geopend" in body
    assert reverse("cases:detail", args=[case.pk]) in body
