"""Deciding or extending an objection is a write on the decision: only for who may act on its
request (mandates/access.py: "Acting on a decision is for those who may act on its request").
The intaker who registered the request for another zone keeps sight of it, and no more."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mandates import services
from mandates.models import ObjectionStatus
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def objection(sent, colleague, stranger):
    # The stranger (other zone) registered this request at the front door: he keeps sight of it.
    sent.help_request.created_by = stranger
    sent.help_request.save(update_fields=["created_by"])
    return services.objection_register(user=colleague, request=None, decision=sent,
                                       received_on=timezone.localdate(), grounds="Te weinig uren.",
                                       advisory_committee=False)


def test_the_registering_intaker_of_another_zone_may_read_but_not_decide_the_objection(objection, stranger):
    client = login(stranger)
    # He may read the decision (visibility through the request he registered) ...
    assert client.get(reverse("mandates:decision", args=[objection.decision_id])).status_code == 200
    # ... but registering an objection is refused to him (write=True) ...
    assert client.post(reverse("mandates:objection_new", args=[objection.decision_id]),
                       {"received_on": timezone.localdate(), "grounds": "x"}).status_code == 403
    # ... and so must deciding one be.
    response = client.post(reverse("mandates:objection_decide", args=[objection.pk]), {"outcome": "unfounded"})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN, f"decided by {objection.decided_by}"
    assert response.status_code == 403


def test_the_registering_intaker_of_another_zone_may_not_extend_the_objection_term(objection, stranger):
    response = login(stranger).post(reverse("mandates:objection_extend", args=[objection.pk]))
    objection.refresh_from_db()
    assert objection.extended_on is None, "term extended by the stranger"
    assert response.status_code == 403
