"""A restricted resident (AVG art. 18) who moved out of a household that stays visible: the
household's page, its conversation form and the workers' notices show nothing of them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake import services as intake_services
from intake.factories import MembershipFactory
from privacy.services import restriction_impose
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved_out(history, worker, team_leader, zone):
    """The history's resident moved out last month; a housemate stays in the old household."""
    old_household = history["help_request"].household
    housemate = MembershipFactory(household=old_household).resident
    intake_services.resident_move(
        user=worker, request=None, resident=history["resident"], relation="head",
        address=intake_services.Address("Nieuwstraat", "7", "8442XY", "Heerenveen"),
        on=timezone.localdate() - datetime.timedelta(days=30))
    return {**history, "household": old_household, "housemate": housemate}


def household_page(user, household) -> str:
    response = login(user).get(reverse("intake:household", args=[household.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_old_household_shows_the_former_member_until_the_restriction(moved_out, worker):
    # Without a restriction the history is there: the assertions below test the restriction.
    body = household_page(worker, moved_out["household"])
    assert moved_out["resident"].full_name in body and "Vraag EIGEN" in body
    assert reverse("mandates:decision", args=[moved_out["decision"].pk]) in body
    assert reverse("partners:referral", args=[moved_out["referral"].pk]) in body


def test_a_restricted_former_member_is_gone_from_the_old_households_page(moved_out, worker, team_leader):
    restriction_impose(user=team_leader, request=None, resident=moved_out["resident"], reason="Bezwaar.")
    for user in (worker, team_leader):
        body = household_page(user, moved_out["household"])
        assert moved_out["resident"].full_name not in body, user.username
        assert "Vraag EIGEN" not in body and "Afspraken EIGEN" not in body
        assert reverse("intake:request_detail", args=[moved_out["help_request"].pk]) not in body
        assert reverse("mandates:decision", args=[moved_out["decision"].pk]) not in body
        assert reverse("partners:referral", args=[moved_out["referral"].pk]) not in body
        assert moved_out["housemate"].full_name in body


def test_the_conversation_form_does_not_offer_a_restricted_member_and_keeps_their_presence(
        moved_out, worker, team_leader):
    from intake.factories import ConversationFactory, HelpRequestFactory
    from intake.models import ConversationStatus

    household = moved_out["household"]
    request = HelpRequestFactory(household=household, resident=moved_out["housemate"], zone=household.zone,
                                 assigned=True, assigned_worker=worker)
    conversation = ConversationFactory(help_request=request, worker=worker, status=ConversationStatus.DRAFT)
    conversation.present_residents.set([moved_out["resident"], moved_out["housemate"]])
    restriction_impose(user=team_leader, request=None, resident=moved_out["resident"], reason="Bezwaar.")
    page = login(worker).get(reverse("intake:conversation", args=[conversation.pk]))
    body = page.content.decode()
    assert moved_out["housemate"].full_name in body
    assert moved_out["resident"].full_name not in body
    form = page.context["form"]
    form_data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    form_data["present_residents"] = [moved_out["housemate"].pk]
    form_data["own_strength"] = "Buurvrouw helpt mee"
    login(worker).post(reverse("intake:conversation", args=[conversation.pk]), form_data)
    conversation.refresh_from_db()  # the save went through: the edited field is stored
    assert conversation.own_strength == "Buurvrouw helpt mee"
    assert set(conversation.present_residents.all()) == {moved_out["resident"], moved_out["housemate"]}
