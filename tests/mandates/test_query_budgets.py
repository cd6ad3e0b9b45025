"""The approval queue and the clocks list cost the same with 10 and 200 decisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome
from mandates.factories import DecisionFactory
from mandates.models import Objection
from tests.conftest import login

pytestmark = pytest.mark.django_db


def make_decisions(n, *, zone, worker):
    for i in range(n):
        membership = MembershipFactory(household__zone=zone, resident__bsn=None)  # spare the ~900 test BSNs
        help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                          assigned=True, assigned_worker=worker)
        conversation = ConversationFactory(help_request=help_request, worker=worker, finished=True,
                                           outcome=ConversationOutcome.NEEDS_DECISION, scores={})
        decision = DecisionFactory(conversation=conversation, awaiting=True)
        if i % 2:
            Objection.objects.create(decision=decision, received_on=timezone.localdate(), grounds="x",
                                     due_on=timezone.localdate(), registered_by=worker)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["mandates:approvals", "mandates:clocks"])
def test_decision_lists_cost_the_same_with_10_and_200_rows(team_leader, worker, zone, name,
                                                          django_assert_max_num_queries):
    client = login(team_leader)
    make_decisions(10, zone=zone, worker=worker)
    small = count(client, reverse(name))
    make_decisions(190, zone=zone, worker=worker)
    with django_assert_max_num_queries(small):
        response = client.get(reverse(name))
    rows = response.context["decisions"] if name == "mandates:approvals" else response.context["rows"]
    assert len(rows) == 200
