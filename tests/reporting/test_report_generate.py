"""Generating a report: every registered figure for the scope, suppressed once, stored as a new
version; idempotent on retry; published versions immutable in the service and the database; a
constant number of queries whatever the amount of data; the quarterly schedule."""

import datetime

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.utils import timezone

from privacy.models import ProcessingRestriction
from reporting import services
from reporting.figures import registered_figures
from reporting.models import PeriodKind, Report, ReportSettings, ReportStatus
from reporting.tasks import report_generate, reports_schedule
from tests.reporting.conftest import QUARTER, costs, make_requests, opened_in_quarter

pytestmark = pytest.mark.django_db


def request_report(user, zone=None, quarter=QUARTER):
    return services.report_request(user=user, request=None, period_kind=PeriodKind.QUARTER, year=quarter[0],
                                   quarter=quarter[1], zone=zone, enqueue=False)


def rows(report, key="test-requests"):
    section = next(s for s in report.data if s["key"] == key)
    return {row[0]["value"]: row for row in section["tables"][0]["rows"]}


def test_it_runs_every_figure_and_stores_the_suppressed_snapshot_as_a_draft(draft_report):
    assert draft_report.status == ReportStatus.DRAFT
    assert draft_report.progress == 100 and draft_report.current_figure == ""
    assert [s["key"] for s in draft_report.data] == ["test-requests", "test-costs"]
    assert draft_report.suppression_threshold == 5 and draft_report.generated_at is not None
    by_channel = rows(draft_report)
    assert by_channel["phone"][1] == {"value": 5, "unit": "count", "residents": 5, "suppressed": False,
                                       "min_residents": None, "ref": None, "key": None}
    assert by_channel["walk_in"][1] == {"value": None, "unit": "count", "residents": 4, "suppressed": True,
                                         "min_residents": None, "ref": None, "key": None}
    # Its share (4 of 9) sits in the row of a hidden count: hidden too.
    assert by_channel["walk_in"][2]["suppressed"] is True


def test_it_uses_the_threshold_of_the_settings_row(test_figures, team_leader, zone):
    ReportSettings.objects.update_or_create(pk=1, defaults={"suppression_threshold": 6})
    make_requests(5, zone=zone)
    report = services.report_generate_run(report_id=request_report(team_leader).pk)
    assert report.suppression_threshold == 6
    assert rows(report)["phone"][1]["suppressed"] is True


def test_it_counts_only_the_period_and_the_zone(test_figures, team_leader, zone, other_zone):
    make_requests(5, zone=zone)
    make_requests(6, zone=other_zone)
    make_requests(7, zone=zone, day=datetime.date(2026, 6, 30))
    report = services.report_generate_run(report_id=request_report(team_leader, zone=zone).pk)
    assert rows(report)["phone"][1]["value"] == 5


def test_a_second_run_of_the_same_report_changes_nothing(draft_report):
    before = (draft_report.data, draft_report.generated_at)
    assert services.report_generate_run(report_id=draft_report.pk) is None
    draft_report.refresh_from_db()
    assert (draft_report.data, draft_report.generated_at) == before


