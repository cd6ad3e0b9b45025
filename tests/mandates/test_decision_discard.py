"""A prepared decision that will not be sent can be discarded, also from the approval queue; a
sent decision never: it is corrected by a new decision."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from mandates import services
from mandates.models import ClockKind, Decision, DecisionLine, DecisionStatus, LegalClock
from tests.conftest import login

pytestmark = pytest.mark.django_db


def discard(user, decision, version=None):
    return login(user).post(reverse("mandates:decision_discard", args=[decision.pk]),
                            {"version": decision.version if version is None else version})


def test_the_preparer_discards_a_draft_and_returns_to_the_conversation(worker, prepare):
    decision = prepare()
    page = login(worker).get(reverse("mandates:decision", args=[decision.pk])).content.decode()
    assert "Dit voorbereide besluit weggooien" in page
    response = discard(worker, decision)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:conversation", args=[decision.conversation_id])
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert not DecisionLine.objects.filter(decision_id=decision.pk).exists()
    # The request's own terms stay; the decision clock no longer points at the removed draft.
    assert LegalClock.objects.filter(help_request=decision.help_request, kind=ClockKind.WMO_DECISION,
                                     decision__isnull=True).exists()
    entry = AccessLogEntry.objects.get(action="delete", object_id=str(decision.pk))
    assert entry.purpose == "mandates: discard prepared decision"
    assert entry.resident_id == decision.resident_id
    assert entry.detail["kind"] == "wmo" and entry.detail["status"] == "draft"
    assert entry.detail["total_cost"] == str(decision.total_cost) and len(entry.detail["lines"]) == 1


def test_a_decision_waiting_for_a_colleague_can_be_withdrawn_and_leaves_the_queue(worker, team_leader, prepare,
                                                                                 leader_mandate):
    decision = prepare(hours="8")
    login(worker).post(reverse("mandates:decision_submit", args=[decision.pk]), {"version": decision.version})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
    discard(worker, decision)
    queue = login(team_leader).get(reverse("mandates:approvals")).content.decode()
    assert decision.resident.full_name not in queue
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_a_sent_decision_is_not_discarded(worker, worker_mandate, prepare):
    decision = services.decision_decide(user=worker, request=None, decision=prepare(),
                                        expected_version=1, today=timezone.localdate())
    response = discard(worker, decision)
    assert response.status_code == 302
    assert response["Location"] == reverse("mandates:decision", args=[decision.pk])
    assert Decision.objects.filter(pk=decision.pk, status=DecisionStatus.SENT).exists()
    page = login(worker).get(reverse("mandates:decision", args=[decision.pk])).content.decode()
    assert "Dit voorbereide besluit weggooien" not in page
    assert not AccessLogEntry.objects.filter(action="delete").exists()


def test_a_stale_page_discards_nothing(worker, prepare):
    decision = prepare()
    Decision.objects.filter(pk=decision.pk).update(version=decision.version + 1)  # a colleague changed it
    client = login(worker)
    response = client.post(reverse("mandates:decision_discard", args=[decision.pk]), {"version": decision.version},
                           follow=True)
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert response.redirect_chain[-1][0] == reverse("mandates:decision", args=[decision.pk])
    assert "in de tussentijd" in response.content.decode()


@pytest.mark.parametrize("persona", ["stranger", "other_team_leader"])
def test_who_may_not_see_the_request_gets_404_and_nothing_goes(request, persona, prepare):
    decision = prepare()
    assert discard(request.getfixturevalue(persona), decision).status_code == 404
    assert Decision.objects.filter(pk=decision.pk).exists()
