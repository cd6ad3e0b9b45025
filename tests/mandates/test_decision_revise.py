"""A prepared decision is changed before it is sent: the form opens as it was prepared, saving
prepares it anew (prices, costs and clocks counted again) and discards the old one in the same
transaction; a stale page or a sent decision changes nothing."""

import decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from mandates import services
from mandates.models import ClockKind, Decision, DecisionStatus, LegalClock
from tests.conftest import login
from tests.mandates.conftest import lines

pytestmark = pytest.mark.django_db


def url(decision) -> str:
    return reverse("mandates:decision_revise", args=[decision.pk])


def posted(decision, provision, hours: str, **changes) -> dict:
    today = timezone.localdate()
    return {"version": decision.version, "kind": "wmo", "outcome": "granted", **lines((provision, hours)),
            "delivery": "in_kind", "application_on": today, "start_on": decision.start_on,
            "end_on": decision.end_on, "reasoning": decision.reasoning, "legal_ground": decision.legal_ground,
            **changes}


def test_the_form_opens_as_prepared_and_saving_prepares_it_anew(worker, prepare, household_help):
    old = prepare(hours="3")
    page = login(worker).get(url(old)).content.decode()
    assert f"U wijzigt voorbereid besluit {old.pk}" in page
    assert old.reasoning in page and 'name="lines-0-volume" value="3' in page
    response = login(worker).post(url(old), posted(old, household_help, "5", reasoning="Vijf uur nodig."))
    new = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("mandates:decision", args=[new.pk])
    assert new.pk != old.pk and new.status == DecisionStatus.DRAFT and new.reasoning == "Vijf uur nodig."
    assert new.lines.get().volume == decimal.Decimal("5")
    assert new.total_cost > old.total_cost
    # The request's decision clock now points at the new decision.
    assert LegalClock.objects.get(help_request=old.help_request, kind=ClockKind.WMO_DECISION).decision_id == new.pk
    assert AccessLogEntry.objects.filter(action="delete", object_id=str(old.pk)).exists()
    assert AccessLogEntry.objects.filter(action="create", object_id=str(new.pk),
                                         purpose="mandates: prepare decision").exists()


def test_a_decision_waiting_for_a_colleague_comes_back_as_prepared(worker, prepare, household_help, leader_mandate):
    old = prepare(hours="8")
    login(worker).post(reverse("mandates:decision_submit", args=[old.pk]), {"version": old.version})
    old.refresh_from_db()
    assert old.status == DecisionStatus.AWAITING_APPROVAL
    assert login(worker).post(url(old), posted(old, household_help, "6")).status_code == 302
    assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_bad_input_keeps_what_was_typed_and_the_old_decision(worker, prepare, household_help):
    old = prepare()
    response = login(worker).post(url(old), posted(old, household_help, "drie", reasoning="Mijn nieuwe tekst"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vul een getal in" in page and "Mijn nieuwe tekst" in page
    assert list(Decision.objects.values_list("pk", flat=True)) == [old.pk]


def test_a_stale_page_changes_nothing_and_says_so(worker, prepare, household_help):
    old = prepare()
    Decision.objects.filter(pk=old.pk).update(version=old.version + 1)  # a colleague changed it
    response = login(worker).post(url(old), posted(old, household_help, "5", reasoning="Mijn versie"))
    assert response.status_code == 200
    assert "in de tussentijd" in response.content.decode() and "Mijn versie" in response.content.decode()
    assert list(Decision.objects.values_list("pk", flat=True)) == [old.pk]
    assert not AccessLogEntry.objects.filter(action="delete").exists()
    # The form keeps the version this editor started from: saving again is refused too.
    assert f'name="version" value="{old.version}"' in response.content.decode()


def test_a_sent_decision_is_not_revised_but_corrected(worker, worker_mandate, prepare, household_help):
    sent = services.decision_decide(user=worker, request=None, decision=prepare(), expected_version=1,
                                    today=timezone.localdate())
    assert login(worker).get(url(sent)).status_code == 403
    assert login(worker).post(url(sent), posted(sent, household_help, "5")).status_code == 403
    page = login(worker).get(reverse("mandates:decision", args=[sent.pk])).content.decode()
    assert "Dit voorbereide besluit wijzigen" not in page
    assert Decision.objects.get().status == DecisionStatus.SENT


@pytest.mark.parametrize("persona", ["stranger", "other_team_leader"])
def test_who_may_not_see_the_request_gets_404(request, persona, prepare, household_help):
    old = prepare()
    assert login(request.getfixturevalue(persona)).post(url(old), posted(old, household_help, "5")).status_code == 404
    assert Decision.objects.get().pk == old.pk
