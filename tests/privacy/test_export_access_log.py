"""The access request's 'who accessed the data' (AVG art. 15, NEN 7513) must list every read of the
resident's data, not only entries whose single resident_id column happens to be theirs."""

import pytest
from django.urls import reverse

from intake.factories import MembershipFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _log_of(team_leader, resident) -> list[dict]:
    data = login(team_leader).get(reverse("intake:resident_export", args=[resident.pk])).json()
    return data["access_log"]


def test_a_read_of_the_residents_household_page_is_in_their_export(team_leader, worker, history):
    household = history["help_request"].household
    MembershipFactory(household=household)  # a household of two
    assert login(worker).get(reverse("intake:household", args=[household.pk])).status_code == 200
    entries = _log_of(team_leader, history["resident"])
    assert any(e["object_type"] == "intake.household" and e["username"] == worker.username for e in entries), \
        [(e["username"], e["object_type"]) for e in entries]


def test_a_search_that_showed_the_resident_is_in_their_export(team_leader, worker, history):
    resident = history["resident"]
    page = login(worker).get(reverse("intake:register"), {"search": "1", "bsn": resident.bsn})
    assert resident.full_name in page.content.decode()
    entries = _log_of(team_leader, resident)
    assert any(e["purpose"] == "intake: duplicate check before registering" and e["username"] == worker.username
               for e in entries)


def test_a_list_that_showed_the_residents_request_is_in_their_export(team_leader, worker, history):
    assert login(worker).get(reverse("intake:my_work")).status_code == 200
    entries = _log_of(team_leader, history["resident"])
    assert any(e["object_type"] == "intake.helprequest" and e["username"] == worker.username
               and e["action"] == "Lijst bekijken" for e in entries), entries


def test_what_was_about_someone_else_stays_out(team_leader, worker, history, other_history):
    other_household = other_history["help_request"].household
    MembershipFactory(household=other_household)
    login(team_leader).get(reverse("intake:household", args=[other_household.pk]))
    entries = _log_of(team_leader, history["resident"])
    assert not any(e["object_type"] == "intake.household" and e["object_id"] == str(other_household.pk)
                   for e in entries)


def test_a_read_of_the_households_plan_is_in_a_housemates_export(team_leader, worker, history):
    # The plan is in the housemate's export (plans are the household's), so its reads are too.
    housemate = MembershipFactory(household=history["help_request"].household).resident
    assert login(worker).get(reverse("cases:detail", args=[history["case"].pk])).status_code == 200
    data = login(team_leader).get(reverse("intake:resident_export", args=[housemate.pk])).json()
    assert data["plans"], "the plan is in the housemate's export"
    assert any(e["object_type"] == "cases.case" and e["username"] == worker.username for e in data["access_log"])
