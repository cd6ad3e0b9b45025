"""Editing the plan: goals, actions with who and by when, complexity, reassignment; a second
editor never silently overwrites the first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Action, Assignment, Case, Goal
from intake.models import LifeDomain
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_worker_adds_a_goal_in_the_residents_words(case, worker):
    domain = LifeDomain.objects.get(code="sociaal-netwerk")
    response = login(worker).post(reverse("cases:goal_add", args=[case.pk]),
                                  {"version": case.version, "domain": domain.pk, "text": "Vaker bij mijn zus langs."})
    assert response.status_code == 302
    assert Goal.objects.filter(case=case, domain=domain, text="Vaker bij mijn zus langs.").exists()


def test_an_action_by_a_partner_needs_the_organisation_and_the_error_is_dutch_and_keeps_the_input(case, worker):
    response = login(worker).post(reverse("cases:action_add", args=[case.pk]), {
        "version": case.version, "description": "Budgetcoaching twee keer per maand", "actor": "partner",
        "due_on": "2026-12-15"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kies de partnerorganisatie die dit doet." in body
    assert 'value="Budgetcoaching twee keer per maand"' in body
    assert not Action.objects.exists()


def test_an_action_by_a_partner_is_recorded_with_who_and_by_when(case, worker, organisation):
    response = login(worker).post(reverse("cases:action_add", args=[case.pk]), {
        "version": case.version, "description": "Budgetcoaching", "actor": "partner",
        "organisation": organisation.pk, "due_on": "2026-12-15"})
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.organisation, action.due_on, action.status) == (organisation, datetime.date(2026, 12, 15),
                                                                    "planned")
    assert action.who == "Schuldhulpmaatje Meerhoven"


def test_an_invalid_date_gives_a_dutch_error_next_to_the_field(case, worker):
    response = login(worker).post(reverse("cases:action_add", args=[case.pk]), {
        "version": case.version, "description": "Bellen", "actor": "resident", "due_on": "31-31-2026"})
    assert "Geef een geldige datum." in response.content.decode()


def test_a_stale_version_is_refused_and_nothing_is_overwritten(case, worker, colleague):
    loaded_version = case.version
    login(colleague).post(reverse("cases:summary", args=[case.pk]),
                          {"version": loaded_version, "summary": "Versie van Bauke"})
    response = login(worker).post(reverse("cases:summary", args=[case.pk]),
                                  {"version": loaded_version, "summary": "Versie van Anna"})
    case.refresh_from_db()
    assert case.summary == "Versie van Bauke"
    body = response.content.decode()
    assert response.status_code == 200
    assert "Versie van Anna" in body  # what Anna typed is still on her screen
    assert "Bauke Hoekstra" in body
    assert "Versie van Bauke" in body  # and so is what Bauke saved
    # Saving again (after reading Bauke's change) is a deliberate overwrite, based on his version.
    assert f'name="version" value="{loaded_version}"' not in body
    assert f'name="version" value="{case.version}"' in body


def test_the_service_raises_a_conflict_on_a_stale_version(case, worker):
    services.plan_update(user=worker, request=None, case=case, expected_version=case.version, summary="a")
    with pytest.raises(services.PlanConflict):
        services.goal_add(user=worker, request=None, case=Case.objects.get(pk=case.pk), expected_version=1,
                          domain=LifeDomain.objects.first(), text="b")


def test_complexity_is_suggested_for_several_domains_and_organisations_and_the_decision_recorded(
        case, worker, organisation, other_organisation):
    from cases.selectors import case_page
    assert not case_page(case=case).complex_suggested
    for org in (organisation, other_organisation):
        services.action_add(user=worker, request=None, case=case, expected_version=case.version, description="x",
                            actor="partner", organisation=org, due_on=timezone.localdate())
    assert case_page(case=case).complex_suggested
    login(worker).post(reverse("cases:complex", args=[case.pk]), {"version": case.version, "complex_case": "yes"})
    case.refresh_from_db()
    assert case.complex_decision is True
    assert case.complex_decided_by == worker


def test_reassignment_keeps_who_carried_the_case_when(case, worker, colleague, team_leader):
    response = login(team_leader).post(reverse("cases:reassign", args=[case.pk]), {
        "version": case.version, "director": colleague.pk, "reason": "Verlof"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.director == colleague
    history = list(Assignment.objects.filter(case=case).order_by("id").values_list("director_id", "end_on"))
    assert history == [(worker.pk, timezone.localdate()), (colleague.pk, None)]
    page = login(team_leader).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Anna de Boer" in page and "Bauke Hoekstra" in page


def test_an_action_marked_done_leaves_the_open_actions(case, worker):
    action = services.action_add(user=worker, request=None, case=case, expected_version=case.version,
                                 description="Bellen", actor="resident", due_on=timezone.localdate())
    response = login(worker).post(reverse("cases:action_status", args=[case.pk, action.pk]),
                                  {"version": case.version, "status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_open_tasks_move_with_the_case_to_the_new_director(case, worker, colleague, team_leader):
    from cases.models import Task

    task = Task.objects.create(key=f"evaluation:{case.pk}:x", kind="evaluation", user=worker, case=case,
                               due_on=timezone.localdate(), created_on=timezone.localdate())
    services.case_reassign(user=team_leader, request=None, case=case, expected_version=case.version,
                           director=colleague, today=timezone.localdate())
    task.refresh_from_db()
    assert task.user == colleague


def test_an_evaluation_on_a_stale_plan_is_refused_and_keeps_the_answers(case, worker, colleague):
    goal = case.goals.first()
    stale = case.version
    services.plan_update(user=colleague, request=None, case=case, expected_version=stale, summary="Nieuw")
    data = {"version": stale, "held_on": timezone.localdate().isoformat(), "note": "Mijn conclusie"}
    for g in case.goals.all():
        data[f"goal_{g.pk}"] = "reached"
        data[f"score_{g.domain_id}"] = "4"
    response = login(worker).post(reverse("cases:evaluate", args=[case.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Niet opgeslagen" in body and "Mijn conclusie" in body
    assert not goal.results.exists()


def test_the_my_plans_list_is_logged(case, worker):
    from audit.models import AccessLogEntry

    login(worker).get(reverse("cases:my_work"))
    entry = AccessLogEntry.objects.get(user=worker, purpose="plan: my work")
    assert entry.detail["shown"] == [case.pk]


def test_a_goal_is_reworded_in_the_residents_words(case, worker):
    goal = case.goals.get(domain__code="financien")
    url = reverse("cases:goal_edit", args=[case.pk, goal.pk])
    client = login(worker)
    assert "Ik wil de rekeningen weer zelf betalen." in client.get(url).content.decode()
    response = client.post(url, {"version": case.version, "domain": goal.domain_id,
                                 "text": "Ik wil zelf mijn vaste lasten betalen."})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.text == "Ik wil zelf mijn vaste lasten betalen."


def test_rewording_a_goal_on_a_stale_plan_keeps_both_texts_visible(case, worker, colleague):
    goal = case.goals.get(domain__code="financien")
    stale = case.version
    services.goal_update(user=colleague, request=None, case=case, goal=goal, expected_version=stale,
                         domain=goal.domain, text="Versie van Bauke")
    response = login(worker).post(reverse("cases:goal_edit", args=[case.pk, goal.pk]),
                                  {"version": stale, "domain": goal.domain_id, "text": "Versie van Anna"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Versie van Anna" in body and "Versie van Bauke" in body
    goal.refresh_from_db()
    assert goal.text == "Versie van Bauke"


@pytest.mark.parametrize("persona,expected", [("stranger", 404), ("team_leader", 403), ("partner_worker", 404),
                                              ("council_member", 404)])
def test_only_plan_editors_reword_a_goal(request, case, persona, expected):
    goal = case.goals.first()
    response = login(request.getfixturevalue(persona)).get(reverse("cases:goal_edit", args=[case.pk, goal.pk]))
    assert response.status_code == expected


def test_the_plan_page_offers_its_own_goals_and_every_organisation_from_one_list_each(case, worker, organisation):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.factories import CaseFactory
    from partners.factories import OrganisationFactory

    domain = LifeDomain.objects.get(code="sociaal-netwerk")
    goal = services.goal_add(user=worker, request=None, case=case, expected_version=case.version, domain=domain,
                             text="Vaker bij mijn zus langs.")
    other_goal = Goal.objects.create(case=CaseFactory(), domain=domain, text="Doel van een ander plan")
    second = OrganisationFactory(name="Aardige Buren")
    client = login(worker)
    with CaptureQueriesContext(connection) as queries:  # the consent form opened beside the action form
        body = client.get(reverse("cases:detail", args=[case.pk]), {"form": "consent"}).content.decode()
    organisation_reads = [q for q in queries.captured_queries if 'FROM "partners_organisation"' in q["sql"]]
    assert len(organisation_reads) == 1

    def options(select_id):
        select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', body, re.S).group(1)
        return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)

    expected_organisations = [("", "- kies -"), (str(second.pk), "Aardige Buren"),
                              (str(organisation.pk), organisation.name)]
    assert options("action_organisation") == expected_organisations
    assert options("consent_organisation") == expected_organisations
    own_goals = [(str(g.pk), f"{g.domain.name}: {g.text[:60]}")
                 for g in Goal.objects.filter(case=case).select_related("domain")]
    assert (str(goal.pk), f"{domain.name}: Vaker bij mijn zus langs.") in own_goals
    assert options("action_goal") == [("", "- kies -"), *own_goals]
    assert str(other_goal.pk) not in dict(options("action_goal"))


def _select(body: str, name: str) -> str:
    start = body.index(f'<select name="{name}"')
    return body[start:body.index("</select>", start)]


def test_the_plan_page_offers_every_meitinker_for_an_action_and_only_the_team_for_the_hand_over(
        case, worker, colleague, stranger):
    body = login(worker).get(reverse("cases:detail", args=[case.pk]), {"form": "reassign"}).content.decode()
    action_workers = _select(body, "worker")
    assert all(f'<option value="{u.pk}">' in action_workers for u in (worker, colleague, stranger))
    directors = _select(body, "director")
    assert f'<option value="{colleague.pk}">' in directors
    assert f'<option value="{stranger.pk}">' not in directors
