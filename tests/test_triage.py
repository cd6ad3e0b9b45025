import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.factories import HelpRequestFactory
from intake.models import HelpRequest
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_request(membership, zone):
    return HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone)


def test_a_request_can_be_settled_at_intake_recording_how(worker, new_request):
    response = login(worker).post(reverse("intake:request_settle", args=[new_request.pk]), {
        "settled_by": "general_provision", "note": "Aangemeld bij de maaltijdservice."})
    assert response.status_code == 302
    new_request.refresh_from_db()
    assert (new_request.status, new_request.settled_by) == ("settled", "general_provision")
    assert new_request.settled_note == "Aangemeld bij de maaltijdservice."


def test_settling_without_saying_how_keeps_the_note_and_shows_an_error(worker, new_request):
    response = login(worker).post(reverse("intake:request_settle", args=[new_request.pk]), {
        "note": "Aangemeld bij de maaltijdservice."})
    assert response.status_code == 200
    assert response.context["settle_form"].errors["settled_by"]
    assert "Aangemeld bij de maaltijdservice." in response.content.decode()
    new_request.refresh_from_db()
    assert new_request.status == "new"


def test_an_assigned_request_cannot_be_settled_at_intake(worker, help_request):
    login(worker).post(reverse("intake:request_settle", args=[help_request.pk]), {
        "settled_by": "information", "note": "x"})
    help_request.refresh_from_db()
    assert help_request.status == "assigned"


@pytest.mark.parametrize("planned", ["0001-01-01T00:00", "2031-05-04T10:00"])
def test_a_visit_planned_years_away_is_refused_with_a_dutch_message(team_leader, worker, new_request, planned):
    response = login(team_leader).post(reverse("intake:request_assign", args=[new_request.pk]), {
        "worker": worker.pk, "visit_planned_at": planned})
    assert response.status_code == 200
    assert response.context["assign_form"].errors["visit_planned_at"] == ["Plan het bezoek binnen een jaar vanaf vandaag."]
    new_request.refresh_from_db()
    assert new_request.status == "new" and new_request.visit_planned_at is None


def test_assigning_puts_the_visit_on_the_meitinkers_work_list(team_leader, worker, new_request):
    planned = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    response = login(team_leader).post(reverse("intake:request_assign", args=[new_request.pk]), {
        "worker": worker.pk, "visit_planned_at": planned.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    new_request.refresh_from_db()
    assert (new_request.status, new_request.assigned_worker) == ("assigned", worker)
    work = login(worker).get(reverse("intake:my_work")).context["work"]
    assert [r.pk for r in work.visits_today] == [new_request.pk]
    assert [r.pk for r in work.open_requests] == [new_request.pk]


def test_the_assign_form_offers_the_meitinkers_of_the_residents_zone(worker, colleague, stranger, new_request):
    response = login(worker).get(reverse("intake:request_detail", args=[new_request.pk]))
    offered = set(response.context["assign_form"].fields["worker"].queryset)
    assert offered == {worker, colleague}


def test_overdue_home_visits_come_first_and_stand_out(worker, membership, zone):
    today = timezone.localdate()
    on_time = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone)
    late = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                              first_contact_on=today - datetime.timedelta(days=9),
                              visit_due_on=today - datetime.timedelta(days=2))
    response = login(worker).get(reverse("intake:queue"))
    assert [r.pk for r in response.context["requests"]] == [late.pk, on_time.pk]
    assert response.content.decode().count("app-badge--overdue") == 1
    overdue_only = login(worker).get(reverse("intake:queue"), {"overdue": "1"})
    assert [r.pk for r in overdue_only.context["requests"]] == [late.pk]


