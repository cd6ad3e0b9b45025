"""A report is suppressed as one set: a number it shows in two tables (cells of one `ref`) is
hidden in both, and sums across tables (a section's `ref_sums`) are solved with the sums of each
table. Before, "settled with a general provision" hidden under *Settled at intake* stood in full
under *General provisions*, and the decisions of one kind hidden under *Decisions by kind* were
all decisions sent minus the other kinds."""

from __future__ import annotations

import copy
import datetime
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.figures import AddsUp, Cell, RefSum, Section, Table, registered_figures
from reporting.figures.base import Scope
from reporting.suppression import suppress_sections
from tests.reporting.test_complementary_suppression import THRESHOLD, _rank

COLUMN = AddsUp("rows", parts=[0, 1, 2], total=3)


def number(value: int, ref: str | None = None) -> Cell:
    return Cell(value, residents=value, ref=ref)


def report(*sections: Section) -> list[list[list[dict]]]:
    """The suppressed rows of every table, in order."""
    result = suppress_sections([section.as_json() for section in sections], THRESHOLD)
    return [table["rows"] for section in result for table in section["tables"]]


def hidden(rows: list[list[dict]]) -> list[list[bool]]:
    return [[cell["suppressed"] for cell in row] for row in rows]


def test_a_number_hidden_in_one_table_is_hidden_where_the_report_shows_it_again():
    # Settled at intake: 2 + 9 + 12 = 23, so the 9 is hidden beside the small 2. General
    # provisions show the same 9 again: shown there, it would give the 2 back.
    settled = Section(key="a", title="A", tables=[Table(caption="T", columns=[], rows=[
        [number(2)], [number(9, "settled:general")], [number(12)], [number(23)]], sums=[COLUMN])])
    general = Section(key="b", title="B", tables=[Table(caption="T", columns=[], rows=[
        [number(9, "settled:general")], [number(40)]])])
    first, second = report(settled, general)
    assert hidden(first) == [[True], [True], [False], [False]]
    assert hidden(second) == [[True], [False]]
    assert second[0][0]["value"] is None


def test_a_complement_hidden_in_one_table_is_hidden_in_the_other_and_protected_there():
    # Table 1: 2 + 9 + 12 = 23; the 2 is small, so the 9 goes with it. The 9 is also in table 2,
    # where 9 + 15 + 30 = 54: shown there it would give the 2 back, hidden alone it would be 54 - 45.
    first = Table(caption="1", columns=[], rows=[[number(2)], [number(9, "x")], [number(12)], [number(23)]],
                  sums=[COLUMN])
    second = Table(caption="2", columns=[], rows=[[number(9, "x")], [number(15)], [number(30)], [number(54)]],
                   sums=[COLUMN])
    one, two = report(Section(key="s", title="S", tables=[first, second]))
    assert hidden(one) == [[True], [True], [False], [False]]
    assert hidden(two) == [[True], [True], [False], [False]]


def kinds_and_all_sent(values: tuple[int, int, int], total: int, *, parts_declared: bool = True) -> list:
    refs = ["sent:wmo", "sent:special", "sent:debt"]
    by_kind = Section(key="kinds", title="K", tables=[Table(caption="T", columns=[], rows=[
        [number(value, ref)] for value, ref in zip(values, refs, strict=True)])])
    objections = Section(key="objections", title="O", tables=[Table(caption="T", columns=[], rows=[
        [number(total, "sent")]])],
        ref_sums=[RefSum(parts=refs if parts_declared else [*refs, "sent:other"], total="sent")])
    return report(by_kind, objections)


def test_parts_in_one_section_and_their_total_in_another_add_up():
    kinds, [[total]] = kinds_and_all_sent((3, 8, 20), 31)
    # The 3 alone would be 31 - 8 - 20, so the smallest other kind goes with it.
    assert hidden(kinds) == [[True], [True], [False]]
    assert total["value"] == 31


def test_a_sum_across_tables_with_a_part_the_report_does_not_show_hides_nothing_more():
    # A part that is not in the report is unknown to the reader too: the others stay shown.
    kinds, _total = kinds_and_all_sent((3, 8, 20), 31, parts_declared=False)
    assert hidden(kinds) == [[True], [False], [False]]


