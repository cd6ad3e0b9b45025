"""How a stored report's numbers read on its page, in its CSV and its JSON (report_pages,
suppression.format_cell), and how the figures round before they are stored (figures.aggregates).
One rule everywhere: half up to the digits shown, as people round."""

import datetime

import pytest
from django.utils import translation

from reporting.figures.aggregates import days, euro, percent, score
from reporting.models import PeriodKind, Report, ReportStatus
from reporting.report_pages import report_csv, report_json, report_sections
from reporting.suppression import format_cell

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def _report(rows) -> Report:
    section = {"key": "self_reliance_change", "title": "Zelfredzaamheid", "intro": "", "ref_sums": [],
               "tables": [{"caption": "Zelfredzaamheid", "columns": ["Leefgebied", "Waarde"], "rows": rows,
                           "chart": None, "sums": []}]}
    return Report.objects.create(period_kind=PeriodKind.QUARTER, period_start=datetime.date(2026, 1, 1),
                                 period_end=datetime.date(2026, 3, 31), status=ReportStatus.DRAFT, data=[section],
                                 suppression_threshold=5)


def _cell(value, unit: str) -> dict:
    return {"value": value, "unit": unit, "residents": 20, "suppressed": False, "min_residents": None,
            "ref": None, "key": None}


def _label(text: str) -> dict:
    return {"value": text, "unit": "text", "residents": None, "suppressed": False, "min_residents": None,
            "ref": None, "key": None}


def test_mean_scores_are_rounded_not_truncated():
    """The self-reliance figure stores means with two decimals: a mean of 3.67 is 3,7 to one
    decimal, a change of 0.67 is 0,7 and -0.67 is -0,7. Django's number_format cut the digits off
    (3,6)."""
    report = _report([[_label("Financiën"), _cell(3.67, "score")], [_label("Verandering"), _cell(0.67, "score")],
                      [_label("Daling"), _cell(-0.67, "score")]])

    rows = report_sections(report)[0].tables[0].rows

    assert rows == [["Financiën", "3,7"], ["Verandering", "0,7"], ["Daling", "-0,7"]]


def test_costs_are_rounded_to_whole_euros_on_the_page_in_the_csv_and_in_the_json():
    """A cost total of 1 234,99 euro reads '€ 1.235' in whole euros; it read '€ 1.234'. Summed over
    a table, the cut-off cents made the shown rows disagree with the shown total. The exports show
    what the page shows."""
    report = _report([[_label("Huishoudelijke hulp"), _cell(1234.99, "euro")]])

    assert report_sections(report)[0].tables[0].rows == [["Huishoudelijke hulp", "€ 1.235"]]
    assert "Huishoudelijke hulp;€ 1.235" in report_csv(report)
    assert report_json(report)["sections"][0]["tables"][0]["rows"] == [["Huishoudelijke hulp", "€ 1.235"]]


def test_a_half_rounds_up_and_a_small_negative_does_not_read_minus_zero():
    """Python's round() rounds half to even on the binary float (round(6.25, 1) is 6.2), which no
    reader expects; and a change of -0.04 is no change at all, not '-0,0'."""
    assert format_cell(_cell(6.25, "percent"), 5) == "6,3%"
    assert format_cell(_cell(2.5, "count"), 5) == "3"
    assert format_cell(_cell(-0.04, "score"), 5) == "0,0"
    assert format_cell(_cell(1234567.5, "euro"), 5) == "€ 1.234.568"


def test_the_figures_round_half_up_before_they_are_stored():
    """The stored value is what the page rounds again: it must not have been rounded down already
    (1 of 16 is 6.25%, stored as 6.3 and not as Python's 6.2)."""
    assert percent(1, 16, 16).value == 6.3
    assert percent(2, 3, 3).value == 66.7
    assert days(2.25, 5).value == 2.3
    assert score(3.645, 5).value == 3.65
    assert euro(None, 0).value == 0.0
