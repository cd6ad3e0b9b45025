"""Referrals from a plan: the worker refers the household's resident from the plan page, the
consent may include the plan's goals and actions, the partner reads exactly those parts while
consent holds, and the plan page lists what was sent from it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import PostcodeAreaFactory, UserFactory, ZoneFactory
from audit.models import AccessLogEntry
from cases import services as case_services
from cases.factories import ActionFactory, CaseFactory, GoalFactory
from cases.models import Actor, Evaluation
from intake.factories import ConversationFactory
from intake.models import ConversationOutcome, ConversationStatus, LifeDomain
from partners.factories import ReferralFactory
from partners.models import Referral, ReferralStatus
from partners.services import InvalidTransition, referral_send
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(help_request, worker):
    """The household's open plan, with a goal and an action written in the resident's words."""
    conversation = ConversationFactory(help_request=help_request, worker=worker, status=ConversationStatus.FINISHED,
                                       outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now())
    case = CaseFactory(conversation=conversation)
    GoalFactory(case=case, text="Ik wil mijn rekeningen weer zelf betalen.")
    ActionFactory(case=case, description="Samen de blauwe envelop openen", actor=Actor.RESIDENT)
    return case


def send_form(service, contact=None, **changes):
    data = {"service": service.pk, "partner_contact": contact.pk if contact else "",
            "question": "Graag hulp bij het budgetplan uit het plan.", "urgency": "normal",
            "share_request": "on", "share_goals": "on",
            "consent_until": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "consent_given": "on"}
    data.update(changes)
    return data


def new_url(plan):
    return reverse("partners:plan_referral_new", args=[plan.pk])


def send_url(plan):
    return reverse("partners:plan_referral_send", args=[plan.pk])


def test_a_worker_refers_from_the_plan_and_the_referral_records_the_plan(worker, plan, debt_service, counsellor):
    client = login(worker)
    page = client.get(new_url(plan), {"person": counsellor.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["form"].initial["service"] == debt_service.pk
    assert "De doelen uit het plan" in html and "De acties uit het plan" in html
    assert f'action="{send_url(plan)}"' in html

    response = client.post(send_url(plan), send_form(debt_service, counsellor))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("partners:referral", args=[referral.pk])
    assert referral.case == plan and referral.conversation == plan.conversation
    assert referral.resident_id == plan.conversation.help_request.resident_id
    assert (referral.share_request, referral.share_summary, referral.share_goals, referral.share_actions) == (
        True, False, True, False)
    log = AccessLogEntry.objects.get(action="create", object_type="partners.referral")
    assert log.resident_id == referral.resident_id and log.detail["case"] == plan.pk


def test_a_colleague_of_the_zone_may_refer_from_the_plan_too(colleague, plan, debt_service):
    response = login(colleague).post(send_url(plan), send_form(debt_service))
    assert response.status_code == 302 and Referral.objects.get().sender == colleague


def test_without_consent_nothing_is_sent_from_the_plan_and_the_form_returns(worker, plan, debt_service):
    data = send_form(debt_service, question="Alleen met toestemming.")
    del data["consent_given"]
    response = login(worker).post(send_url(plan), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "Leg de toestemming van de inwoner vast" in html and "Alleen met toestemming." in html


def test_a_stranger_from_another_zone_gets_404_and_nothing_is_sent(stranger, plan, debt_service):
    client = login(stranger)
    assert client.get(new_url(plan)).status_code == 404
    assert client.post(send_url(plan), send_form(debt_service)).status_code == 404
    assert not Referral.objects.exists()


def test_a_council_member_gets_403_and_nothing_is_sent(council_member, plan, debt_service):
    client = login(council_member)
    assert client.get(new_url(plan)).status_code == 403
    assert client.post(send_url(plan), send_form(debt_service)).status_code == 403
    assert not Referral.objects.exists()


def test_a_partner_worker_may_not_refer_from_a_plan(debt_partner, plan, debt_service):
    client = login(debt_partner)
    assert client.get(new_url(plan)).status_code == 403
    assert client.post(send_url(plan), send_form(debt_service)).status_code == 403


def test_a_team_leader_who_reads_the_plan_may_not_refer_from_it(team_leader, plan, debt_service):
    client = login(team_leader)
    assert client.get(reverse("cases:detail", args=[plan.pk])).status_code == 200
    assert client.get(new_url(plan)).status_code == 403
    assert client.post(send_url(plan), send_form(debt_service)).status_code == 403
    assert not Referral.objects.exists()


def test_a_closed_plan_refers_no_more(worker, plan, debt_service):
    plan.status, plan.outcome, plan.closed_on = "closed", "goals_reached", timezone.localdate()
    plan.save()
    assert login(worker).post(send_url(plan), send_form(debt_service)).status_code == 403
    assert not Referral.objects.exists()


def test_get_on_the_send_url_is_405(worker, plan):
    assert login(worker).get(send_url(plan)).status_code == 405


def test_the_refer_form_reading_is_access_logged(worker, plan):
    login(worker).get(new_url(plan))
    assert AccessLogEntry.objects.filter(object_type="cases.case", object_id=str(plan.pk),
                                         purpose="referral: prepare from plan").exists()


def test_plan_parts_are_only_shared_from_a_plan(worker, conversation, debt_service):
    with pytest.raises(InvalidTransition):
        referral_send(user=worker, request=None, conversation=conversation, service=debt_service,
                      partner_contact=None, question="?", urgency="normal", shares={"share_goals": True},
                      consent_until=timezone.localdate(), today=timezone.localdate())


def test_the_conversation_form_offers_no_plan_parts(worker, conversation):
    html = login(worker).get(reverse("partners:referral_new", args=[conversation.pk])).content.decode()
    assert "De doelen uit het plan" not in html


def test_the_directory_keeps_the_plan_context_and_refers_from_the_plan(worker, plan, counsellor):
    html = login(worker).get(reverse("partners:directory"), {"plan": plan.pk}).content.decode()
    assert f'{new_url(plan)}?person={counsellor.pk}' in html
    assert reverse("cases:detail", args=[plan.pk]) in html


def _plan_referral(plan, debt_service, counsellor, **shares):
    return ReferralFactory(conversation=plan.conversation, case=plan, service=debt_service,
                           partner_contact=counsellor, share_request=False, share_summary=False,
                           share_debts=False, **shares)


def test_the_partner_sees_the_goals_and_not_the_actions_when_only_goals_are_consented(
        debt_partner, plan, debt_service, counsellor):
    Evaluation.objects.create(case=plan, held_on=timezone.localdate(), by=plan.director,
                              note="Evaluatie: gaat de goede kant op.")
    referral = _plan_referral(plan, debt_service, counsellor, share_goals=True)
    response = login(debt_partner).get(reverse("partners:referral", args=[referral.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ik wil mijn rekeningen weer zelf betalen." in html
    assert "Samen de blauwe envelop openen" not in html
    assert "Evaluatie: gaat de goede kant op." not in html
    assert "Dochter komt twee keer per week langs." not in html  # the conversation summary was not consented


def test_the_partner_sees_the_actions_and_not_the_goals_when_only_actions_are_consented(
        debt_partner, plan, debt_service, counsellor):
    GoalFactory(case=plan, domain=LifeDomain.objects.get(code="huisvesting"), text="Een huis zonder schimmel.")
    referral = _plan_referral(plan, debt_service, counsellor, share_actions=True)
    html = login(debt_partner).get(reverse("partners:referral", args=[referral.pk])).content.decode()
    assert "Samen de blauwe envelop openen" in html
    assert "Ik wil mijn rekeningen weer zelf betalen." not in html and "Een huis zonder schimmel." not in html


def test_the_partner_sees_nothing_after_the_resident_withdraws_consent(
        worker, debt_partner, plan, debt_service, counsellor):
    referral = _plan_referral(plan, debt_service, counsellor, share_goals=True, share_actions=True)
    partner = login(debt_partner)
    assert partner.get(reverse("partners:referral", args=[referral.pk])).status_code == 200
    login(worker).post(reverse("partners:referral_withdraw_consent", args=[referral.pk]))
    assert partner.get(reverse("partners:referral", args=[referral.pk])).status_code == 404
    assert referral.pk not in [r.pk for r in partner.get(reverse("partners:referrals")).context["referrals"]]


def test_another_partner_organisation_never_sees_the_plan_parts(welfare_partner, plan, debt_service, counsellor):
    referral = _plan_referral(plan, debt_service, counsellor, share_goals=True, share_actions=True)
    assert login(welfare_partner).get(reverse("partners:referral", args=[referral.pk])).status_code == 404


def test_the_plan_page_lists_the_referrals_from_the_plan_with_their_status(
        worker, plan, debt_service, counsellor):
    accepted = _plan_referral(plan, debt_service, counsellor, status=ReferralStatus.ACCEPTED)
    # Sent from the plan's conversation before there was a plan: not a referral from the plan.
    ReferralFactory(conversation=plan.conversation, service__name="Alleen uit het gesprek")
    response = login(worker).get(reverse("cases:detail", args=[plan.pk]))
    html = response.content.decode()
    assert "Verwijzingen naar partners" in html
    assert reverse("partners:referral", args=[accepted.pk]) in html and "Geaccepteerd" in html
    assert "Alleen uit het gesprek" not in html
    assert f'{reverse("partners:directory")}?plan={plan.pk}' in html


def test_the_plan_page_offers_no_refer_link_to_who_may_only_read(team_leader, plan):
    html = login(team_leader).get(reverse("cases:detail", args=[plan.pk])).content.decode()
    assert "Verwijzingen naar partners" in html
    assert f'{reverse("partners:directory")}?plan={plan.pk}' not in html


def test_the_plan_page_referral_list_costs_the_same_with_1_and_20_referrals(
        worker, plan, debt_service, counsellor, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(worker)
    url = reverse("cases:detail", args=[plan.pk])
    _plan_referral(plan, debt_service, counsellor)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for status in [ReferralStatus.SENT, ReferralStatus.ACCEPTED] * 10:
        _plan_referral(plan, debt_service, counsellor, status=status)
    ReferralFactory.create_batch(5, conversation=plan.conversation, case=plan)  # other services, organisations
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    links = re.findall(re.escape(reverse("partners:referrals")) + r'\d+/"', response.content.decode())
    assert len(links) == 26


@pytest.fixture
def north_worker(team):
    """A meitinker of the same team who works in another zone of that team: a team leader may
    hand them the plan, and they then direct it without seeing the household's zone."""
    north = ZoneFactory(name="Noord", code="noord", team=team)
    PostcodeAreaFactory(prefix="8442", zone=north)
    return UserFactory(username="sietske", first_name="Sietske", last_name="Visser", team=team, zones=[north])