@st.composite
def two_tables(draw):
    """A table of counts with row and column totals, and a second table that repeats its row
    totals (the same numbers, by ref) beside one more row, with a grand total of its own."""
    width = draw(st.integers(min_value=2, max_value=4))
    count = st.one_of(st.integers(min_value=0, max_value=4), st.integers(min_value=5, max_value=15))
    parts = draw(st.lists(st.lists(count, min_size=width, max_size=width), min_size=1, max_size=4))
    extra = draw(count)
    return parts, extra


def _assert_no_small_hidden_number_is_determined(tables: list[tuple[list[list[dict]], list[AddsUp]]],
                                                 extra_lines: list | None = None) -> None:
    """Written apart from the engine: the unknowns are the hidden numbers (one per ref, else per
    cell); a small one is given away when dropping its column lowers the rank of the sums."""
    lines = list(extra_lines or [])
    for rows, sums in tables:
        for add_up in sums:
            if add_up.axis == "rows":
                lines += [([rows[p][c] for p in add_up.parts], rows[add_up.total][c]) for c in range(len(rows[0]))]
            else:
                lines += [([row[p] for p in add_up.parts], row[add_up.total]) for row in rows]
    names: dict[object, int] = {}
    small: dict[int, int] = {}
    for rows, _sums in tables:
        for row in rows:
            for cell in row:
                if cell["suppressed"]:
                    index = names.setdefault(cell["ref"] or id(cell), len(names))
                    small[index] = cell["residents"]
    if not names:
        return

    def unknown(cell: dict) -> int | None:
        return names.get(cell["ref"] or id(cell)) if cell["suppressed"] else None

    matrix = []
    for parts, total in lines:
        row = [Fraction(0)] * len(names)
        for cell, sign in [*((part, 1) for part in parts), (total, -1)]:
            if (index := unknown(cell)) is not None:
                row[index] += sign
        if any(row):
            matrix.append(row)
    if not matrix:
        return
    full = _rank(matrix)
    for index, residents in small.items():
        if 0 < residents < THRESHOLD:
            assert _rank([row[:index] + row[index + 1:] for row in matrix]) == full, tables


@settings(max_examples=300, deadline=None)
@given(two_tables())
def test_no_number_is_given_away_through_its_copy_in_another_table(drawn):
    parts, extra = drawn
    rows = [[*row, sum(row)] for row in parts]
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    n_rows, n_columns = len(parts), len(parts[0])
    first_sums = [AddsUp("rows", parts=list(range(n_rows)), total=n_rows),
                  AddsUp("columns", parts=list(range(n_columns)), total=n_columns)]
    first = [[number(value, f"row{i}" if j == n_columns else None) for j, value in enumerate(row)]
             for i, row in enumerate(rows)]
    first[-1][-1] = number(rows[-1][-1], "all")
    totals = [row[-1] for row in rows[:-1]]
    second = [[number(total, f"row{i}")] for i, total in enumerate(totals)]
    second += [[number(extra)], [number(sum(totals) + extra)]]
    second_sums = [AddsUp("rows", parts=list(range(n_rows + 1)), total=n_rows + 1)]
    one, two = report(Section(key="s", title="S", tables=[Table(caption="1", columns=[], rows=first, sums=first_sums),
                                                         Table(caption="2", columns=[], rows=second, sums=second_sums)]))
    _assert_no_small_hidden_number_is_determined([(one, first_sums), (two, second_sums)])
    for i, row in enumerate(one[:-1]):
        assert row[-1]["suppressed"] == two[i][0]["suppressed"]  # a number and its copy go together
        assert row[-1]["value"] == two[i][0]["value"]


