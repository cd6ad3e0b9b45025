"""Feedback on a partner's action, recorded by a worker on the partner's behalf: the plan page
offers it for each partner action, invalid input keeps what was typed (the partner's own path is
in test_consent_and_partners.py)."""


import re

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
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


def test_the_plan_page_offers_to_record_feedback_for_each_partner_action_only(case, worker, partner_action):
    resident_action = case.actions.create(description="Zelf de post openen", actor="resident", due_on=case.opened_on)
    body = login(worker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Terugkoppeling namens een partner vastleggen" in body
    url = reverse("cases:feedback", args=[case.pk, partner_action.pk])
    assert f'href="{url}#feedback-slot" hx-get="{url}" hx-select="#feedback-slot"' in body
    assert reverse("cases:feedback", args=[case.pk, resident_action.pk]) not in body


def test_opening_the_form_shows_it_on_the_plan_page_and_logs_a_view(case, worker, partner_action):
    url = reverse("cases:feedback", args=[case.pk, partner_action.pk])
    response = login(worker).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<form id="feedback-form" method="post" action="{url}"' in body
    slot = body[body.index('id="feedback-slot"'):]
    # The answer is a group of radio buttons; one autofocus per page, on the text field.
    assert body.count("autofocus") == 1
    assert re.search(r'<textarea[^>]*name="text"[^>]*autofocus', slot[:slot.index("</form>")])
    assert f"Terugkoppeling van {partner_action.organisation} over" in body
    assert not PartnerFeedback.objects.exists()
    entry = AccessLogEntry.objects.filter(purpose="plan: partner feedback").get()
    assert entry.action == "view"


def test_no_feedback_form_for_an_action_no_partner_carries_out(case, worker):
    action = case.actions.create(description="Zelf de post openen", actor="resident", due_on=case.opened_on)
    client = login(worker)
    url = reverse("cases:feedback", args=[case.pk, action.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"worked": "yes", "text": "x"}).status_code == 404
    assert not PartnerFeedback.objects.exists()


def test_a_partner_opening_the_form_address_is_sent_to_their_own_view_of_the_plan(case, worker, partner_action,
                                                                                    debt_partner, organisation):
    from tests.cases.test_consent_and_partners import _consent

    _consent(login(worker), case, organisation, ["actions"])
    response = login(debt_partner).get(reverse("cases:feedback", args=[case.pk, partner_action.pk]))
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
