"""The report pages by role: council members read published reports only (list, page, PDF, CSV),
team leaders and the administrator see all and generate and publish; everybody else gets 403 on
the role pages and 404 on a report, as if it did not exist. Every read is logged."""

import io

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from reporting.models import Report, ReportStatus
from tests.conftest import login

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "stranger", "team_leader", "other_team_leader", "council_member", "partner_worker",
            "administrator"]
LIST = {"worker": 403, "stranger": 403, "team_leader": 200, "other_team_leader": 200, "council_member": 200,
        "partner_worker": 403, "administrator": 200}
DRAFT = {"worker": 404, "stranger": 404, "team_leader": 200, "other_team_leader": 200, "council_member": 404,
         "partner_worker": 404, "administrator": 200}
PUBLISHED = {**DRAFT, "council_member": 200}
PUBLISH = {"worker": 404, "stranger": 404, "team_leader": 302, "other_team_leader": 302, "council_member": 404,
           "partner_worker": 404, "administrator": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_council_members_published_reports_only(request, persona, draft_report, published_report,
                                                               team_leader):
    from reporting import services

    draft = services.report_generate_run(report_id=services.report_request(
        user=team_leader, request=None, period_kind="quarter", year=2026, quarter=2, zone=None, enqueue=False).pk)
    response = login(request.getfixturevalue(persona)).get(reverse("reporting:report_list"))
    assert response.status_code == LIST[persona]
    if response.status_code == 200:
        shown = {r.pk for r in response.context["reports"]}
        assert published_report.pk in shown
        assert (draft.pk in shown) is (persona != "council_member")
        assert ("report_generate" in response.content.decode() or
                reverse("reporting:report_generate") in response.content.decode()) is (persona != "council_member")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["reporting:report_detail", "reporting:report_pdf", "reporting:report_csv",
                                  "reporting:report_json"])
def test_a_draft_is_for_team_leaders_and_the_administrator_only(request, persona, name, draft_report):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse(name, args=[draft_report.pk]))
    assert response.status_code == DRAFT[persona]
    logged = AccessLogEntry.objects.filter(user=user, object_type="reporting.report", object_id=str(draft_report.pk))
    assert logged.exists() is (response.status_code == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_published_report_is_also_for_council_members(request, persona, published_report):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse("reporting:report_detail", args=[published_report.pk]))
    assert response.status_code == PUBLISHED[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_team_leaders_and_the_administrator_publish(request, persona, draft_report):
    response = login(request.getfixturevalue(persona)).post(reverse("reporting:report_publish", args=[draft_report.pk]))
    assert response.status_code == PUBLISH[persona]
    draft_report.refresh_from_db()
    assert draft_report.is_published is (response.status_code == 302)


def test_publishing_is_a_post(team_leader, draft_report):
    assert login(team_leader).get(reverse("reporting:report_publish", args=[draft_report.pk])).status_code == 405


def test_the_page_shows_each_table_with_its_chart_and_suppressed_cells_as_less_than_5(council_member,
                                                                                      published_report):
    response = login(council_member).get(reverse("reporting:report_detail", args=[published_report.pk]))
    html = response.content.decode()
    assert html.count("<svg") == 2 and html.count("<table") == 2
    assert 'role="img" aria-labelledby="chart-test-requests-1-title"' in html
    assert '<title id="chart-test-requests-1-title">Hulpvragen per kanaal</title>' in html
    assert "&lt;5" in html and "Versie 1 van deze periode" in html
    # Coordinates keep a decimal point in Dutch.
    assert 'width="200,' not in html
    assert "Downloaden als pdf" in html or "PDF" in html
    assert "Publiceren" not in html


def test_the_pdf_is_a_pdf_with_the_report_title_and_the_suppressed_cells(council_member, published_report):
    from pypdf import PdfReader

    response = login(council_member).get(reverse("reporting:report_pdf", args=[published_report.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Raadsrapportage Q3 2026" in text and "<5" in text
    assert AccessLogEntry.objects.filter(user=council_member, action="export",
                                         object_id=str(published_report.pk)).exists()


def test_the_csv_and_json_show_less_than_5_and_never_the_hidden_number(council_member, published_report):
    client = login(council_member)
    csv_text = client.get(reverse("reporting:report_csv", args=[published_report.pk])).content.decode("utf-8-sig")
    assert "walk_in;<5;<5" in csv_text and "phone;5;" in csv_text
    data = client.get(reverse("reporting:report_json", args=[published_report.pk])).json()
    rows = {row[0]: row for row in data["sections"][0]["tables"][0]["rows"]}
    assert rows["walk_in"][1:] == ["<5", "<5"] and data["suppression_threshold"] == 5
    assert "residents" not in str(data)


def test_a_team_leader_generates_a_report_and_it_is_enqueued_after_commit(team_leader, test_figures,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = login(team_leader).post(reverse("reporting:report_generate"),
                                           {"period_kind": "quarter", "year": "2026", "quarter": "3", "zone": ""})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report_detail",
                                                                            args=[report.pk])
    assert report.status == ReportStatus.GENERATING and report.generated_by == team_leader
    assert len(callbacks) == 1


@pytest.mark.parametrize("persona", ["worker", "council_member", "partner_worker"])
def test_others_cannot_generate(request, persona):
    response = login(request.getfixturevalue(persona)).post(
        reverse("reporting:report_generate"), {"period_kind": "year", "year": "2025"})
    assert response.status_code == 403 and not Report.objects.exists()


def test_a_bad_period_gets_a_dutch_error_next_to_the_field_and_keeps_the_input(team_leader):
    response = login(team_leader).post(reverse("reporting:report_generate"),
                                       {"period_kind": "quarter", "year": "2026", "quarter": ""})
    assert response.status_code == 200 and not Report.objects.exists()
    assert response.context["form"].errors["quarter"] == ["Kies het kwartaal."]
    assert 'value="2026"' in response.content.decode()
    response = login(team_leader).post(reverse("reporting:report_generate"), {"period_kind": "year", "year": "2099"})
    assert response.context["form"].errors["year"] == ["Deze periode is nog niet begonnen."]


def test_the_page_polls_the_progress_while_the_report_is_generated(team_leader, test_figures):
    from reporting import services

    report = services.report_request(user=team_leader, request=None, period_kind="quarter", year=2026, quarter=3,
                                     zone=None, enqueue=False)
    Report.objects.filter(pk=report.pk).update(progress=40, current_figure="test-costs")
    client = login(team_leader)
    html = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "40%" in html
    fragment = client.get(reverse("reporting:report_detail", args=[report.pk]),
                          headers={"HX-Request": "true", "HX-Target": "report-progress"})
    assert fragment.content.decode().lstrip().startswith('<div id="report-progress"') and "test-costs" in fragment.content.decode()
    services.report_generate_run(report_id=report.pk)
    done = client.get(reverse("reporting:report_detail", args=[report.pk]),
                      headers={"HX-Request": "true", "HX-Target": "report-progress"})
    assert done["HX-Refresh"] == "true"


def test_the_report_list_costs_the_same_with_more_reports(team_leader, test_figures, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting import services

    client = login(team_leader)

    def add(quarters):
        for q in quarters:
            services.report_request(user=team_leader, request=None, period_kind="quarter", year=2025, quarter=q,
                                    zone=None, enqueue=False)

    add([1])
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("reporting:report_list")).status_code == 200
    add([2, 3, 4, 4, 4])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("reporting:report_list"))
    assert len(response.context["reports"]) == 6
