"""Recording a follow-up contact after closure: a refused record keeps the note as typed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.factories import CaseFactory
from cases.models import FollowUp
from intake.factories import HelpRequestFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db

REFUSED = ("Dit nazorgcontact was al vastgelegd of staat niet meer gepland (het plan is heropend), of het "
           "huishouden heeft al een ander open plan.")


@pytest.fixture
def follow_up(case, worker):
    services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                        outcome="goals_reached", reason="Klaar", closed_on=timezone.localdate())
    return FollowUp.objects.filter(case=case).order_by("due_on").first()


def test_a_follow_up_a_colleague_recorded_first_is_refused_and_keeps_the_note(follow_up, worker, colleague):
    services.follow_up_record(user=colleague, request=None, follow_up=follow_up, result="going_well",
                              note="Bauke belde: het gaat goed.", today=timezone.localdate())
    response = login(worker).post(reverse("cases:follow_up", args=[follow_up.pk]),
                                  {"result": "concerns", "note": "Anna: zorgen over de huur."})
    body = response.content.decode()
    assert response.status_code == 200
    assert REFUSED in body
    assert "Anna: zorgen over de huur." in body  # what Anna typed is still on her screen
    assert "Bauke belde: het gaat goed." in body  # and so is what Bauke recorded
    follow_up.refresh_from_db()
    assert (follow_up.result, follow_up.note, follow_up.done_by) == ("going_well", "Bauke belde: het gaat goed.",
                                                                     colleague)


def test_needs_support_while_the_household_has_another_open_plan_is_refused_and_keeps_the_note(
        follow_up, worker, help_request):
    another_request = HelpRequestFactory(household=help_request.household, resident=help_request.resident,
                                         zone=help_request.zone)
    CaseFactory(conversation__help_request=another_request, conversation__worker=worker)
    response = login(worker).post(reverse("cases:follow_up", args=[follow_up.pk]),
                                  {"result": "needs_support", "note": "Nieuwe achterstand bij de energie."})
    body = response.content.decode()
    assert response.status_code == 200
    assert REFUSED in body
    assert "Nieuwe achterstand bij de energie." in body
    follow_up.refresh_from_db()
    assert follow_up.status == "planned" and follow_up.note == ""
    # The form stays for this follow-up (with its button): another result can still be recorded.
    assert reverse("cases:follow_up", args=[follow_up.pk]) in body


def test_a_follow_up_cancelled_by_the_reopening_cannot_be_recorded_on_the_open_plan(case, worker):
    """An earlier contact found the household needs support again and reopened the plan; the rest
    of that closure's follow-ups were cancelled. A stale page cannot record one of them."""
    from cases.models import FollowUpStatus

    services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                        outcome="goals_reached", reason="Klaar", closed_on=timezone.localdate())
    first, later = FollowUp.objects.filter(case=case).order_by("due_on")[:2]
    services.follow_up_record(user=worker, request=None, follow_up=first, result="needs_support",
                              note="Nieuwe achterstand.", today=timezone.localdate())
    later.refresh_from_db()
    case.refresh_from_db()
    assert case.is_open and later.status == FollowUpStatus.CANCELLED
    response = login(worker).post(reverse("cases:follow_up", args=[later.pk]),
                                  {"result": "going_well", "note": "Gaat goed."})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert "Gaat goed." in response.content.decode()  # the note as typed
    later.refresh_from_db()
    assert later.status == FollowUpStatus.CANCELLED
