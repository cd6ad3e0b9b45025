"""Small-cell suppression: one rule in one place, at the threshold, and shares that could give a
hidden count back."""

import pytest

from reporting.figures import Cell, Section, Table
from reporting.suppression import format_cell, suppress_sections


def section(*rows) -> list[dict]:
    return [Section(key="s", title="S", tables=[Table(caption="T", columns=["a", "b", "c"], rows=list(rows))]).as_json()]


def cells(data) -> list[dict]:
    return data[0]["tables"][0]["rows"][0]


def test_four_residents_are_suppressed_and_five_are_shown():
    data = suppress_sections(section([Cell(4, residents=4)], [Cell(5, residents=5)]), 5)
    four, five = data[0]["tables"][0]["rows"]
    assert four[0] == {"value": None, "unit": "count", "residents": 4, "suppressed": True, "min_residents": None,
                       "ref": None, "key": None}
    assert five[0]["value"] == 5 and five[0]["suppressed"] is False


def test_the_threshold_is_the_one_passed_in():
    data = suppress_sections(section([Cell(7, residents=7)]), 10)
    assert cells(data)[0]["suppressed"] is True


def test_a_figure_s_own_stricter_minimum_wins_and_reads_as_that_minimum():
    # The survey may ask for 10 respondents where the report's threshold is 5.
    data = suppress_sections(section([Cell(9, residents=9, min_residents=10),
                                      Cell(55.0, unit="percent", residents=9, min_residents=10)],
                                     [Cell(10, residents=10, min_residents=10)]), 5)
    nine, ten = data[0]["tables"][0]["rows"]
    assert [c["suppressed"] for c in nine] == [True, True]
    assert ten[0]["value"] == 10 and ten[0]["suppressed"] is False
    assert format_cell(nine[0], 5) == "<10"


def test_a_looser_figure_minimum_does_not_lower_the_report_threshold():
    data = suppress_sections(section([Cell(4, residents=4, min_residents=2)]), 5)
    assert cells(data)[0]["suppressed"] is True
    assert format_cell(cells(data)[0], 5) == "<5"


def test_cells_not_about_residents_are_never_suppressed():
    data = suppress_sections(section([Cell("Telefoon", unit="text"), Cell(3, unit="euro"), Cell(1, unit="days")]), 5)
    assert [c["suppressed"] for c in cells(data)] == [False, False, False]


def test_a_share_with_a_small_denominator_is_suppressed():
    data = suppress_sections(section([Cell("x", unit="text"), Cell(75.0, unit="percent", residents=4)]), 5)
    assert cells(data)[1]["suppressed"] is True


def test_a_share_that_implies_a_small_count_is_suppressed():
    # 7.5% of 40 residents is 3 residents: showing the share would give the hidden count away.
    data = suppress_sections(section([Cell(7.5, unit="percent", residents=40)]), 5)
    assert cells(data)[0]["suppressed"] is True


def test_a_share_that_implies_a_large_enough_count_is_shown():
    data = suppress_sections(section([Cell(12.5, unit="percent", residents=40)]), 5)
    assert cells(data)[0] == {"value": 12.5, "unit": "percent", "residents": 40, "suppressed": False,
                              "min_residents": None, "ref": None, "key": None}


def test_a_share_in_the_row_of_a_suppressed_count_is_suppressed():
    data = suppress_sections(section([Cell(3, residents=3), Cell(50.0, unit="percent", residents=100)]), 5)
    assert [c["suppressed"] for c in cells(data)] == [True, True]


def test_the_input_is_not_changed():
    original = section([Cell(1, residents=1)])
    suppress_sections(original, 5)
    assert cells(original)[0]["value"] == 1


@pytest.mark.parametrize("cell,expected", [
    ({"value": None, "unit": "count", "suppressed": True}, "<5"),
    ({"value": 1234, "unit": "count", "suppressed": False}, "1.234"),
    ({"value": 12.5, "unit": "percent", "suppressed": False}, "12,5%"),
    ({"value": 98000, "unit": "euro", "suppressed": False}, "€ 98.000"),
    ({"value": None, "unit": "percent", "suppressed": False}, "—"),
])
def test_cells_read_in_dutch_and_suppressed_ones_as_less_than_the_threshold(cell, expected):
    from django.utils import translation

    with translation.override("nl"):
        assert format_cell(cell, 5) == expected
