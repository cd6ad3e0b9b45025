"""List and dashboard pages run a fixed number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import LifeDomain
from tests.conftest import login

pytestmark = pytest.mark.django_db


def make_requests(n, *, zone, worker, today=None):
    domains = list(LifeDomain.objects.all()[:2])
    today = today or timezone.localdate()
    for i in range(n):
        membership = MembershipFactory(household__zone=zone)
        HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                           assigned=True, assigned_worker=worker, life_domains=domains,
                           first_contact_on=today - datetime.timedelta(days=i % 12),
                           visit_planned_at=timezone.now() if i % 3 == 0 else None)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["intake:queue", "intake:my_work"])
def test_worker_lists_cost_the_same_with_10_and_200_rows(worker, zone, name, django_assert_max_num_queries):
    client = login(worker)
    make_requests(10, zone=zone, worker=worker)
    small = count_queries(client, reverse(name))
    make_requests(190, zone=zone, worker=worker)
    with django_assert_max_num_queries(small):
        response = client.get(reverse(name))
    if name == "intake:queue":
        assert response.context["page"].paginator.count == 200
        assert len(response.context["requests"]) == 100
    else:
        assert len(response.context["work"].open_requests) == 200


def end_of_last_quarter() -> datetime.date:
    """The council page shows the newest ended quarter by default."""
    today = timezone.localdate()
    return today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1) - datetime.timedelta(days=1)


@pytest.mark.parametrize("persona,name,figure,today", [
    ("team_leader", "reporting:team", lambda figures: figures["totals"]["open_requests"], None),
    ("council_member", "reporting:council", lambda figures: figures.totals["total"].value, end_of_last_quarter()),
])
def test_dashboards_cost_the_same_with_10_and_200_rows(request, worker, zone, persona, name, figure, today,
                                                      django_assert_max_num_queries):
    client = login(request.getfixturevalue(persona))
    make_requests(10, zone=zone, worker=worker, today=today)
    small = count_queries(client, reverse(name))
    make_requests(190, zone=zone, worker=worker, today=today)
    with django_assert_max_num_queries(small):
        response = client.get(reverse(name))
    assert figure(response.context["figures"]) == 200


def test_the_household_timeline_costs_the_same_with_many_conversations(worker, membership, zone,
                                                                       django_assert_max_num_queries):
    client = login(worker)
    url = reverse("intake:household", args=[membership.household_id])

    def add(n):
        for _ in range(n):
            request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                         status="completed", assigned_worker=worker)
            ConversationFactory(help_request=request, worker=worker, finished=True, scores={"financien": 3})

    add(2)
    small = count_queries(client, url)
    add(20)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert len(response.context["events"]) == 44


def test_the_access_log_search_costs_the_same_with_many_entries(administrator, worker, resident,
                                                                django_assert_max_num_queries):
    from audit.services import access_log_record

    client = login(administrator)
    for _ in range(5):
        access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose="x")
    small = count_queries(client, reverse("audit:search"))
    for _ in range(120):
        access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose="x")
    with django_assert_max_num_queries(small):
        client.get(reverse("audit:search"))
