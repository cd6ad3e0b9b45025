"""A resident with an open request moves before the kitchen-table conversation. The conversation
is held at the new home: it used to be attached to the household the request was registered at,
with the old housemates marked present and the resident not. The request waiting for its visit
now follows the resident to the new household and its zone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.factories import MembershipFactory
from intake.models import Conversation, HouseholdMembership
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_conversation_after_a_move_is_held_with_the_residents_current_household(worker, resident, household,
                                                                                    help_request):
    housemate = MembershipFactory(household=household, relation="partner").resident
    response = login(worker).post(reverse("intake:resident_move", args=[resident.pk]), {
        "street": "Kerkstraat", "house_number": "3", "postcode": "8441 CD", "city": "Meerhoven",
        "relation": "head", "on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    new_household = HouseholdMembership.objects.get(resident=resident, end_date__isnull=True).household
    assert new_household != household

    assert login(worker).post(reverse("intake:conversation_start", args=[help_request.pk])).status_code == 302
    conversation = Conversation.objects.get(help_request=help_request)
    present = set(conversation.present_residents.all())
    assert housemate not in present, "the former housemate is marked present at the resident's new home"
    assert resident in present, "the resident the conversation is about is not marked present"
    assert conversation.household == new_household


def test_a_request_waiting_for_its_visit_moves_to_the_zone_of_the_new_home(worker, resident, household,
                                                                           help_request, other_team):
    from accounts.factories import PostcodeAreaFactory, UserFactory, ZoneFactory
    from accounts.models import Role
    from audit.models import AccessLogEntry
    from intake.models import HelpRequest

    elsewhere = ZoneFactory(name="Dorpen", code="dorpen", team=other_team)
    PostcodeAreaFactory(prefix="8450", zone=elsewhere)
    colleague = UserFactory(role=Role.WORKER, team=other_team)
    colleague.zones.add(elsewhere)
    login(worker).post(reverse("intake:resident_move", args=[resident.pk]), {
        "street": "Dorpsweg", "house_number": "8", "postcode": "8450 AB", "city": "Dorp",
        "relation": "head", "on": timezone.localdate().isoformat()})
    help_request.refresh_from_db()
    assert help_request.zone == elsewhere and help_request.household.postcode == "8450AB"
    assert HelpRequest.objects.visible_to(colleague).filter(pk=help_request.pk).exists()
    entry = AccessLogEntry.objects.get(purpose="intake: resident moved household")
    assert entry.detail["requests_followed"] == [help_request.pk]
