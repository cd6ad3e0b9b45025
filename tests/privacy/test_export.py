"""The access request (AVG art. 15): every app's part, as JSON and as PDF, for team leaders."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db

EXPORT_URLS = ("intake:resident_export", "privacy:export_pdf")


def test_the_json_export_holds_every_apps_part_of_the_resident_and_nothing_of_another(
        team_leader, history, other_history):
    resident = history["resident"]
    response = login(team_leader).get(reverse("intake:resident_export", args=[resident.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data["resident"]["bsn"] == resident.bsn
    assert data["resident"]["surname"] == resident.surname
    assert [h["postcode"] for h in data["households"]] == [history["help_request"].household.postcode]
    assert [r["question"] for r in data["requests_for_help"]] == ["Vraag EIGEN"]
    assert [c["outcome_note"] for c in data["conversations"]] == ["Afspraken EIGEN"]
    plan = data["plans"][0]
    assert len(data["plans"]) == 1 and plan["summary"] == "Plan EIGEN"
    assert [g["text"] for g in plan["goals"]] == ["Doel EIGEN"]
    assert [a["description"] for a in plan["actions"]] == ["Actie EIGEN"]
    assert [e["note"] for e in plan["evaluations"]] == ["Evaluatie EIGEN"]
    assert [f["note"] for f in plan["follow_ups"]] == ["Nazorg EIGEN"]
    assert len(plan["consents"]) == 1
    decision = data["decisions"][0]
    assert len(data["decisions"]) == 1 and decision["reasoning"] == "Motivering EIGEN"
    assert decision["lines"][0]["volume"] == "3.00"
    assert [o["grounds"] for o in decision["objections"]] == ["Bezwaar EIGEN"]
    assert data["legal_clocks"], "the melding started a Wmo clock"
    assert [r["question"] for r in data["referrals"]] == ["Verwijzing EIGEN"]
    assert "ANDER" not in json.dumps(data)
    assert other_history["resident"].bsn not in json.dumps(data)


def test_the_access_log_section_says_who_saw_the_data_and_includes_the_export_itself(
        team_leader, worker, history):
    resident = history["resident"]
    data = login(team_leader).get(reverse("intake:resident_export", args=[resident.pk])).json()
    purposes = [(e["username"], e["purpose"]) for e in data["access_log"]]
    assert (worker.username, "inzage EIGEN") in purposes
    assert (team_leader.username, "access request: export of all data held") in purposes
    # Actions by their (Dutch) label: the document is for the resident.
    assert {e["action"] for e in data["access_log"]} == {"Inzien", "Exporteren"}


def test_the_pdf_export_is_a_pdf_and_is_logged_as_export(team_leader, history):
    resident = history["resident"]
    response = login(team_leader).get(reverse("privacy:export_pdf", args=[resident.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="inwoner-{resident.pk}.pdf"'
    assert AccessLogEntry.objects.filter(action="export", resident_id=resident.pk,
                                         username=team_leader.username).count() == 1


@pytest.mark.parametrize("url_name", EXPORT_URLS)
def test_a_worker_who_sees_the_resident_gets_403_and_a_stranger_404(url_name, worker, stranger,
                                                                     other_team_leader, resident):
    url = reverse(url_name, args=[resident.pk])
    assert login(worker).get(url).status_code == 403
    assert login(stranger).get(url).status_code == 404
    assert login(other_team_leader).get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize("url_name", EXPORT_URLS)
def test_council_members_partners_and_administrators_get_403(url_name, council_member, partner_worker,
                                                              administrator, resident):
    url = reverse(url_name, args=[resident.pk])
    for user in (council_member, partner_worker, administrator):
        assert login(user).get(url).status_code == 403
    assert not AccessLogEntry.objects.filter(resident_id=resident.pk).exists()


def test_the_pdf_export_refuses_post(team_leader, resident):
    assert login(team_leader).post(reverse("privacy:export_pdf", args=[resident.pk])).status_code == 405
