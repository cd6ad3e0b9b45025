import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import Conversation, LifeDomain
from tests.conftest import login

pytestmark = pytest.mark.django_db


def form_data(conversation, **overrides):
    data = {
        "version": conversation.version, "held_on": timezone.localdate().isoformat(),
        "present_residents": [r.pk for r in conversation.present_residents.all()],
        "others_present": "", "own_strength": "", "network": "", "general_provisions_considered": "",
        "debt_note": "", "outcome_note": "",
    }
    for row in conversation.scores.all():
        data[f"score_{row.domain_id}"] = row.score or ""
        data[f"note_{row.domain_id}"] = row.note
    data.update(overrides)
    return data


@pytest.fixture
def started(worker, help_request):
    login(worker).post(reverse("intake:conversation_start", args=[help_request.pk]))
    return Conversation.objects.get(help_request=help_request)


def test_starting_opens_a_draft_with_every_life_domain_and_the_household_present(started, help_request):
    assert started.is_draft
    assert started.scores.count() == LifeDomain.objects.filter(active=True).count() == 13
    assert list(started.present_residents.all()) == [help_request.resident]
    help_request.refresh_from_db()
    assert help_request.status == "in_conversation"


def test_starting_twice_opens_the_same_conversation(worker, help_request, started):
    login(worker).post(reverse("intake:conversation_start", args=[help_request.pk]))
    assert Conversation.objects.filter(help_request=help_request).count() == 1


def test_autosave_stores_what_was_typed_and_answers_with_the_status_line(worker, started):
    finance = LifeDomain.objects.get(code="financien")
    data = form_data(started, own_strength="Zoon helpt met boodschappen", **{
        f"score_{finance.pk}": "2", f"note_{finance.pk}": "Huurachterstand"})
    response = login(worker).post(reverse("intake:conversation", args=[started.pk]), data,
                                  headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="autosave-status"' in html and "Opgeslagen om" in html
    assert f'name="version" value="{started.version + 1}"' in html
    assert "<html" not in html
    started.refresh_from_db()
    assert started.own_strength == "Zoon helpt met boodschappen"
    assert started.version == 2
    row = started.scores.get(domain=finance)
    assert (row.score, row.note) == (2, "Huurachterstand")
    assert AccessLogEntry.objects.filter(action="update", object_id=str(started.pk)).exists()


def test_a_second_editor_with_an_old_version_gets_a_conflict_not_an_overwrite(worker, colleague, started):
    first = form_data(started, own_strength="Versie van Anna")
    stale = form_data(started, own_strength="Versie van Bauke")
    login(worker).post(reverse("intake:conversation", args=[started.pk]), first, headers={"HX-Request": "true"})
    response = login(colleague).post(reverse("intake:conversation", args=[started.pk]), stale,
                                     headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Niet opgeslagen" in html and "Anna de Boer" in html
    started.refresh_from_db()
    assert started.own_strength == "Versie van Anna"


def test_a_plain_save_with_a_conflict_keeps_the_editors_text_on_the_page(worker, colleague, started):
    login(worker).post(reverse("intake:conversation", args=[started.pk]), form_data(started, network="A"),
                       headers={"HX-Request": "true"})
    response = login(colleague).post(reverse("intake:conversation", args=[started.pk]),
                                     form_data(started, network="Mijn lange tekst"))
    assert response.status_code == 200
    assert "Mijn lange tekst" in response.content.decode()
    started.refresh_from_db()
    assert started.network == "A"


def test_a_threat_of_eviction_marks_the_debt_situation_urgent(worker, started):
    login(worker).post(reverse("intake:conversation", args=[started.pk]),
                       form_data(started, arrears=["rent"], threats=["eviction"]), headers={"HX-Request": "true"})
    started.refresh_from_db()
    assert started.arrears == ["rent"] and started.threats == ["eviction"]
    assert started.debt_urgent


def test_arrears_without_a_threat_are_not_urgent(worker, started):
    login(worker).post(reverse("intake:conversation", args=[started.pk]),
                       form_data(started, arrears=["energy"]), headers={"HX-Request": "true"})
    started.refresh_from_db()
    assert not started.debt_urgent


def test_finishing_needs_an_outcome_and_keeps_the_text(worker, started):
    response = login(worker).post(reverse("intake:conversation_finish", args=[started.pk]),
                                  form_data(started, own_strength="Veel steun van de buren"))
    assert response.status_code == 200
    assert response.context["form"].errors["outcome"]
    assert "Veel steun van de buren" in response.content.decode()
    started.refresh_from_db()
    assert started.is_draft


def test_finishing_closes_the_conversation_and_puts_it_on_the_timeline(worker, started, help_request):
    finance = LifeDomain.objects.get(code="financien")
    response = login(worker).post(reverse("intake:conversation_finish", args=[started.pk]),
                                  form_data(started, outcome="needs_decision", **{f"score_{finance.pk}": "3"}))
    assert response["Location"] == reverse("intake:household", args=[started.household_id])
    started.refresh_from_db()
    help_request.refresh_from_db()
    assert started.status == "finished" and started.finished_at is not None
    assert help_request.status == "completed"
    page = login(worker).get(response["Location"]).content.decode()
    assert reverse("intake:conversation", args=[started.pk]) in page
    assert "Financiën" in page  # the score chart


def test_a_finished_conversation_can_no_longer_be_changed(worker, started):
    login(worker).post(reverse("intake:conversation_finish", args=[started.pk]), form_data(started, outcome="settled"))
    started.refresh_from_db()
    response = login(worker).post(reverse("intake:conversation", args=[started.pk]),
                                  form_data(started, network="later"))
    assert response.status_code == 403


def test_the_team_leader_reads_but_does_not_write_a_conversation(team_leader, started):
    client = login(team_leader)
    assert client.get(reverse("intake:conversation", args=[started.pk])).status_code == 200
    assert client.post(reverse("intake:conversation", args=[started.pk]), form_data(started)).status_code == 403


def test_a_held_on_date_in_the_future_is_not_saved(worker, started):
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = login(worker).post(reverse("intake:conversation", args=[started.pk]),
                                  form_data(started, held_on=future), headers={"HX-Request": "true"})
    assert "Nog niet opgeslagen" in response.content.decode()
    started.refresh_from_db()
    assert started.held_on == timezone.localdate()


def test_only_current_and_former_members_of_the_household_can_be_marked_present(worker, started, zone):
    outsider = MembershipFactory(household__zone=zone).resident
    response = login(worker).post(reverse("intake:conversation", args=[started.pk]),
                                  form_data(started, present_residents=[outsider.pk]),
                                  headers={"HX-Request": "true"})
    assert "Nog niet opgeslagen" in response.content.decode()
    assert outsider not in started.present_residents.all()


def test_scores_over_time_show_on_the_residents_page_as_a_chart_with_a_table(worker, membership, zone):
    first = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                               status="completed", assigned_worker=worker)
    later = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                               status="completed", assigned_worker=worker)
    ConversationFactory(help_request=first, worker=worker, finished=True, held_on=datetime.date(2026, 3, 2),
                        scores={"financien": 2})
    ConversationFactory(help_request=later, worker=worker, finished=True, held_on=datetime.date(2026, 9, 14),
                        scores={"financien": 4, "huisvesting": 3})
    page = login(worker).get(reverse("intake:resident", args=[membership.resident_id]))
    charts = page.context["chart"]
    assert [(s.domain, [score for _day, score in s.points]) for s in charts] == [
        ("Financiën", [2, 4]), ("Huisvesting", [3])]
    html = page.content.decode()
    assert html.count('role="img"') == 2
    assert "<td>02-03-2026</td><td>2</td>" in html and "<td>14-09-2026</td><td>4</td>" in html


