"""Disputed data (AVG art. 16): recorded by the team leader or the handling worker, shown as a
"Gegevens betwist" banner on every page about the resident until resolved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from privacy.models import DataDispute, DisputeOutcome
from privacy.services import dispute_open
from tests.conftest import login

pytestmark = pytest.mark.django_db

BANNER = "Gegevens betwist"


def pages(h) -> list[str]:
    return [reverse("intake:resident", args=[h["resident"].pk]),
            reverse("intake:household", args=[h["help_request"].household_id]),
            reverse("intake:request_detail", args=[h["help_request"].pk]),
            reverse("cases:detail", args=[h["case"].pk])]


def test_an_open_dispute_shows_the_banner_on_resident_household_request_and_plan_pages(history, team_leader):
    client = login(team_leader)
    for url in pages(history):
        assert BANNER not in client.get(url).content.decode(), url
    dispute_open(user=team_leader, request=None, resident=history["resident"], description="Geboortedatum klopt niet",
                 reference="geboortedatum")
    for url in pages(history):
        html = client.get(url).content.decode()
        assert BANNER in html and "Geboortedatum klopt niet" in html, url


def test_the_banner_is_not_shown_for_another_residents_dispute(history, other_history, team_leader):
    dispute_open(user=team_leader, request=None, resident=other_history["resident"], description="Adres fout")
    assert BANNER not in login(team_leader).get(pages(history)[0]).content.decode()


def test_the_handling_worker_records_a_dispute_and_it_is_logged(history, worker):
    resident = history["resident"]
    response = login(worker).post(reverse("privacy:dispute_new", args=[resident.pk]),
                                  {"description": "Telefoonnummer is oud", "reference": "telefoon"})
    assert response.status_code == 302
    dispute = DataDispute.objects.get(resident=resident)
    assert dispute.opened_by == worker and dispute.is_open
    assert AccessLogEntry.objects.filter(purpose="AVG art. 16: data disputed", resident_id=resident.pk).exists()


def test_a_dispute_without_a_description_keeps_the_input_with_a_dutch_error(history, team_leader):
    response = login(team_leader).post(reverse("privacy:dispute_new", args=[history["resident"].pk]),
                                       {"description": "", "reference": "adres"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beschrijf wat de inwoner betwist." in html and 'value="adres"' in html
    assert not DataDispute.objects.exists()


def test_who_may_not_record_a_dispute(history, colleague, stranger, council_member, partner_worker, administrator):
    url = reverse("privacy:dispute_new", args=[history["resident"].pk])
    assert login(colleague).post(url, {"description": "x"}).status_code == 403
    assert login(stranger).post(url, {"description": "x"}).status_code == 404
    for user in (council_member, partner_worker, administrator):
        assert login(user).post(url, {"description": "x"}).status_code == 403
    assert not DataDispute.objects.exists()


def test_resolving_removes_the_banner_records_the_outcome_and_a_second_resolve_changes_nothing(
        history, team_leader, worker):
    dispute = dispute_open(user=team_leader, request=None, resident=history["resident"], description="Naam fout")
    url = reverse("privacy:dispute_resolve", args=[dispute.pk])
    invalid = login(team_leader).post(url, {"outcome": "", "note": "Naam aangepast"})
    assert "Kies of de gegevens zijn gecorrigeerd of juist zijn." in invalid.content.decode()
    assert login(team_leader).post(url, {"outcome": "corrected", "note": "Naam aangepast"}).status_code == 302
    login(worker).post(url, {"outcome": "rejected", "note": "Later"})
    dispute.refresh_from_db()
    assert (dispute.outcome, dispute.outcome_note, dispute.resolved_by) == (DisputeOutcome.CORRECTED,
                                                                             "Naam aangepast", team_leader)
    assert BANNER not in login(team_leader).get(pages(history)[0]).content.decode()


def test_a_stranger_cannot_resolve_a_dispute(history, team_leader, stranger, other_team_leader):
    dispute = dispute_open(user=team_leader, request=None, resident=history["resident"], description="Naam fout")
    url = reverse("privacy:dispute_resolve", args=[dispute.pk])
    assert login(stranger).post(url, {"outcome": "rejected", "note": "x"}).status_code == 404
    assert login(other_team_leader).post(url, {"outcome": "rejected", "note": "x"}).status_code == 404
    dispute.refresh_from_db()
    assert dispute.is_open