def test_a_run_while_another_holds_the_lock_does_nothing(test_figures, team_leader):
    from django.core.cache import cache

    report = request_report(team_leader)
    cache.add(f"reporting:generate:{report.pk}", 1)
    assert services.report_generate_run(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == ReportStatus.GENERATING


def test_a_failing_figure_marks_the_report_failed(test_figures, team_leader):
    from reporting.figures import base

    def broken(scope):
        raise ValueError("figure bug")

    base.figure("test-broken", order=3)(broken)
    report = services.report_generate_run(report_id=request_report(team_leader).pk)
    assert report.status == ReportStatus.FAILED and "figure bug" in report.error and report.data == []


def test_the_task_is_a_thin_adapter(test_figures, team_leader):
    report = request_report(team_leader)
    assert report_generate.apply(args=[report.pk]).get() == {"report": report.pk, "status": "draft"}


def test_regenerating_makes_the_next_version_and_leaves_the_published_one(published_report, team_leader, zone):
    second = request_report(team_leader)
    assert second.version == published_report.version + 1 == 2
    # Each zone is its own series.
    assert request_report(team_leader, zone=zone).version == 1
    published_report.refresh_from_db()
    assert published_report.status == ReportStatus.PUBLISHED


def test_a_published_report_cannot_be_published_again(published_report, team_leader):
    with pytest.raises(services.InvalidTransition):
        services.report_publish(user=team_leader, request=None, report=published_report)


def test_a_worker_cannot_publish(draft_report, worker):
    with pytest.raises(services.InvalidTransition):
        services.report_publish(user=worker, request=None, report=draft_report)
    draft_report.refresh_from_db()
    assert draft_report.status == ReportStatus.DRAFT


def test_the_database_refuses_to_change_or_delete_a_published_report(published_report):
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        Report.objects.filter(pk=published_report.pk).update(data=[])
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE reporting_report SET status = 'draft' WHERE id = %s", [published_report.pk])
    with pytest.raises(ProgrammingError), transaction.atomic():
        Report.objects.filter(pk=published_report.pk).delete()
    published_report.refresh_from_db()
    assert published_report.status == ReportStatus.PUBLISHED and published_report.data


def test_a_draft_can_still_change(draft_report):
    assert Report.objects.filter(pk=draft_report.pk).update(progress=100) == 1


def test_two_reports_cannot_share_a_version(draft_report):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(period_kind=draft_report.period_kind, period_start=draft_report.period_start,
                              period_end=draft_report.period_end, zone=None, version=draft_report.version)


def test_approved_example_cases_of_the_period_are_included_as_text_only(test_figures, approved_example,
                                                                        team_leader, resident):
    opened_in_quarter(approved_example.case)
    report = services.report_generate_run(report_id=request_report(team_leader).pk)
    assert report.examples == [{"asked": approved_example.asked, "done": approved_example.done,
                                "result": approved_example.result}]
    assert str(approved_example.case_id) not in str(report.examples)


def test_examples_not_approved_or_of_another_period_are_left_out(test_figures, submitted_example, team_leader):
    opened_in_quarter(submitted_example.case)
    report = services.report_generate_run(report_id=request_report(team_leader).pk)
    assert report.examples == []
    services.example_review(user=team_leader, request=None, example=submitted_example, approve=True)
    # The case opened today (after the quarter) was not open in Q2.
    type(submitted_example.case).objects.filter(pk=submitted_example.case_id).update(
        opened_on=datetime.date(2026, 11, 1))
    report = services.report_generate_run(report_id=request_report(team_leader, quarter=(2026, 2)).pk)
    assert report.examples == []


def _restrict(resident, by) -> ProcessingRestriction:
    return ProcessingRestriction.objects.create(resident=resident, reason="Betwist de gegevens", imposed_by=by)


def test_the_story_of_a_resident_whose_processing_is_restricted_is_not_published(
        test_figures, approved_example, team_leader, resident):
    """AVG art. 18: while a restriction holds, the resident's plan is hidden from everyone but the
    functional administrator. docs/privacy.md lets reports keep counting (a count is not a
    processing of the resident's data), but a story is their data written out: it stayed in the
    report generated during the restriction. Once the restriction is lifted it may go in again."""
    opened_in_quarter(approved_example.case)
    assert approved_example.case.conversation.help_request.resident_id == resident.pk
    restriction = _restrict(resident, team_leader)

    assert services.report_generate_run(report_id=request_report(team_leader).pk).examples == []

    ProcessingRestriction.objects.filter(pk=restriction.pk).update(lifted_at=timezone.now(), lifted_by=team_leader)
    assert len(services.report_generate_run(report_id=request_report(team_leader).pk).examples) == 1


def test_the_story_of_a_plan_whose_other_household_member_is_restricted_is_not_published(
        test_figures, approved_example, team_leader, resident):
    """The plan is the household's: a restriction of any current member hides it (as
    Case.objects.unrestricted() has it), and so its story too, not only one of the resident whose
    request opened it."""
    opened_in_quarter(approved_example.case)
    child = approved_example.case.household.memberships.exclude(resident=resident).get().resident
    _restrict(child, team_leader)

    assert services.report_generate_run(report_id=request_report(team_leader).pk).examples == []


def test_a_generation_costs_the_same_number_of_queries_with_more_data(team_leader, zone, worker,
                                                                     django_assert_max_num_queries):
    """Over whatever figures are registered (the real ones at merge time) plus one test figure, so
    the test never passes on an empty registry."""
    from reporting.figures import base

    saved = dict(base._registry)
    base.figure("test-costs", order=10_000)(costs)
    try:
        assert registered_figures()
        make_requests(3, zone=zone)
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(conn) as small:
            services.report_generate_run(report_id=request_report(team_leader).pk)
        make_requests(40, zone=zone)
        make_requests(20, zone=zone, channel="web_form")
        report = request_report(team_leader)
        with django_assert_max_num_queries(len(small.captured_queries)):
            services.report_generate_run(report_id=report.pk)
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT
    finally:
        base._registry.clear()
        base._registry.update(saved)


def test_the_schedule_makes_last_quarters_drafts_for_the_municipality_and_each_zone(test_figures, zone,
                                                                                   other_zone):
    created = services.reports_schedule(today=datetime.date(2026, 10, 2))
    assert sorted((r.period_label, r.zone_id or 0) for r in created) == sorted(
        [("Q3 2026", 0), ("Q3 2026", zone.pk), ("Q3 2026", other_zone.pk)])
    assert all(r.generated_by is None for r in created)
    assert services.reports_schedule(today=datetime.date(2026, 10, 2)) == []


def test_on_2_january_it_also_makes_last_years_drafts(test_figures, zone):
    created = services.reports_schedule(today=datetime.date(2027, 1, 2))
    assert sorted({r.period_label for r in created}) == ["2026", "Q4 2026"]


def test_on_other_days_the_schedule_makes_nothing(test_figures, zone):
    assert reports_schedule.apply(args=["2026-10-03"]).get() == []
    assert services.reports_schedule(today=datetime.date(2026, 11, 2)) == []
