"""The legal clocks against hand-worked dates (Algemene termijnenwet), on the calendar the
migration seeds. Dutch holidays of 2025-2027 used below:
2025: Good Friday 18 Apr, Easter Monday 21 Apr, King's Day Sat 26 Apr (27 Apr is a Sunday),
      5 May Mon, Ascension 29 May, Christmas Thu 25 + Fri 26 Dec.
2026: Good Friday 3 Apr, Easter Monday 6 Apr, King's Day Mon 27 Apr, 5 May Tue, Ascension
      Thu 14 May, Whit Monday 25 May, Christmas Fri 25 + Sat 26 Dec.
2027: Good Friday 26 Mar, Easter Monday 29 Mar, 5 May Wed, Ascension Thu 6 May."""

import datetime

import pytest

from mandates import clocks
from mandates.models import HolidaySource, LegalHoliday

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def cal():
    return clocks.load_calendar()


def test_the_calendar_has_5_may_every_year_not_only_every_fifth():
    assert all(LegalHoliday.objects.filter(date=D(year, 5, 5)).exists() for year in range(2020, 2041))


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday():
    assert LegalHoliday.objects.filter(date=D(2025, 4, 26)).exists()
    assert not LegalHoliday.objects.filter(date=D(2025, 4, 27)).exists()
    assert LegalHoliday.objects.filter(date=D(2026, 4, 27)).exists()


@pytest.mark.parametrize(("day", "working"), [
    (D(2026, 4, 2), True),    # Thursday before Easter
    (D(2026, 4, 3), False),   # Good Friday
    (D(2026, 4, 6), False),   # Easter Monday
    (D(2026, 4, 27), False),  # King's Day
    (D(2026, 5, 5), False),   # 5 May
    (D(2026, 5, 14), False),  # Ascension Day
    (D(2026, 5, 15), True),   # the Friday after: only a royal decree makes it a holiday
    (D(2026, 12, 24), True),
    (D(2026, 12, 25), False),
    (D(2026, 12, 28), True),
    (D(2026, 11, 14), False),  # a Saturday
])
def test_working_days_skip_weekends_and_legal_holidays(cal, day, working):
    assert cal.is_working_day(day) is working


CLOCKS = [
    # (description, function, kwargs, last day on time)
    ("Wmo decision 2 weeks, ends on Easter Monday", clocks.wmo_decision_due,
     {"application_on": D(2026, 3, 23)}, D(2026, 4, 7)),
    ("Wmo decision 2 weeks, ends on 5 May then Ascension 2027", clocks.wmo_decision_due,
     {"application_on": D(2027, 4, 21)}, D(2027, 5, 7)),
    ("Wmo decision 2 weeks, ordinary Tuesday", clocks.wmo_decision_due,
     {"application_on": D(2026, 12, 15)}, D(2026, 12, 29)),
    ("Wmo investigation 6 weeks, ends on Ascension Day", clocks.wmo_investigation_due,
     {"melding_on": D(2026, 4, 2)}, D(2026, 5, 15)),
    ("special assistance 8 weeks, ends on Good Friday, Easter Monday follows",
     clocks.special_assistance_decision_due, {"application_on": D(2026, 2, 6)}, D(2026, 4, 7)),
    ("special assistance extended by 2 weeks (Awb 4:14)", clocks.special_assistance_decision_due,
     {"application_on": D(2026, 1, 23), "extension_weeks": 2}, D(2026, 4, 7)),
    ("special assistance suspended 7 days (Awb 4:15)", clocks.special_assistance_decision_due,
     {"application_on": D(2026, 1, 30), "suspended_days": 7}, D(2026, 4, 7)),
    ("debt help urgent: 3 working days over Easter", clocks.debt_first_conversation_due,
     {"requested_on": D(2026, 4, 2), "urgent": True}, D(2026, 4, 9)),
    ("debt help urgent: 3 working days over Christmas", clocks.debt_first_conversation_due,
     {"requested_on": D(2026, 12, 23), "urgent": True}, D(2026, 12, 29)),
    ("debt help urgent: 3 working days over King's Day", clocks.debt_first_conversation_due,
     {"requested_on": D(2026, 4, 23), "urgent": True}, D(2026, 4, 29)),
    ("debt help urgent: 3 working days over 5 May", clocks.debt_first_conversation_due,
     {"requested_on": D(2026, 5, 1), "urgent": True}, D(2026, 5, 7)),
    ("debt help 4 weeks, ends on Christmas Day", clocks.debt_first_conversation_due,
     {"requested_on": D(2026, 11, 27), "urgent": False}, D(2026, 12, 28)),
    ("debt-help access 8 weeks after the first conversation, ends on Ascension",
     clocks.debt_access_decision_due, {"first_conversation_on": D(2026, 3, 19)}, D(2026, 5, 15)),
    ("debt-help access with a configured 10 weeks", clocks.debt_access_decision_due,
     {"first_conversation_on": D(2026, 3, 19), "weeks": 10}, D(2026, 5, 28)),
    ("objection period 6 weeks, ends on King's Day", clocks.objection_period_ends,
     {"sent_on": D(2026, 3, 16)}, D(2026, 4, 28)),
    ("objection period 6 weeks, ends on 5 May", clocks.objection_period_ends,
     {"sent_on": D(2026, 3, 24)}, D(2026, 5, 6)),
    ("objection period 6 weeks, sent on a Friday ends on a Friday", clocks.objection_period_ends,
     {"sent_on": D(2026, 3, 20)}, D(2026, 5, 1)),
    ("objection period 6 weeks, ends on Christmas Day, Boxing Day and Sunday follow",
     clocks.objection_period_ends, {"sent_on": D(2026, 11, 13)}, D(2026, 12, 28)),
    ("objection period ending on King's Day on a Saturday (2025)", clocks.objection_period_ends,
     {"sent_on": D(2025, 3, 15)}, D(2025, 4, 28)),
    ("decision on objection 6 weeks after the period", clocks.objection_decision_due,
     {"objection_period_end": D(2026, 11, 13)}, D(2026, 12, 28)),
    ("decision on objection 12 weeks with an advisory committee", clocks.objection_decision_due,
     {"objection_period_end": D(2026, 10, 2), "advisory_committee": True}, D(2026, 12, 28)),
    ("decision on objection extended once by 6 weeks", clocks.objection_decision_due,
     {"objection_period_end": D(2026, 10, 2), "extended": True}, D(2026, 12, 28)),
]