def test_the_queue_filter_answers_htmx_with_the_results_fragment_only(worker, new_request):
    response = login(worker).get(reverse("intake:queue"), {"status": "new"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html


def test_a_web_request_is_linked_to_a_resident_found_at_intake(worker, resident, zone):
    web = HelpRequestFactory(web=True, zone=zone)
    response = login(worker).post(reverse("intake:request_link", args=[web.pk]), {"resident": resident.pk})
    assert response.status_code == 302
    web.refresh_from_db()
    assert web.resident == resident
    assert web.household == resident.memberships.get().household


def test_a_linked_request_is_not_moved_to_another_resident(worker, colleague, resident, zone):
    from intake.factories import MembershipFactory

    web = HelpRequestFactory(web=True, zone=zone)
    other = MembershipFactory(household__zone=zone).resident
    # A colleague linked it a moment ago; this worker's page still offered the link.
    assert login(colleague).post(reverse("intake:request_link", args=[web.pk]),
                                 {"resident": resident.pk}).status_code == 302
    response = login(worker).post(reverse("intake:request_link", args=[web.pk]), {"resident": other.pk},
                                  follow=True)
    assert "Niet gekoppeld: deze aanvraag is al aan een inwoner gekoppeld" in response.content.decode()
    web.refresh_from_db()
    assert web.resident == resident
    # Linking the same resident again changes nothing and is no error.
    again = login(worker).post(reverse("intake:request_link", args=[web.pk]), {"resident": resident.pk},
                               follow=True)
    assert "Niet gekoppeld" not in again.content.decode()


def test_a_conversation_cannot_start_before_the_web_request_is_linked(worker, zone):
    web = HelpRequestFactory(web=True, zone=zone)
    login(worker).post(reverse("intake:conversation_start", args=[web.pk]))
    assert HelpRequest.objects.get(pk=web.pk).status != "in_conversation"


def test_the_queue_pages_through_many_requests_keeping_the_filters(worker, membership, zone):
    for _ in range(105):
        HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone)
    client = login(worker)
    first = client.get(reverse("intake:queue"), {"status": "new"})
    assert len(first.context["requests"]) == 100
    assert "status=new&amp;page=2" in first.content.decode()
    second = client.get(reverse("intake:queue"), {"status": "new", "page": "2"})
    assert len(second.context["requests"]) == 5


def test_a_visit_is_no_longer_overdue_once_the_conversation_has_started(worker, membership, zone):
    today = timezone.localdate()
    late = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                              assigned=True, assigned_worker=worker, visit_due_on=today - datetime.timedelta(days=3))
    assert late.visit_overdue_on(today)
    login(worker).post(reverse("intake:conversation_start", args=[late.pk]))
    late.refresh_from_db()
    assert late.status == "in_conversation" and not late.visit_overdue_on(today)
    work = login(worker).get(reverse("intake:my_work")).context["work"]
    assert work.overdue_count == 0


def test_a_stale_page_cannot_settle_a_request_a_colleague_just_assigned(worker, colleague, new_request):
    from intake import services

    stale = HelpRequest.objects.get(pk=new_request.pk)
    services.help_request_assign(user=colleague, request=None, help_request=new_request, worker=colleague,
                                 visit_planned_at=None, expected_worker_id=None)
    with pytest.raises(services.InvalidTransition):
        services.help_request_settle(user=worker, request=None, help_request=stale, settled_by="information",
                                     note="x")
    assert HelpRequest.objects.get(pk=new_request.pk).status == "assigned"


def test_the_intaker_of_another_zone_sees_the_request_but_leaves_triage_to_its_zone(
        stranger, other_team_leader, worker, team_leader, new_request):
    """Jikke (Dorpen Zuid) registered a request for a Centrum resident: she keeps sight of it,
    but settling, assigning, correcting, the clocks and the conversation are Centrum's."""
    from mandates.services import ClockStep, legal_clocks_start

    new_request.created_by = stranger
    new_request.save(update_fields=["created_by"])
    legal_clocks_start(help_request=new_request)  # the Wmo investigation clock, with its steps
    clock_urls = [reverse("mandates:clock_record", args=[new_request.pk, step]) for step in ClockStep.ALL]
    url = reverse("intake:request_detail", args=[new_request.pk])
    page = login(stranger).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for action in ("intake:request_settle", "intake:request_assign", "intake:request_correct",
                   "intake:conversation_start"):
        assert reverse(action, args=[new_request.pk]) not in body, action
    assert not any(clock_url in body for clock_url in clock_urls)
    for action, data in (("intake:request_settle", {"settled_by": "information", "note": "Gebeld."}),
                         ("intake:request_assign", {"worker": stranger.pk})):
        assert login(stranger).post(reverse(action, args=[new_request.pk]), data).status_code == 403
    assert login(stranger).post(reverse("intake:conversation_start", args=[new_request.pk])).status_code == 403
    new_request.refresh_from_db()
    assert (new_request.status, new_request.assigned_worker_id) == ("new", None)
    # The zone's own worker and team leader may: the forms are on their page.
    for user in (worker, team_leader):
        body = login(user).get(url).content.decode()
        assert reverse("intake:request_settle", args=[new_request.pk]) in body
        assert any(clock_url in body for clock_url in clock_urls)
    assert login(worker).post(reverse("intake:request_settle", args=[new_request.pk]), {
        "settled_by": "information", "note": "Gebeld."}).status_code == 302


def test_a_team_leader_may_triage_work_of_the_teams_worker_in_another_zone(worker, team_leader, other_zone,
                                                                           other_team_leader, membership):
    request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=other_zone,
                                 assigned=True, assigned_worker=worker)
    url = reverse("intake:request_assign", args=[request.pk])
    # The leader of the worker's team, and the leader of the zone's team.
    data = {"worker": worker.pk, "expected_worker": worker.pk}
    assert login(team_leader).post(url, data).status_code == 302
    assert login(other_team_leader).post(url, data).status_code == 302


