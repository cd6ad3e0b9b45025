"""Plan edge cases: a double click on "send feedback" records it once (it was recorded twice); a
plan cannot be closed on a day before it was opened (the follow-ups are counted from that day, so
they were due at once)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.factories import ConsentFactory
from cases.models import CaseStatus, FollowUp, PartnerFeedback, SharedPart
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_same_feedback_posted_twice_by_the_partner_is_recorded_once(case, debt_partner, organisation,
                                                                        partner_action):
    ConsentFactory(case=case, organisation=organisation, parts=[SharedPart.ACTIONS])
    client = login(debt_partner)
    url = reverse("cases:feedback", args=[case.pk, partner_action.pk])
    data = {"worked": "partly", "text": "Twee afspraken gemist, daarna ging het goed."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click, or a reload of the POST
    assert PartnerFeedback.objects.filter(action=partner_action).count() == 1


def test_the_same_feedback_recorded_twice_on_the_partners_behalf_is_recorded_once(case, worker, partner_action):
    client = login(worker)
    url = reverse("cases:feedback", args=[case.pk, partner_action.pk])
    data = {"worked": "yes", "text": "Telefonisch: budgetplan loopt."}
    client.post(url, data)
    client.post(url, data)
    assert PartnerFeedback.objects.filter(action=partner_action).count() == 1


def test_a_plan_cannot_be_closed_on_a_day_before_it_was_opened(case, worker):
    case.refresh_from_db()
    before_opening = case.opened_on - datetime.timedelta(days=400)
    response = login(worker).post(reverse("cases:close", args=[case.pk]), {
        "version": case.version, "outcome": "goals_reached", "reason": "Doelen bereikt.",
        "closed_on": before_opening.isoformat()})
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and not FollowUp.objects.filter(case=case).exists()
    assert response.status_code == 200
    assert response.context["close_form"].errors["closed_on"] == [
        f"Het plan is geopend op {case.opened_on:%d-%m-%Y}: het kan niet eerder worden afgesloten."]
    assert "Doelen bereikt." in response.content.decode()


def test_different_feedback_the_same_day_is_recorded_too(case, worker, partner_action):
    client = login(worker)
    url = reverse("cases:feedback", args=[case.pk, partner_action.pk])
    client.post(url, {"worked": "yes", "text": "Budgetplan loopt."})
    client.post(url, {"worked": "partly", "text": "Een betaling gemist."})
    assert PartnerFeedback.objects.filter(action=partner_action).count() == 2


def test_a_tampered_seen_field_on_the_consent_form_is_not_a_server_error(case, worker, organisation):
    """'²' passes str.isdigit() but not int(): the field takes ASCII digits only."""
    from cases.models import Consent

    response = login(worker).post(reverse("cases:consent_add", args=[case.pk]), {
        "organisation": organisation.pk, "parts": ["goals"],
        "valid_until": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(), "seen": "²"})
    assert response.status_code == 302
    assert Consent.objects.filter(case=case, organisation=organisation).exists()
