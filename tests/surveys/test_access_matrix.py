"""Role by URL for the survey's staff pages (the public pages need no login and show nothing
personal). The wrong user gets 404 for a record it may not see and 403 for a role-level page."""

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import Invitation
from tests.conftest import login

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "partner_worker", "administrator"]
EXPECTED = {
    "surveys:overview": {"worker": 403, "colleague": 403, "stranger": 403, "team_leader": 200,
                         "other_team_leader": 200, "council_member": 403, "partner_worker": 403,
                         "administrator": 403},
    "surveys:letters": {"worker": 200, "colleague": 200, "stranger": 200, "team_leader": 200,
                        "other_team_leader": 200, "council_member": 403, "partner_worker": 403,
                        "administrator": 403},
    "surveys:letter": {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 200,
                       "other_team_leader": 404, "council_member": 403, "partner_worker": 403,
                       "administrator": 403},
}


@pytest.fixture
def urls(send_decision):
    send_decision()
    invitation = Invitation.objects.get()
    return {"surveys:overview": ("get", reverse("surveys:overview")),
            "surveys:letters": ("get", reverse("surveys:letters")),
            "surveys:letter": ("post", reverse("surveys:letter", args=[invitation.pk]))}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_role_gets_what_its_relation_allows(request, urls, persona, name, resident):
    method, url = urls[name]
    response = getattr(login(request.getfixturevalue(persona)), method)(url)
    assert response.status_code == EXPECTED[name][persona]
    if response.status_code != 200 or name == "surveys:overview":
        assert resident.full_name not in response.content.decode()


@pytest.mark.parametrize("name", list(EXPECTED))
def test_anonymous_visitors_are_sent_to_the_login(urls, name):
    method, url = urls[name]
    response = getattr(Client(), method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
