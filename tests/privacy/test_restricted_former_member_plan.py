"""A plan opened from the request of a resident who then moved out and was restricted (AVG art.
18) names them and holds their story: hidden like their request, from workers, team leaders and
partners alike."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from intake import services as intake_services
from intake.factories import MembershipFactory
from privacy.services import restriction_impose
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved_out_and_restricted(history, worker, team_leader):
    old_household = history["help_request"].household
    MembershipFactory(household=old_household)  # a housemate stays
    intake_services.resident_move(
        user=worker, request=None, resident=history["resident"], relation="head",
        address=intake_services.Address("Nieuwstraat", "7", "8442XY", "Heerenveen"),
        on=timezone.localdate() - datetime.timedelta(days=30))
    return history


def _restrict(h, team_leader):
    restriction_impose(user=team_leader, request=None, resident=h["resident"], reason="Bezwaar.")


def _hidden(response, name) -> bool:
    return response.status_code == 404 or name not in response.content.decode()


def test_the_plan_page_does_not_name_a_restricted_former_member(moved_out_and_restricted, worker, team_leader):
    h = moved_out_and_restricted
    url = reverse("cases:detail", args=[h["case"].pk])
    assert h["resident"].full_name in login(worker).get(url).content.decode()  # before: shown
    _restrict(h, team_leader)
    for user in (worker, team_leader):
        assert _hidden(login(user).get(url), h["resident"].full_name), user.username


def test_the_team_dashboard_list_does_not_name_a_restricted_former_member(moved_out_and_restricted, team_leader):
    h = moved_out_and_restricted
    url = reverse("reporting:team_list") + "?figure=cases_open"
    assert h["resident"].full_name in login(team_leader).get(url).content.decode()  # before: shown
    _restrict(h, team_leader)
    assert _hidden(login(team_leader).get(url), h["resident"].full_name)


def test_a_partner_with_consent_does_not_see_a_restricted_former_member(moved_out_and_restricted, team_leader):
    h = moved_out_and_restricted
    consent = h["case"].consents.get()
    partner = UserFactory(username="plan-partner", partner_worker=True, organisation=consent.organisation)
    url = reverse("cases:detail", args=[h["case"].pk])
    assert h["resident"].full_name in login(partner).get(url).content.decode()  # before: shown
    _restrict(h, team_leader)
    assert _hidden(login(partner).get(url), h["resident"].full_name)
