"""Awb 7:10(3): the decision on an objection may be put off once, by six weeks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from mandates import clocks, services
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def objection(prepare, worker, worker_mandate, colleague):
    decision = prepare()
    sent = services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                                    today=timezone.localdate())
    return services.objection_register(user=colleague, request=None, decision=sent, received_on=timezone.localdate(),
                                       grounds="Drie uur is te weinig.", advisory_committee=False)


def url(objection) -> str:
    return reverse("mandates:objection_extend", args=[objection.pk])


def test_the_extended_term_is_twelve_weeks_after_the_objection_period_hand_worked():
    # The objection period ends Friday 20 November 2026; 6 + 6 weeks later is Friday 12 February 2027.
    cal = clocks.LegalCalendar.of([])
    assert clocks.objection_decision_due(cal, objection_period_end=datetime.date(2026, 11, 20),
                                         extended=True) == datetime.date(2027, 2, 12)


def test_a_worker_extends_the_term_once_by_six_weeks(objection, colleague):
    before = objection.due_on
    response = login(colleague).post(url(objection))
    assert response.status_code == 302
    objection.refresh_from_db()
    expected = clocks.objection_decision_due(clocks.load_calendar(),
                                             objection_period_end=objection.decision.objection_period_ends_on,
                                             extended=True)
    assert objection.due_on == expected and objection.due_on >= before + datetime.timedelta(weeks=6)
    assert objection.extended_on == timezone.localdate()
    assert AccessLogEntry.objects.filter(purpose="mandates: extend objection term", user=colleague).exists()


def test_a_second_extension_is_refused_and_changes_nothing(objection, colleague):
    client = login(colleague)
    client.post(url(objection))
    objection.refresh_from_db()
    once = objection.due_on
    response = client.post(url(objection), follow=True)
    assert "al een keer verlengd" in response.content.decode()
    objection.refresh_from_db()
    assert objection.due_on == once


def test_a_term_that_has_passed_cannot_be_put_off(objection, colleague):
    late = objection.due_on + datetime.timedelta(days=1)
    with pytest.raises(services.DecisionError, match="verstreken"):
        services.objection_extend(user=colleague, request=None, objection=objection, today=late)
    objection.refresh_from_db()
    assert objection.extended_on is None
    # On its last day it still can.
    services.objection_extend(user=colleague, request=None, objection=objection, today=objection.due_on)


def test_a_decided_objection_cannot_be_extended(objection, colleague):
    services.objection_decide(user=colleague, request=None, objection=objection, outcome="unfounded",
                              today=timezone.localdate())
    with pytest.raises(services.DecisionError):
        services.objection_extend(user=colleague, request=None, objection=objection, today=timezone.localdate())


@pytest.mark.parametrize(("persona", "status"), [("stranger", 404), ("other_team_leader", 404),
                                                 ("council_member", 403), ("partner_worker", 403)])
def test_others_cannot_extend(request, objection, persona, status):
    assert login(request.getfixturevalue(persona)).post(url(objection)).status_code == status
    objection.refresh_from_db()
    assert objection.extended_on is None


def test_a_get_on_the_extend_url_is_refused(objection, colleague):
    assert login(colleague).get(url(objection)).status_code == 405


def test_the_decision_page_offers_the_extension_until_it_is_used(objection, colleague):
    client = login(colleague)
    page = reverse("mandates:decision", args=[objection.decision_id])
    assert url(objection) in client.get(page).content.decode()
    client.post(url(objection))
    body = client.get(page).content.decode()
    assert url(objection) not in body and "eenmaal verlengd met zes weken" in body
