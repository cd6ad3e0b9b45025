"""A web-form request whose postcode no zone covers (a typo, or a street not yet mapped) gets no
zone and no creator: HelpRequest.visible_to then lets nobody see it, so it is lost."""

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from intake.forms import PublicRequestForm
from intake.models import HelpRequest
from tests.conftest import login

pytestmark = pytest.mark.django_db


def submission(postcode: str) -> dict:
    return {"name": "Jan de Vries", "date_of_birth": "1960-05-01", "postcode": postcode, "house_number": "12",
            "phone": "0612345678", "email": "", "question": "Ik kan de huur niet meer betalen.",
            "website": "", "started": signing.dumps(time.time() - 60, salt=PublicRequestForm.SALT)}


def test_a_web_request_with_an_unmapped_postcode_reaches_someones_intake_queue(zone, worker, team_leader):
    assert Client().post(reverse("public:request"), submission("9999 ZZ")).status_code == 302
    request = HelpRequest.objects.get()
    assert request.zone is None
    seen_by = [user.username for user in (worker, team_leader)
               if HelpRequest.objects.visible_to(user).filter(pk=request.pk).exists()]
    queues = [user.username for user in (worker, team_leader)
              if request.pk in [r.pk for r in login(user).get(reverse("intake:queue")).context["requests"]]]
    # Somebody at the front door must be able to pick the resident's question up.
    assert seen_by and queues, "the web request with an unmapped postcode is visible to nobody"


def test_the_team_leader_assigns_it_and_then_only_that_worker_s_team_sees_it(zone, worker, team_leader,
                                                                               other_team):
    from accounts.factories import UserFactory
    from accounts.models import Role

    other_leader = UserFactory(role=Role.TEAM_LEADER, team=other_team)
    Client().post(reverse("public:request"), submission("9999 ZZ"))
    request = HelpRequest.objects.get()
    assert HelpRequest.objects.visible_to(other_leader).filter(pk=request.pk).exists()
    response = login(team_leader).post(reverse("intake:request_assign", args=[request.pk]),
                                       {"worker": worker.pk, "expected_worker": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.assigned_worker == worker
    assert HelpRequest.objects.visible_to(worker).filter(pk=request.pk).exists()
    assert not HelpRequest.objects.visible_to(other_leader).filter(pk=request.pk).exists()