@pytest.mark.django_db
def test_the_numbers_a_report_repeats_are_the_same_numbers_in_real_data():
    """What a figure declares with `ref` must hold in data: the copies agree in value and in
    residents, and the parts of a `RefSum` add up to its total (else the engine would protect a
    number that is not the one shown, or derive a wrong one)."""
    call_command("seed_demo")
    today = timezone.localdate()
    scope = Scope(date_from=today - datetime.timedelta(days=3 * 366), date_to=today)
    sections = [function(scope).as_json() for _key, function in registered_figures()]
    by_ref: dict[str, list[dict]] = {}
    for section in sections:
        for table in section["tables"]:
            for row in table["rows"]:
                for cell in row:
                    if cell["ref"]:
                        by_ref.setdefault(cell["ref"], []).append(cell)
    repeated = {ref: cells for ref, cells in by_ref.items() if len(cells) > 1}
    assert {"requests", "settled:general_provision"} <= set(repeated)
    assert all(cells[0]["value"] > 0 for cells in repeated.values()), repeated  # the data means something
    for ref, cells in repeated.items():
        assert {(cell["value"], cell["residents"]) for cell in cells} == {(cells[0]["value"], cells[0]["residents"])}, ref
    ref_sums = [ref_sum for section in sections for ref_sum in section["ref_sums"]]
    assert ref_sums
    for ref_sum in ref_sums:
        assert sum(by_ref[ref][0]["value"] for ref in ref_sum["parts"]) == by_ref[ref_sum["total"]][0]["value"]


def generate(user, *, kind: str = "quarter", quarter: int | None = None, zone=None):
    from reporting import services
    from reporting.models import PeriodKind

    report = services.report_request(user=user, request=None, period_kind=PeriodKind(kind), year=2025,
                                     quarter=quarter, zone=zone, enqueue=False)
    return services.report_generate_run(report_id=report.pk)


def walk_in(report) -> dict:
    section = next(s for s in report.data if s["key"] == "test-requests")
    return next(row for row in section["tables"][0]["rows"] if row[0]["value"] == "walk_in")[1]


@pytest.fixture
def quarters_2025(test_figures, team_leader, zone):
    """Walk-in requests in 2025: 6, 6 and 6 in the first three quarters, 2 in the fourth."""
    from tests.reporting.conftest import make_requests

    for quarter, n in ((1, 6), (2, 6), (3, 6), (4, 2)):
        make_requests(n, zone=zone, channel="walk_in", day=datetime.date(2025, 3 * quarter, 10))
        make_requests(6, zone=zone, channel="phone", day=datetime.date(2025, 3 * quarter, 10))
    return [generate(team_leader, quarter=quarter) for quarter in (1, 2, 3, 4)]


@pytest.mark.django_db
def test_a_year_does_not_give_away_what_its_quarters_hide(quarters_2025, team_leader):
    assert [walk_in(report)["value"] for report in quarters_2025] == [6, 6, 6, None]
    year = generate(team_leader, kind="year")
    # Shown, 20 would be 20 - 6 - 6 - 6 = 2 walk-in requests in the fourth quarter.
    assert walk_in(year)["suppressed"] is True


@pytest.mark.django_db
def test_the_municipality_does_not_give_away_what_a_zone_hides(test_figures, team_leader, zone, other_zone):
    from tests.reporting.conftest import make_requests

    make_requests(7, zone=zone, channel="walk_in", day=datetime.date(2025, 3, 10))
    make_requests(3, zone=other_zone, channel="walk_in", day=datetime.date(2025, 3, 10))
    zones = [generate(team_leader, quarter=1, zone=z) for z in (zone, other_zone)]
    assert [walk_in(report)["value"] for report in zones] == [7, None]
    municipality = generate(team_leader, quarter=1)
    assert walk_in(municipality)["suppressed"] is True  # 10 - 7 = 3


@pytest.mark.django_db
def test_a_zone_made_after_the_municipality_protects_the_zone_not_made_yet(test_figures, team_leader, zone,
                                                                          other_zone):
    from tests.reporting.conftest import make_requests

    make_requests(7, zone=zone, channel="walk_in", day=datetime.date(2025, 3, 10))
    make_requests(3, zone=other_zone, channel="walk_in", day=datetime.date(2025, 3, 10))
    municipality = generate(team_leader, quarter=1)
    assert walk_in(municipality)["value"] == 10
    # Shown, the first zone's 7 would be 10 - 7 = 3 for the other zone, whose report is not made.
    assert walk_in(generate(team_leader, quarter=1, zone=zone))["suppressed"] is True