def test_two_people_assigning_at_once_do_not_overwrite_each_other(worker, colleague, team_leader, new_request):
    url = reverse("intake:request_assign", args=[new_request.pk])
    # Both loaded the page while nobody was assigned; the team leader saves first.
    assert login(team_leader).post(url, {"worker": colleague.pk, "expected_worker": ""}).status_code == 302
    response = login(worker).post(url, {"worker": worker.pk, "expected_worker": "",
                                        "visit_planned_at": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Niet toegewezen: intussen heeft iemand deze aanvraag toegewezen aan Bauke Hoekstra." in body
    form = response.context["assign_form"]
    assert form["worker"].value() == str(worker.pk)  # what was chosen is kept
    assert str(form["expected_worker"].value()) == str(colleague.pk)
    new_request.refresh_from_db()
    assert new_request.assigned_worker == colleague
    # Assigning again, deliberately, from what is now stored.
    assert login(worker).post(url, {"worker": worker.pk, "expected_worker": colleague.pk}).status_code == 302
    new_request.refresh_from_db()
    assert new_request.assigned_worker == worker


def test_a_request_without_a_zone_is_handled_by_its_intaker(stranger, worker, membership):
    """A postcode no zone covers: the request has no zone, and the intaker who registered it is
    the one who can act on it (nobody else sees it)."""
    request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=None,
                                 created_by=stranger)
    url = reverse("intake:request_settle", args=[request.pk])
    assert login(stranger).post(url, {"settled_by": "information", "note": "Gebeld."}).status_code == 302
    assert HelpRequest.objects.get(pk=request.pk).status == "settled"


def test_registering_a_resident_for_a_request_a_colleague_linked_meanwhile_writes_no_duplicate(
        worker, colleague, resident, zone):
    from intake.models import Resident

    web = HelpRequestFactory(web=True, zone=zone)
    assert login(colleague).post(reverse("intake:request_link", args=[web.pk]),
                                 {"resident": resident.pk}).status_code == 302
    residents = Resident.objects.count()
    response = login(worker).post(reverse("intake:register") + f"?link={web.pk}", {
        "link": web.pk, "first_names": "Sjoukje", "surname": "Dijkstra", "date_of_birth": "1980-04-02",
        "street": "Kerkstraat", "house_number": "3", "postcode": "8441 CD", "city": "Meerhoven",
        "relation": "head", "not_a_duplicate": "on"}, follow=True)
    assert "Niet gekoppeld: deze aanvraag is al aan een inwoner gekoppeld" in response.content.decode()
    assert Resident.objects.count() == residents


def test_the_intaker_of_another_zone_prepares_no_decision_for_it(stranger, worker, new_request):
    from intake.factories import ConversationFactory
    from intake.models import ConversationOutcome

    new_request.created_by = stranger
    new_request.save(update_fields=["created_by"])
    conversation = ConversationFactory(help_request=new_request, worker=worker, finished=True,
                                       outcome=ConversationOutcome.NEEDS_DECISION)
    url = reverse("mandates:decision_new", args=[conversation.pk])
    assert login(stranger).get(url).status_code == 403
    assert login(worker).get(url).status_code == 200


def test_a_request_settled_since_the_page_was_loaded_gets_no_conversation(worker, colleague, new_request):
    """The worker's page still offers "start the conversation"; a colleague settled the request
    meanwhile. The settlement stands, and the worker is told why in Dutch."""
    from intake import services
    from intake.models import Conversation, RequestStatus

    services.help_request_settle(user=colleague, request=None, help_request=new_request,
                                 settled_by="information", note="Telefonisch beantwoord.")
    response = login(worker).post(reverse("intake:conversation_start", args=[new_request.pk]), follow=True)
    assert "Deze hulpvraag is bij de intake afgehandeld" in response.content.decode()
    new_request.refresh_from_db()
    assert new_request.status == RequestStatus.SETTLED
    assert not Conversation.objects.filter(help_request=new_request).exists()
    stale_copy = HelpRequest.objects.get(pk=new_request.pk)
    stale_copy.status = RequestStatus.NEW
    with pytest.raises(services.InvalidTransition):
        services.conversation_start(user=worker, request=None, help_request=stale_copy)


def test_a_web_request_shows_what_the_resident_typed_under_dutch_labels(worker, zone):
    web = HelpRequestFactory(web=True, zone=zone)
    body = login(worker).get(reverse("intake:request_detail", args=[web.pk])).content.decode()
    assert "<dt>Naam</dt><dd>J. de Vries</dd>" in body
    assert "<dt>Huisnummer</dt>" in body and "<dt>house_number</dt>" not in body
