"""Satisfaction per statement against the previous period, and the council report section,
checked against figures computed by hand."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reporting.figures.base import Scope
from reporting.suppression import format_cell, suppress_sections
from surveys.models import Answer, Response, Statement, SurveySettings
from surveys.report_figures import satisfaction
from surveys.selectors import satisfaction_by_statement, share

from .conftest import add_responses

pytestmark = pytest.mark.django_db

# This period: the third quarter; the previous period of the same length ends on 30 June.
FROM, TO = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)


@pytest.fixture
def answers(zone, other_zone):
    # This period, zone: 4 agree or strongly agree (5, 4, 5, 4), 2 not (3, 1), 1 "don't know".
    add_responses(6, zone=zone, on=datetime.date(2026, 8, 1), scores=[5, 4, 5, 4, 3, 1])
    add_responses(1, zone=zone, on=datetime.date(2026, 9, 30), scores=[None])
    # This period, other zone: 1 of 2 agrees.
    add_responses(2, zone=other_zone, on=datetime.date(2026, 7, 1), scores=[4, 2])
    # Previous period (from 1 April): 1 of 4 agrees.
    add_responses(4, zone=zone, on=datetime.date(2026, 5, 15), scores=[5, 2, 2, 1])
    # Outside both periods.
    add_responses(3, zone=zone, on=datetime.date(2026, 10, 1), scores=[5])
    add_responses(3, zone=zone, on=datetime.date(2026, 3, 1), scores=[5])


def test_the_share_agreeing_per_statement_is_counted_in_one_query(answers, zone):
    with CaptureQueriesContext(connection) as queries:
        figures = satisfaction_by_statement(date_from=FROM, date_to=TO)
    assert len(queries) == 1
    assert len(figures) == 9
    first = figures[0]
    assert first.text == "Ik wist waar ik moest zijn met mijn vraag."
    assert (first.respondents, first.agreeing) == (8, 5)
    assert first.share == 62.5
    assert (first.previous_respondents, first.previous_agreeing) == (4, 1)
    assert first.previous_share == 25.0


def test_one_zone_counts_only_its_own_answers(answers, zone, other_zone):
    mine = satisfaction_by_statement(date_from=FROM, date_to=TO, zone_id=zone.pk)[0]
    assert (mine.respondents, mine.agreeing, mine.previous_respondents) == (6, 4, 4)
    theirs = satisfaction_by_statement(date_from=FROM, date_to=TO, zone_id=other_zone.pk)[0]
    assert (theirs.respondents, theirs.agreeing, theirs.previous_respondents) == (2, 1, 0)
    assert theirs.previous_share is None


def test_a_retired_statement_stays_in_the_figures_while_it_has_answers(answers):
    Statement.objects.filter(position=9).update(active=False)
    assert len(satisfaction_by_statement(date_from=FROM, date_to=TO)) == 9
    Statement.objects.create(position=10, text_nl="Nieuw", text_en="New", active=False)
    assert len(satisfaction_by_statement(date_from=FROM, date_to=TO)) == 9


def test_the_council_report_section_has_a_table_and_a_grouped_bar_chart(answers):
    with translation.override("nl"):
        section = satisfaction(Scope(date_from=FROM, date_to=TO))
    assert section.key == "satisfaction"
    assert section.title == "Cliënttevredenheid"
    [table] = section.tables
    assert table.columns == ["Stelling", "Eens deze periode", "Eens vorige periode", "Respondenten"]
    assert table.chart.kind == "grouped_bar" and table.chart.value_columns == [1, 2]
    assert len(table.rows) == 9
    label, now, before, respondents = table.rows[0]
    assert (label.value, label.unit, label.residents) == ("Ik wist waar ik moest zijn met mijn vraag.", "text", None)
    assert (now.value, now.unit, now.residents) == (62.5, "percent", 8)
    assert (before.value, before.unit, before.residents) == (25.0, "percent", 4)
    assert (respondents.value, respondents.unit, respondents.residents) == (8, "count", 8)
    assert not any(cell.suppressed for row in table.rows for cell in row)
    section.as_json()  # JSON-serialisable for the snapshot


def test_the_section_follows_the_scope_zone(answers, other_zone):
    section = satisfaction(Scope(date_from=FROM, date_to=TO, zone_id=other_zone.pk))
    assert section.tables[0].rows[0][1].value == 50.0
    assert section.tables[0].rows[0][3].value == 2


def test_the_survey_s_own_minimum_reaches_the_report_suppression(answers):
    # This period has 8 respondents: shown at the report's 5, hidden when the survey asks for 10.
    settings = SurveySettings.current()
    settings.min_respondents = 10
    settings.save()
    section = satisfaction(Scope(date_from=FROM, date_to=TO)).as_json()
    row = suppress_sections([section], 5)[0]["tables"][0]["rows"][0]
    assert [cell["suppressed"] for cell in row[1:]] == [True, True, True]
    assert format_cell(row[3], 5) == "<10"


def test_responses_cannot_be_traced_to_a_resident_or_an_invitation():
    for model in (Response, Answer):
        related = {f.related_model._meta.label for f in model._meta.get_fields() if f.is_relation and f.related_model}
        assert not related & {"intake.Resident", "surveys.Invitation", "intake.Household", "intake.HelpRequest",
                              "mandates.Decision", "cases.Case", "accounts.User"}
    date_fields = [f.get_internal_type() for f in Response._meta.concrete_fields if "Date" in f.get_internal_type()]
    assert date_fields == ["DateField"]


@pytest.mark.parametrize("period,previous", [
    # A quarter's previous is the quarter before: not 92 days, which would reach one day into
    # the quarter before that (and so differ from it by that day's answers).
    (("2026-07-01", "2026-09-30"), ("2026-04-01", "2026-06-30")),
    (("2026-01-01", "2026-03-31"), ("2025-10-01", "2025-12-31")),
    (("2025-01-01", "2025-12-31"), ("2024-01-01", "2024-12-31")),  # after a leap year
    (("2026-11-10", "2026-11-19"), ("2026-10-31", "2026-11-09")),  # not whole months: as many days
])
def test_the_previous_period_is_the_calendar_period_before(period, previous):
    from surveys.selectors import previous_period

    start, end = (datetime.date.fromisoformat(d) for d in period)
    assert previous_period(start, end) == tuple(datetime.date.fromisoformat(d) for d in previous)


def test_a_share_is_rounded_half_up_as_in_the_council_report():
    """1 of 16 respondents agreeing is 6.25%: 6,3% as people round and as the council report shows
    it (reporting.suppression.half_up), not Python's round-half-to-even 6,2%."""
    assert share(1, 16) == 6.3
    assert share(2, 3) == 66.7
    assert share(0, 0) is None