@pytest.mark.django_db
def test_a_year_without_any_of_its_quarters_gives_no_quarter_away(test_figures, team_leader, zone):
    from tests.reporting.conftest import make_requests

    make_requests(2, zone=zone, channel="walk_in", day=datetime.date(2025, 12, 10))
    make_requests(6, zone=zone, channel="walk_in", day=datetime.date(2025, 6, 10))
    assert walk_in(generate(team_leader, kind="year"))["value"] == 8


@pytest.mark.django_db
def test_a_year_made_before_its_last_quarter_protects_that_quarter(test_figures, team_leader, zone):
    from tests.reporting.conftest import make_requests

    for quarter, n in ((1, 6), (2, 6), (3, 6), (4, 2)):
        make_requests(n, zone=zone, channel="walk_in", day=datetime.date(2025, 3 * quarter, 10))
    [generate(team_leader, quarter=quarter) for quarter in (1, 2, 3)]
    # 20 - 18 would be the fourth quarter's 2, though its report is not made yet.
    assert walk_in(generate(team_leader, kind="year"))["suppressed"] is True


def provisions(wmo: int, special: int) -> list[dict]:
    """Two provisions of one name and different kinds: rows told apart by every label they carry."""
    text = lambda value: Cell(value, unit="text")  # noqa: E731
    return [Section(key="provisions", title="P", tables=[Table(caption="T", columns=[], rows=[
        [text("Vervoer"), text("Wmo"), number(wmo)],
        [text("Vervoer"), text("Bijzondere bijstand"), number(special)]])]).as_json()]


def test_rows_of_one_name_are_matched_across_reports_by_all_their_labels():
    quarters = [suppress_sections(provisions(6, 9), THRESHOLD) for _ in range(3)]
    fourth = suppress_sections(provisions(2, 9), THRESHOLD)
    year = suppress_sections(provisions(20, 36), THRESHOLD, stored=[*quarters, fourth],
                             report_sums=[([1, 2, 3, 4], 0)])
    wmo, special = year[0]["tables"][0]["rows"]
    assert wmo[2]["suppressed"] is True  # 20 - 18 = the fourth quarter's 2
    assert special[2]["value"] == 36


def provision(name: str, n: int, *, keyed: bool = True) -> list[dict]:
    """One provision's row, by its record's key; `keyed=False` is a report stored before labels had
    keys (its cells lack the field)."""
    section = Section(key="provisions", title="P", tables=[Table(caption="T", columns=[], rows=[
        [Cell(name, unit="text", key="provision:7"), number(n)], [Cell("Other", unit="text"), number(30)]])]).as_json()
    if not keyed:
        for row in section["tables"][0]["rows"]:
            for cell in row:
                del cell["key"]
    return [section]


def test_a_provision_renamed_between_a_quarter_and_its_year_is_still_one_row():
    # The first quarter called it "Huishoudelijke hulp" and hid its 2; renamed since, the other
    # quarters and the year call it "Hulp bij het huishouden". Matched by name, the year's 20
    # would be 20 - 18 = 2 with nothing to check it against.
    first = suppress_sections(provision("Huishoudelijke hulp", 2), THRESHOLD)
    assert first[0]["tables"][0]["rows"][0][1]["suppressed"] is True
    later = [suppress_sections(provision("Hulp bij het huishouden", 6), THRESHOLD) for _ in range(3)]
    year = suppress_sections(provision("Hulp bij het huishouden", 20), THRESHOLD, stored=[first, *later],
                             report_sums=[([1, 2, 3, 4], 0)])
    assert year[0]["tables"][0]["rows"][0][1]["suppressed"] is True


def test_a_quarter_stored_before_labels_had_keys_is_still_matched_by_name():
    first = suppress_sections(provision("Hulp bij het huishouden", 2, keyed=False), THRESHOLD)
    later = [suppress_sections(provision("Hulp bij het huishouden", 6), THRESHOLD) for _ in range(3)]
    year = suppress_sections(provision("Hulp bij het huishouden", 20), THRESHOLD, stored=[first, *later],
                             report_sums=[([1, 2, 3, 4], 0)])
    assert year[0]["tables"][0]["rows"][0][1]["suppressed"] is True