@pytest.mark.parametrize(("description", "clock", "kwargs", "expected"), CLOCKS, ids=[c[0] for c in CLOCKS])
def test_each_clock_ends_on_the_hand_worked_day(cal, description, clock, kwargs, expected):
    assert clock(cal, **kwargs) == expected


def test_a_day_equated_by_royal_decree_pushes_the_term_on(cal):
    assert clocks.wmo_investigation_due(cal, melding_on=D(2026, 4, 2)) == D(2026, 5, 15)
    LegalHoliday.objects.create(date=D(2026, 5, 15), name="Vrijdag na Hemelvaartsdag",
                                source=HolidaySource.DECREE, decree_reference="Stcrt. 2024, 12345")
    assert clocks.wmo_investigation_due(clocks.load_calendar(), melding_on=D(2026, 4, 2)) == D(2026, 5, 18)


@pytest.mark.parametrize(("event", "days", "expected"), [
    (D(2026, 12, 23), 3, D(2026, 12, 28)),  # Thu 24 is the only working day in 24-26: on to Mon 28
    (D(2026, 4, 2), 3, D(2026, 4, 8)),      # Good Friday, the weekend, Easter Monday: Tue 7 + Wed 8
    (D(2026, 3, 2), 3, D(2026, 3, 5)),      # an ordinary week: no extension
    (D(2026, 12, 23), 13, D(2027, 1, 5)),   # longer than 12 days: art. 2 does not apply
])
def test_a_short_term_holds_at_least_two_working_days(cal, event, days, expected):
    assert cal.term_in_days(event, days) == expected


def test_a_term_of_weeks_ends_on_the_weekday_of_the_event(cal):
    for offset in range(7):
        event = D(2026, 6, 1) + datetime.timedelta(days=offset)
        end = cal.term_in_weeks(event, 6)
        assert end == cal.next_working_day(event + datetime.timedelta(weeks=6))
        assert end.weekday() == event.weekday() or not cal.is_working_day(event + datetime.timedelta(weeks=6))


def test_working_days_are_counted_from_the_day_after_the_event(cal):
    assert cal.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)
    assert cal.working_days_between(D(2026, 4, 1), D(2026, 4, 10)) == 6
