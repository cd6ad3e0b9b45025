"""The legal clocks of mandated decisions, in one module.

Counting follows the Algemene termijnenwet (Atw):
- art. 1: a term set by law that ends on a Saturday, Sunday or generally recognised holiday runs
  on to the next day that is none of these (a *working day* here);
- art. 2: a term of at least three and at most twelve days is extended so that it holds at least
  two working days;
- art. 3: the holidays, kept as data in `LegalHoliday` (including 5 May every year and the days
  a royal decree equates with them), so the calendar is the municipality's, not a library's.

A term "in weeks" starts on the day after an event and ends on the same weekday as the event,
n weeks later (Awb 6:8 for the objection period; the same counting for 4:13 and the Wmo terms),
then rolls on under art. 1.

Every function takes the day it counts from explicitly; nothing here reads the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import holidays as holidays_lib

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class LegalCalendar:
    """Weekends plus a set of legal holidays."""

    holidays: frozenset[datetime.date]

    @classmethod
    def of(cls, days: Iterable[datetime.date]) -> LegalCalendar:
        return cls(frozenset(days))

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself when it is a working day, else the first working day after it (Atw art. 1)."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_days_between(self, first: datetime.date, last: datetime.date) -> int:
        """Working days from `first` to `last`, both included."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def add_working_days(self, event: datetime.date, n: int) -> datetime.date:
        """The n-th working day after the event day (the event day itself does not count)."""
        day = event
        while n > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def term_in_days(self, event: datetime.date, days: int) -> datetime.date:
        """The last day of a term of `days` calendar days starting the day after `event`."""
        end = event + datetime.timedelta(days=days)
        if 3 <= days <= 12:
            # Atw art. 2: the term holds at least two working days.
            while self.working_days_between(event + ONE_DAY, end) < 2:
                end += ONE_DAY
        return self.next_working_day(end)

    def term_in_weeks(self, event: datetime.date, weeks: int) -> datetime.date:
        """The last day of a term of `weeks` weeks starting the day after `event`: the same
        weekday as the event, `weeks` weeks later, rolled on to a working day (Atw art. 1)."""
        return self.next_working_day(event + datetime.timedelta(weeks=weeks))


# ---------------------------------------------------------------------------------------------
# The clocks. Each returns the last day on which the act is on time; the day after is late.


def wmo_investigation_due(cal: LegalCalendar, *, melding_on: datetime.date) -> datetime.date:
    """Wmo 2015 art. 2.3.2: the investigation is finished within 6 weeks after the melding."""
    return cal.term_in_weeks(melding_on, 6)


def wmo_decision_due(cal: LegalCalendar, *, application_on: datetime.date) -> datetime.date:
    """Wmo 2015 art. 2.3.5: decision within 2 weeks after receiving the application."""
    return cal.term_in_weeks(application_on, 2)


def special_assistance_decision_due(cal: LegalCalendar, *, application_on: datetime.date,
                                    extension_weeks: int = 0, suspended_days: int = 0) -> datetime.date:
    """Participatiewet art. 35 has no term of its own: Awb 4:13, eight weeks after the
    application; extended with notice (4:14) and suspended while the applicant completes an
    incomplete application (4:15: the days of suspension are added)."""
    start = application_on + datetime.timedelta(days=suspended_days)
    return cal.term_in_weeks(start, 8 + extension_weeks)


def debt_first_conversation_due(cal: LegalCalendar, *, requested_on: datetime.date, urgent: bool) -> datetime.date:
    """Wgs art. 4: the first conversation within 4 weeks after the help question, or within 3
    working days when eviction, a cut-off of energy or water or the end of the health insurance
    threatens (the urgent flag of the debt screening)."""
    if urgent:
        return cal.add_working_days(requested_on, 3)
    return cal.term_in_weeks(requested_on, 4)


def debt_access_decision_due(cal: LegalCalendar, *, first_conversation_on: datetime.date,
                             weeks: int = 8) -> datetime.date:
    """Wgs art. 4a: the decision on access follows the first conversation; the municipality's
    term (DecisionSettings.debt_access_weeks, default 8 weeks)."""
    return cal.term_in_weeks(first_conversation_on, weeks)


def objection_period_ends(cal: LegalCalendar, *, sent_on: datetime.date) -> datetime.date:
    """Awb 6:7 and 6:8: six weeks from the day after the decision was sent."""
    return cal.term_in_weeks(sent_on, 6)


def objection_decision_due(cal: LegalCalendar, *, objection_period_end: datetime.date,
                           advisory_committee: bool = False, weeks: int = 6, committee_weeks: int = 12,
                           extended: bool = False) -> datetime.date:
    """Awb 7:10: within 6 weeks (12 with an advisory committee) after the end of the objection
    period; extendable once by 6 weeks."""
    total = (committee_weeks if advisory_committee else weeks) + (6 if extended else 0)
    return cal.term_in_weeks(objection_period_end, total)


# ---------------------------------------------------------------------------------------------
# The calendar as data.


def statutory_holidays(years: Iterable[int]) -> list[tuple[datetime.date, str]]:
    """A starting point for the Atw art. 3 holidays: the `holidays` package's Dutch calendar
    (which has Liberation Day only every fifth year) with 5 May added for every year. Equated
    days of royal decrees are not in it: the administrator adds them."""
    days: dict[datetime.date, str] = {}
    for day, name in holidays_lib.NL(years=list(years), language="nl").items():
        if name != "Bevrijdingsdag":
            days[day] = name
    for year in years:
        days[datetime.date(year, 5, 5)] = "5 mei"
    return sorted(days.items())


def load_calendar(start: datetime.date | None = None, end: datetime.date | None = None) -> LegalCalendar:
    """The legal calendar from the database (one query). Callers load all of it (a few hundred
    rows) unless they know the exact window: a window too narrow silently drops holidays."""
    from .models import LegalHoliday

    qs = LegalHoliday.objects.all()
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return LegalCalendar.of(qs.values_list("date", flat=True))