@st.composite
def four_quarters(draw):
    """Four quarters of one table shape: labelled rows of counts with row and column totals."""
    width = draw(st.integers(min_value=1, max_value=3))
    height = draw(st.integers(min_value=1, max_value=3))
    count = st.one_of(st.integers(min_value=0, max_value=4), st.integers(min_value=5, max_value=12))
    return [draw(st.lists(st.lists(count, min_size=width, max_size=width), min_size=height, max_size=height))
            for _quarter in range(4)]


def labelled(parts: list[list[int]]) -> tuple[list[list[Cell]], list[AddsUp]]:
    rows = [[*row, sum(row)] for row in parts]
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    cells = [[Cell(f"row {i}", unit="text"), *(number(value) for value in row)] for i, row in enumerate(rows)]
    width = len(parts[0])
    return cells, [AddsUp("rows", parts=list(range(len(parts))), total=len(parts)),
                   AddsUp("columns", parts=list(range(1, width + 1)), total=width + 1)]


def alone(rows: list[list[Cell]], sums: list[AddsUp]) -> list[dict]:
    return suppress_sections([Section(key="s", title="S", tables=[Table(caption="T", columns=[], rows=rows,
                                                                        sums=sums)]).as_json()], THRESHOLD)


@settings(max_examples=300, deadline=None)
@given(four_quarters())
def test_a_year_gives_away_nothing_its_stored_quarters_hide(quarters):
    """The quarters are suppressed on their own and stored; the year is suppressed against them.
    Across all five, no small hidden number can be solved from what is shown and every sum."""
    stored = []
    for parts in quarters:
        stored.append(alone(*labelled(parts)))
    before = copy.deepcopy(stored)
    year_parts = [[sum(values) for values in zip(*rows, strict=True)] for rows in zip(*quarters, strict=True)]
    year_rows, sums = labelled(year_parts)
    year = suppress_sections([Section(key="s", title="S", tables=[Table(caption="T", columns=[], rows=year_rows,
                                                                        sums=sums)]).as_json()],
                             THRESHOLD, stored=stored, report_sums=[([1, 2, 3, 4], 0)])
    assert stored == before  # what was published stays as it was
    tables = [(report[0]["tables"][0]["rows"], sums) for report in [year, *stored]]
    across = [([rows[i][j] for rows, _sums in tables[1:]], tables[0][0][i][j])
              for i in range(len(year_rows)) for j in range(1, len(year_rows[0]))]
    _assert_no_small_hidden_number_is_determined(tables, across)


@pytest.mark.django_db
def test_a_missing_quarter_is_worked_out_for_its_own_three_months(test_figures, team_leader, zone):
    from tests.reporting.conftest import make_requests

    make_requests(6, zone=zone, channel="walk_in", day=datetime.date(2025, 2, 10))
    make_requests(2, zone=zone, channel="walk_in", day=datetime.date(2025, 6, 30))  # the last day of Q2
    make_requests(6, zone=zone, channel="walk_in", day=datetime.date(2025, 7, 1))
    make_requests(6, zone=zone, channel="walk_in", day=datetime.date(2025, 12, 31))
    [generate(team_leader, quarter=quarter) for quarter in (1, 3, 4)]
    # The second quarter is not made: worked out for April-June, it holds the 2, which the year's
    # 20 minus the other three would give away.
    assert walk_in(generate(team_leader, kind="year"))["suppressed"] is True


@pytest.mark.django_db
def test_the_published_version_counts_not_a_newer_draft(test_figures, team_leader, zone):
    from reporting import services
    from tests.reporting.conftest import make_requests

    for quarter, n in ((1, 6), (2, 6), (3, 6), (4, 2)):
        make_requests(n, zone=zone, channel="walk_in", day=datetime.date(2025, 3 * quarter, 10))
    *_earlier, q4 = [generate(team_leader, quarter=quarter) for quarter in (1, 2, 3, 4)]
    services.report_publish(user=team_leader, request=None, report=q4)
    make_requests(4, zone=zone, channel="walk_in", day=datetime.date(2025, 12, 10))
    assert walk_in(generate(team_leader, quarter=4))["value"] == 6  # a newer draft, not published
    # The equations take the published fourth quarter, whose walk-in count is hidden (2 residents);
    # with the draft's shown 6 in its place, the year's 24 would have been shown.
    assert walk_in(generate(team_leader, kind="year"))["suppressed"] is True
