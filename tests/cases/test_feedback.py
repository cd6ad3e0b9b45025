"""Feedback on a partner's action, recorded by a worker on the partner's behalf: invalid input
keeps what was typed (the partner's own path is in test_consent_and_partners.py)."""


import pytest
from django.urls import reverse

from cases.models import PartnerFeedback
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_feedback_recorded_for_the_partner_without_an_answer_keeps_the_text_with_a_dutch_error(
        case, worker, partner_action):
    response = login(worker).post(reverse("cases:feedback", args=[case.pk, partner_action.pk]),
                                  {"text": "Volgens de coach liep het goed."})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geef aan of het werkte." in body
    assert "Volgens de coach liep het goed." in body
    assert reverse("cases:feedback", args=[case.pk, partner_action.pk]) in body
    assert not PartnerFeedback.objects.exists()


def test_feedback_recorded_for_the_partner_is_saved(case, worker, partner_action):
    response = login(worker).post(reverse("cases:feedback", args=[case.pk, partner_action.pk]),
                                  {"worked": "yes", "text": "Volgens de coach liep het goed."})
    assert response.status_code == 302
    assert PartnerFeedback.objects.get().text == "Volgens de coach liep het goed."
