"""Role by URL for the privacy pages (GET; the refusals write no access-log entry about the resident)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from privacy.services import dispute_open, restriction_impose
from tests.conftest import login

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "partner_worker", "administrator"]

RIGHTS_EXPECTED = {"worker": 200, "colleague": 403, "stranger": 404, "team_leader": 200, "other_team_leader": 404,
                   "council_member": 403, "partner_worker": 403, "administrator": 403}
EXPORT_EXPECTED = {**RIGHTS_EXPECTED, "worker": 403}
ADMIN_EXPECTED = {persona: 403 for persona in PERSONAS} | {"administrator": 200}


@pytest.fixture
def urls(help_request, resident, team_leader, db):
    from intake.factories import ResidentFactory

    dispute = dispute_open(user=team_leader, request=None, resident=resident, description="x")
    restriction = restriction_impose(user=team_leader, request=None, resident=ResidentFactory(), reason="x")
    return {
        "privacy:export_pdf": (reverse("privacy:export_pdf", args=[resident.pk]), EXPORT_EXPECTED),
        "privacy:dispute_new": (reverse("privacy:dispute_new", args=[resident.pk]), RIGHTS_EXPECTED),
        "privacy:dispute_resolve": (reverse("privacy:dispute_resolve", args=[dispute.pk]), RIGHTS_EXPECTED),
        "privacy:restrict": (reverse("privacy:restrict", args=[resident.pk]), RIGHTS_EXPECTED),
        "privacy:restrictions": (reverse("privacy:restrictions"), ADMIN_EXPECTED),
        "privacy:restriction": (reverse("privacy:restriction", args=[restriction.pk]), ADMIN_EXPECTED),
        "privacy:retention": (reverse("privacy:retention"), ADMIN_EXPECTED),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_privacy_page_answers_each_role_as_its_relation_allows(request, urls, persona, resident):
    client = login(request.getfixturevalue(persona))
    for name, (url, expected) in urls.items():
        response = client.get(url)
        assert response.status_code == expected[persona], (name, persona)
        if response.status_code != 200:
            assert resident.full_name not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(urls):
    for url, _expected in urls.values():
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_lifting_is_post_only_and_for_the_administrator(urls, request):
    url = urls["privacy:restriction"][0] + "lift/"
    assert login(request.getfixturevalue("administrator")).get(url).status_code == 405
    for persona in PERSONAS[:-1]:
        assert login(request.getfixturevalue(persona)).post(url).status_code == 403
