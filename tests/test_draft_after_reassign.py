"""A team leader hands a request in conversation to a meitinker of another zone (balancing
caseloads; help_request_reassign: 'the new worker carries on with the draft'). 'My work' listed
drafts by the conversation's worker, which the handover did not move: the new worker did not see
the draft they must finish, the former worker kept it, and the residents named under 'Draft
conversations' were not in that page's access-log entry."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory, ZoneFactory
from audit.models import AccessLogEntry
from intake.models import HelpRequest
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def north_worker(team):
    return UserFactory(username="sytske", first_name="Sytske", last_name="Visser", team=team,
                       zones=[ZoneFactory(name="Noord", code="noord", team=team)])


def reassign(team_leader, conversation, north_worker, worker):
    response = login(team_leader).post(
        reverse("reporting:team_reassign_request", args=[conversation.help_request_id]),
        {"worker": north_worker.pk, "expected_worker": worker.pk})
    assert response.status_code == 302
    assert HelpRequest.objects.get(pk=conversation.help_request_id).assigned_worker == north_worker


def test_the_new_worker_lists_the_draft_they_carry_on_with(team_leader, worker, north_worker, conversation):
    reassign(team_leader, conversation, north_worker, worker)
    assert login(north_worker).get(reverse("intake:conversation", args=[conversation.pk])).status_code == 200
    page = login(north_worker).get(reverse("intake:my_work"))
    assert conversation in page.context["work"].drafts
    assert conversation not in login(worker).get(reverse("intake:my_work")).context["work"].drafts
    conversation.refresh_from_db()
    assert conversation.worker == north_worker


def test_every_resident_named_on_my_work_is_in_the_access_log(team_leader, worker, north_worker, conversation):
    """Also the former worker's page after the handover: nothing named there goes unlogged."""
    reassign(team_leader, conversation, north_worker, worker)
    for user in (worker, north_worker):
        page = login(user).get(reverse("intake:my_work"))
        entry = AccessLogEntry.objects.filter(username=user.username, purpose="my work").latest("pk")
        assert {c.help_request_id for c in page.context["work"].drafts} <= set(entry.detail["shown"])