def test_the_finish_button_wins_over_its_own_autosave_still_in_flight(worker, started):
    page = form_data(started, editor="tab-1", own_strength="Eerste versie")
    client = login(worker)
    client.post(reverse("intake:conversation", args=[started.pk]), page, headers={"HX-Request": "true"})
    # The finish was sent before the autosave's answer updated the version on the page.
    response = client.post(reverse("intake:conversation_finish", args=[started.pk]),
                           {**page, "own_strength": "Laatste versie", "outcome": "settled"})
    assert response.status_code == 302
    started.refresh_from_db()
    assert (started.status, started.own_strength) == ("finished", "Laatste versie")


def test_an_old_autosave_arriving_late_cannot_undo_a_newer_one_from_the_same_tab(worker, started):
    client = login(worker)
    older = form_data(started, editor="tab-1", network="oud")
    newer = form_data(started, editor="tab-1", network="nieuw")
    client.post(reverse("intake:conversation", args=[started.pk]), newer, headers={"HX-Request": "true"})
    client.post(reverse("intake:conversation", args=[started.pk]), older, headers={"HX-Request": "true"})
    started.refresh_from_db()
    assert started.network == "nieuw"


def test_another_tab_of_the_same_worker_gets_a_conflict_not_an_overwrite(worker, started):
    client = login(worker)
    client.post(reverse("intake:conversation", args=[started.pk]), form_data(started, editor="tab-1", network="A"),
                headers={"HX-Request": "true"})
    response = client.post(reverse("intake:conversation", args=[started.pk]),
                           form_data(started, editor="tab-2", network="B"))
    assert response.status_code == 200
    started.refresh_from_db()
    assert started.network == "A"
