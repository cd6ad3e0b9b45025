"""NEN 7513 logs what was done: opening the correction or revision form (GET) is a view of the
decision, saving it (POST) an update. Who may open the form is unchanged."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from tests.conftest import login
from tests.mandates.conftest import lines

pytestmark = pytest.mark.django_db


def _posted(decision, provision) -> dict:
    return {"version": decision.version, "kind": "wmo", "outcome": "granted", **lines((provision, "2")),
            "delivery": "in_kind", "application_on": timezone.localdate(), "start_on": timezone.localdate(),
            "reasoning": "Twee uur is genoeg.", "legal_ground": "Wmo 2015, artikel 2.3.5"}


@pytest.fixture(params=["correct", "revise"])
def form(request, prepare):
    """(url name, purpose, the decision it opens on)"""
    if request.param == "correct":
        return "mandates:decision_correct", "mandates: correct decision", request.getfixturevalue("sent")
    return "mandates:decision_revise", "mandates: revise prepared decision", prepare()


def _actions(user, decision, purpose) -> list[str]:
    return list(AccessLogEntry.objects.filter(user=user, object_type="mandates.decision",
                                              object_id=str(decision.pk), purpose=purpose)
                .order_by("id").values_list("action", flat=True))


def test_opening_the_form_is_logged_as_a_view_and_saving_it_as_an_update(form, worker, household_help):
    name, purpose, decision = form
    client = login(worker)
    url = reverse(name, args=[decision.pk])
    assert client.get(url).status_code == 200
    assert _actions(worker, decision, purpose) == ["view"]
    assert client.post(url, _posted(decision, household_help)).status_code == 302
    assert _actions(worker, decision, purpose) == ["view", "update"]


@pytest.mark.parametrize("persona,status", [("stranger", 404), ("council_member", 403), ("partner_worker", 403)])
def test_who_may_not_write_still_cannot_open_the_form(request, form, persona, status):
    name, purpose, decision = form
    user = request.getfixturevalue(persona)
    assert login(user).get(reverse(name, args=[decision.pk])).status_code == status
    assert _actions(user, decision, purpose) == []
