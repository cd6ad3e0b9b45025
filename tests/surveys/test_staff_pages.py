"""The team leader's results page and the workers' letters: who may open them, what they show,
what they never show, and what they cost."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from surveys import services
from surveys.models import Invitation, SurveySettings
from tests.conftest import login

from .conftest import add_responses

pytestmark = pytest.mark.django_db


def overview(client, **params):
    return client.get(reverse("surveys:overview"), params)


def last_quarter() -> datetime.date:
    """The first day of the last quarter that has ended: the page's default period."""
    from surveys.selectors import ended_quarters

    return ended_quarters(timezone.localdate())[0][0]


# ---- the results page ------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["worker", "council_member", "partner_worker", "administrator"])
def test_only_team_leaders_open_the_results_page(request, persona, team_leader):
    assert overview(login(team_leader)).status_code == 200
    assert overview(login(request.getfixturevalue(persona))).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(db):
    response = Client().get(reverse("surveys:overview"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_teams_zone_is_not_found(team_leader, other_team_leader, zone, other_zone):
    assert overview(login(team_leader), zone=zone.pk).status_code == 200
    assert overview(login(other_team_leader), zone=zone.pk).status_code == 404
    assert overview(login(team_leader), zone=other_zone.pk).status_code == 404


def test_the_page_is_a_get_only_and_its_reading_is_logged(team_leader):
    assert login(team_leader).post(reverse("surveys:overview")).status_code == 405
    overview(login(team_leader))
    assert AccessLogEntry.objects.filter(user=team_leader, object_type="surveys.response", action="list").exists()


def test_a_share_resting_on_one_respondent_too_few_is_suppressed(team_leader, zone):
    SurveySettings.objects.update_or_create(pk=1, defaults={"min_respondents": 5})
    add_responses(4, zone=zone, on=last_quarter(), scores=[5, 5, 5, 1])
    response = overview(login(team_leader), zone=zone.pk)
    html = response.content.decode()
    assert "75.0%" not in html and "75,0%" not in html
    # Every cell of this period and the previous one (no answers) is suppressed.
    assert html.count("<td data-suppressed>") == 9 * 3
    assert "minder dan 5 respondenten" in html
    [rate] = response.context["rates"]
    assert rate.responses == 4


def test_a_share_resting_on_exactly_the_minimum_is_shown(team_leader, zone):
    SurveySettings.objects.update_or_create(pk=1, defaults={"min_respondents": 5})
    add_responses(5, zone=zone, on=last_quarter(), scores=[5, 5, 5, 1, 2])
    html = overview(login(team_leader), zone=zone.pk).content.decode()
    assert html.count("<td>60,0%</td>") == 9
    # Only the previous period (no answers) is suppressed.
    assert html.count("<td data-suppressed>") == 9


def test_remarks_lose_their_zone_below_the_minimum_and_never_show_names(
        team_leader, team, zone, send_decision, resident):
    from accounts.factories import ZoneFactory

    small_zone = ZoneFactory(name="Kleine Kern", code="kleine-kern", team=team)
    SurveySettings.objects.update_or_create(pk=1, defaults={"min_respondents": 3})
    day = last_quarter()
    add_responses(3, zone=zone, on=day, scores=[4], remark="Snel en vriendelijk geholpen.")
    add_responses(1, zone=small_zone, on=day, scores=[2], remark="Lang moeten wachten.")
    send_decision()  # the resident is invited and known to the app
    response = overview(login(team_leader))
    remarks = response.context["remarks"]
    assert ("", "Lang moeten wachten.") in remarks
    assert ("Centrum", "Snel en vriendelijk geholpen.") in remarks
    html = response.content.decode()
    assert resident.full_name not in html


def test_remarks_wait_until_the_team_has_enough_respondents(team_leader, zone):
    SurveySettings.objects.update_or_create(pk=1, defaults={"min_respondents": 3})
    add_responses(2, zone=zone, on=last_quarter(), scores=[4], remark="Heel tevreden.")
    response = overview(login(team_leader))
    assert response.context["remarks"] is None
    assert "Heel tevreden." not in response.content.decode()


def test_the_response_rate_compares_answers_with_invitations_of_the_period(team_leader, zone, send_decision):
    SurveySettings.objects.update_or_create(pk=1, defaults={"min_respondents": 1, "no_repeat_days": 0})
    send_decision()
    send_decision()
    Invitation.objects.update(created_at=timezone.make_aware(datetime.datetime.combine(last_quarter(),
                                                                                       datetime.time(12))))
    add_responses(1, zone=zone, on=last_quarter(), scores=[4])
    [rate] = overview(login(team_leader)).context["rates"]
    assert (rate.invited, rate.responses, rate.response_rate) == (2, 1, 50.0)


def test_only_whole_ended_quarters_are_shown_so_no_two_periods_differ_by_one_answer(team_leader, zone):
    """A free period would let day 1 and days 1-2 be compared (their difference: the one answer
    of day 2), and the running quarter grows by one answer a day. The page offers ended quarters
    only, and ignores anything else it is asked."""
    SurveySettings.objects.update_or_create(pk=1, defaults={"min_respondents": 5})
    day = last_quarter()
    add_responses(5, zone=zone, on=day, scores=[5])
    add_responses(1, zone=zone, on=day + datetime.timedelta(days=1), scores=[1])
    add_responses(6, zone=zone, on=timezone.localdate(), scores=[1])  # the running quarter
    client = login(team_leader)
    default = overview(client)
    for asked in ({"from": day.isoformat(), "to": day.isoformat()}, {"quarter": timezone.localdate().isoformat()},
                  {"quarter": "nonsense"}):
        response = overview(client, **asked)
        assert (response.context["date_from"], response.context["date_to"]) == (
            default.context["date_from"], default.context["date_to"])
    assert default.context["date_from"] == day and default.context["date_to"] < timezone.localdate()
    assert {s.respondents for s in default.context["statements"]} == {6}
    assert default.context["date_to"] - default.context["date_from"] >= datetime.timedelta(days=89)


def test_one_zone_beside_the_team_only_when_every_zone_has_enough_answers(team_leader, team, zone):
    """Team minus zone would show the small zone's answers."""
    from accounts.factories import ZoneFactory

    SurveySettings.objects.update_or_create(pk=1, defaults={"min_respondents": 3})
    small = ZoneFactory(name="Kleine Kern", code="kleine-kern", team=team)
    add_responses(3, zone=zone, on=last_quarter(), scores=[5])
    add_responses(1, zone=small, on=last_quarter(), scores=[1])
    response = overview(login(team_leader), zone=zone.pk)
    assert response.context["statements"] == [] and "Per zone alleen als elke zone" in response.content.decode()
    add_responses(2, zone=small, on=last_quarter(), scores=[1])
    response = overview(login(team_leader), zone=zone.pk)
    assert {s.respondents for s in response.context["statements"]} == {3}


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert overview(client).status_code == 200
    return len(ctx.captured_queries)


def test_the_results_page_costs_the_same_with_few_and_many_answers(team_leader, zone, team,
                                                                    django_assert_max_num_queries):
    from accounts.factories import ZoneFactory

    client = login(team_leader)
    add_responses(3, zone=zone, on=last_quarter(), scores=[4, 2], remark="Goed")
    small = count_queries(client)
    for i in range(4):
        extra = ZoneFactory(name=f"Wijk {i}", code=f"wijk-{i}", team=team)
        add_responses(15, zone=extra, on=last_quarter(), scores=[5, 3, None], remark=f"Opmerking {i}")
    with django_assert_max_num_queries(small):
        response = overview(client)
    assert len(response.context["rates"]) == 5
    assert len(response.context["remarks"]) == 63


# ---- letters -----------------------------------------------------------------------------------

@pytest.fixture
def invitation(send_decision):
    send_decision()
    return Invitation.objects.get()


def test_the_worker_sees_the_letter_waiting_and_a_stranger_does_not(worker, stranger, invitation, resident):
    mine = login(worker).get(reverse("surveys:letters"))
    assert mine.status_code == 200
    assert resident.full_name in mine.content.decode()
    theirs = login(stranger).get(reverse("surveys:letters"))
    assert theirs.status_code == 200
    assert resident.full_name not in theirs.content.decode()
    assert AccessLogEntry.objects.filter(user=worker, object_type="surveys.invitation", action="list",
                                         detail__shown=[invitation.pk]).exists()


@pytest.mark.parametrize("crafted", ["²", "١٢", "9" * 30])
def test_a_narrowing_id_that_is_no_id_is_ignored_not_a_500(worker, invitation, resident, crafted):
    """'²'.isdigit() is True and int('²') raises: ?case=² answered 500. A value that is no id
    narrows nothing, as one that is absent; a real one still narrows."""
    client = login(worker)
    for key in ("case", "decision"):
        response = client.get(reverse("surveys:letters"), {key: crafted})
        assert response.status_code == 200
        assert resident.full_name in response.content.decode()
    narrowed = client.get(reverse("surveys:letters"), {"decision": invitation.decision_id + 1})
    assert resident.full_name not in narrowed.content.decode()


@pytest.mark.parametrize("persona", ["council_member", "partner_worker", "administrator"])
def test_the_letters_are_staff_work(request, persona, invitation):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("surveys:letters")).status_code == 403
    assert client.post(reverse("surveys:letter", args=[invitation.pk])).status_code == 403


def test_printing_the_letter_shows_a_working_code_and_logs_the_read(worker, invitation, resident, household):
    response = login(worker).post(reverse("surveys:letter", args=[invitation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert resident.full_name in html and household.postcode in html
    code = response.context["code"]
    assert services.invitation_by_code(code) == invitation
    assert response["Cache-Control"] == "no-store"
    assert AccessLogEntry.objects.filter(user=worker, object_type="mandates.decision",
                                         purpose="survey: print invitation letter",
                                         resident_id=resident.pk).exists()
    # Printed: it leaves the list of letters waiting.
    assert resident.full_name not in login(worker).get(reverse("surveys:letters")).content.decode()


def test_printing_a_letter_is_refused_to_those_who_may_not_see_the_decision(stranger, other_team_leader, invitation):
    assert login(stranger).post(reverse("surveys:letter", args=[invitation.pk])).status_code == 404
    assert login(other_team_leader).post(reverse("surveys:letter", args=[invitation.pk])).status_code == 404
    assert login(stranger).post(reverse("surveys:letter", args=[invitation.pk + 1000])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.letter_printed_at is None


def test_the_team_leader_may_print_a_letter_of_the_team(team_leader, invitation):
    assert login(team_leader).post(reverse("surveys:letter", args=[invitation.pk])).status_code == 200


def test_the_letter_is_not_printed_on_a_get(worker, invitation):
    assert login(worker).get(reverse("surveys:letter", args=[invitation.pk])).status_code == 405


def test_a_used_invitation_gets_no_new_letter(worker, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(used=True)
    assert login(worker).post(reverse("surveys:letter", args=[invitation.pk])).status_code == 403


def test_a_closed_case_letter_goes_through_the_case_chokepoint(worker, stranger, case, close_case):
    close_case(case)
    invitation = Invitation.objects.get()
    assert login(stranger).post(reverse("surveys:letter", args=[invitation.pk])).status_code == 404
    assert login(worker).post(reverse("surveys:letter", args=[invitation.pk])).status_code == 200
    assert AccessLogEntry.objects.filter(user=worker, object_type="cases.case", object_id=str(case.pk),
                                         purpose="survey: print invitation letter").exists()


def test_the_letters_list_costs_the_same_with_one_and_many_letters(worker, zone, invitation,
                                                                    django_assert_max_num_queries):
    from intake.factories import HelpRequestFactory, MembershipFactory

    client = login(worker)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("surveys:letters"))
    small = len(ctx.captured_queries)
    decision = invitation.decision
    for _ in range(10):
        membership = MembershipFactory(household__zone=zone, resident__bsn=None)
        request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone)
        # Same decision data, another resident: enough for the list.
        decision.pk = None
        decision.help_request, decision.resident, decision.household = request, membership.resident, membership.household
        decision.save()
        Invitation.objects.create(resident=membership.resident, zone=zone, source_kind="decision",
                                  decision=decision, decision_kind="wmo", channel="letter",
                                  expires_at=timezone.now() + datetime.timedelta(days=60))
    with django_assert_max_num_queries(small):
        response = client.get(reverse("surveys:letters"))
    assert len(response.context["invitations"]) == 11


def test_the_sent_decision_links_to_its_own_letter(worker, invitation, resident):
    client = login(worker)
    decision_page = client.get(reverse("mandates:decision", args=[invitation.decision_id])).content.decode()
    link = f'{reverse("surveys:letters")}?decision={invitation.decision_id}'
    assert link in decision_page
    narrowed = client.get(link)
    assert narrowed.context["invitations"] == [invitation]
    assert AccessLogEntry.objects.filter(user=worker, object_type="surveys.invitation", purpose="survey: letters to print",
                                         detail__decision=invitation.decision_id).exists()
    # Another decision's letters are not this one's.
    other = client.get(f'{reverse("surveys:letters")}?decision={invitation.decision_id + 1000}')
    assert other.context["invitations"] == []
    assert "Er wacht geen brief voor deze inwoner" in other.content.decode()


def test_the_closed_plan_links_to_its_own_letter_and_a_stranger_gets_none(worker, stranger, case, close_case):
    close_case(case)
    invitation = Invitation.objects.get()
    link = f'{reverse("surveys:letters")}?case={case.pk}'
    assert link in login(worker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert login(worker).get(link).context["invitations"] == [invitation]
    assert login(stranger).get(link).context["invitations"] == []
