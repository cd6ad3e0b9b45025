"""Referral lists cost the same number of queries with 10 and with 200 referrals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from partners.factories import ReferralFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def make_referrals(n, *, zone, worker, service):
    for i in range(n):
        # No BSN: the ~900 test-range BSNs are shared by the whole test session.
        membership = MembershipFactory(household__zone=zone, resident__bsn=None)
        help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                          status="in_conversation", assigned_worker=worker)
        conversation = ConversationFactory(help_request=help_request, worker=worker)
        ReferralFactory(conversation=conversation, service=service, overdue=i % 4 == 0)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["worker", "debt_partner"])
def test_the_referral_list_costs_the_same_with_10_and_200_rows(request, viewer, worker, zone, debt_service,
                                                              django_assert_max_num_queries):
    client = login(request.getfixturevalue(viewer))
    url = reverse("partners:referrals")
    make_referrals(10, zone=zone, worker=worker, service=debt_service)
    small = count_queries(client, url)
    make_referrals(190, zone=zone, worker=worker, service=debt_service)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert len(response.context["referrals"]) == 200


def test_the_household_timeline_with_referrals_costs_the_same_with_more_of_them(worker, conversation, household,
                                                                                debt_service,
                                                                                django_assert_max_num_queries):
    client = login(worker)
    url = reverse("intake:household", args=[household.pk])
    ReferralFactory(conversation=conversation, service=debt_service)
    small = count_queries(client, url)
    for _ in range(20):
        ReferralFactory(conversation=conversation, service=debt_service)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert sum(1 for e in response.context["events"] if e.kind == "referral") == 21


def test_the_organisation_page_costs_the_same_with_10_and_200_people(worker, debt_org, zone,
                                                                     django_assert_max_num_queries):
    from partners.factories import FindingPlaceFactory, PersonFactory

    client = login(worker)
    url = reverse("partners:organisation", args=[debt_org.pk])
    FindingPlaceFactory(organisation=debt_org, zone=zone)
    for _ in range(10):
        PersonFactory(organisation=debt_org, zones=[zone])
    small = count_queries(client, url)
    for _ in range(190):
        PersonFactory(organisation=debt_org, zones=[zone])
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert len(response.context["people"]) == 200