def _hand_over(plan, team_leader, director):
    plan.refresh_from_db()
    case_services.case_reassign(user=team_leader, request=None, case=plan, expected_version=plan.version,
                                director=director, today=timezone.localdate(), reason="Verlof")


def test_a_director_from_another_zone_of_the_team_opens_and_lists_the_referral_they_sent_from_their_plan(
        plan, team_leader, north_worker, debt_service, counsellor):
    """Case.visible_to lets the director work on the plan: the referral they send from it must
    not answer 404, nor be missing from the plan page and from their referral list."""
    _hand_over(plan, team_leader, north_worker)
    client = login(north_worker)
    sent = client.post(send_url(plan), send_form(debt_service, counsellor))
    referral = Referral.objects.get()
    assert sent["Location"] == reverse("partners:referral", args=[referral.pk])
    assert client.get(sent["Location"]).status_code == 200
    assert reverse("partners:referral", args=[referral.pk]) in client.get(
        reverse("cases:detail", args=[plan.pk])).content.decode()
    assert [r.pk for r in client.get(reverse("partners:referrals")).context["referrals"]] == [referral.pk]


def test_a_new_director_from_another_zone_sees_the_predecessors_referrals_and_records_a_withdrawal(
        plan, worker, team_leader, north_worker, debt_service, counsellor):
    """The plan's referrals go with the plan: the new director answers the resident who withdraws
    consent, also for a referral the previous director sent."""
    login(worker).post(send_url(plan), send_form(debt_service, counsellor))
    referral = Referral.objects.get()
    client = login(north_worker)
    # Before the handover the worker of another zone sees nothing of it (the same setup refused).
    assert client.get(reverse("partners:referral", args=[referral.pk])).status_code == 404
    _hand_over(plan, team_leader, north_worker)
    assert reverse("partners:referral", args=[referral.pk]) in client.get(
        reverse("cases:detail", args=[plan.pk])).content.decode()
    assert client.post(reverse("partners:referral_withdraw_consent", args=[referral.pk])).status_code == 302
    referral.refresh_from_db()
    assert referral.consent_withdrawn_at is not None


def test_a_director_who_hands_the_plan_on_no_longer_sees_its_referrals_from_another_zone(
        plan, worker, team_leader, north_worker, debt_service, counsellor):
    """Having sent a referral is no access rule of its own: it follows the plan, as the plan does."""
    _hand_over(plan, team_leader, north_worker)
    login(north_worker).post(send_url(plan), send_form(debt_service, counsellor))
    referral = Referral.objects.get()
    _hand_over(plan, team_leader, worker)
    assert login(north_worker).get(reverse("partners:referral", args=[referral.pk])).status_code == 404
    assert login(worker).get(reverse("partners:referral", args=[referral.pk])).status_code == 200
