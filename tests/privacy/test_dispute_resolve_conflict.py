"""Two people resolving the same dispute: the first outcome stands, the second is told who
resolved it and when, and keeps what they typed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from privacy.models import DisputeOutcome
from privacy.services import AlreadyResolved, dispute_open, dispute_resolve
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispute(history, team_leader):
    return dispute_open(user=team_leader, request=None, resident=history["resident"], description="Naam fout")


def test_the_service_refuses_a_second_resolve_and_says_who_was_first(dispute, team_leader, worker):
    dispute_resolve(user=team_leader, request=None, dispute=dispute, outcome=DisputeOutcome.CORRECTED,
                    note="Naam aangepast")
    with pytest.raises(AlreadyResolved) as refused:
        dispute_resolve(user=worker, request=None, dispute=dispute, outcome=DisputeOutcome.REJECTED, note="Later")
    assert refused.value.current.resolved_by == team_leader
    assert refused.value.current.outcome_note == "Naam aangepast"
    assert not AccessLogEntry.objects.filter(user=worker, purpose="AVG art. 16: dispute resolved").exists()


def test_the_second_person_keeps_their_text_and_is_told_it_was_already_resolved_by_whom_and_when(
        dispute, team_leader, worker):
    url = reverse("privacy:dispute_resolve", args=[dispute.pk])
    worker_client = login(worker)
    assert 'name="note"' in worker_client.get(url).content.decode()  # Anna opens the form ...
    assert login(team_leader).post(url, {"outcome": "corrected", "note": "Naam aangepast"}).status_code == 302
    response = worker_client.post(url, {"outcome": "rejected", "note": "Gegevens kloppen volgens het BRP."})
    body = response.content.decode()
    assert response.status_code == 200
    dispute.refresh_from_db()
    when = timezone.localtime(dispute.resolved_at)
    assert (f"Niet opgeslagen: {team_leader} heeft deze betwisting al op {when:%-d} " in body)
    assert f"{when:%Y %H:%M}" in body
    assert "Gegevens kloppen volgens het BRP." in body  # what Anna typed
    assert "Naam aangepast" in body  # and the outcome that stands
    assert "De betwisting is afgehandeld." not in body  # no success message
    assert (dispute.outcome, dispute.outcome_note, dispute.resolved_by) == (DisputeOutcome.CORRECTED,
                                                                             "Naam aangepast", team_leader)
