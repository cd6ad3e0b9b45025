"""An action carried out by "a named worker": the form offered every active worker of the
municipality, and the daily job gave the named worker a task when it fell due. A worker of another
zone and team then could not open the plan behind their own task (404), while their task list
showed the household's address. Such a worker is now refused next to the field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Action
from tests.conftest import login

pytestmark = pytest.mark.django_db


def add_action(case, by, worker):
    case.refresh_from_db()
    return login(by).post(reverse("cases:action_add", args=[case.pk]), {
        "version": case.version, "description": "Huisbezoek samen met de wijkagent", "actor": "worker",
        "worker": worker.pk, "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "goal": "", "organisation": ""})


def test_a_worker_who_may_not_see_the_plan_is_refused_next_to_the_field(case, worker, stranger):
    response = add_action(case, worker, stranger)
    assert response.status_code == 200
    assert response.context["action_form"].errors["worker"] == [
        "Deze medewerker mag dit plan niet inzien: kies een medewerker van de wijk van het huishouden of van "
        "het team van de regisseur, of maak deze medewerker regisseur."]
    assert "Huisbezoek samen met de wijkagent" in response.content.decode()
    assert not Action.objects.filter(case=case).exists()


def test_a_colleague_of_the_zone_may_be_named(case, worker, zone, team):
    from accounts.factories import UserFactory

    colleague = UserFactory(team=team, zones=[zone])
    assert add_action(case, worker, colleague).status_code == 302
    assert Action.objects.get(case=case).worker == colleague
