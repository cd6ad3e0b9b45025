"""The check an example case passes before it can be submitted: its texts may not contain what
identifies the household (AVG: a council report is public). It looks for the names, street and
house number, postcode, dates of birth, BSNs, phone numbers and e-mail addresses of the case's
resident and every member the household has had, plus any 9-digit number that passes the BSN
eleven-test and any e-mail address or Dutch phone number at all (a public report names no one's
direct line)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _
from stdnum.nl import bsn as bsn_number

from cases.models import Case
from intake.models import HouseholdMembership, Resident

MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december"]
MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december"]
# Words too common to refuse on their own when they happen to be a name part ("van", "de").
NAME_PARTICLES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "la", "le", "du", "da", "op", "in"}
NINE_DIGITS = re.compile(r"(?<!\d)(\d[\s.]?){8}\d(?!\d)")
POSTCODE_ANY = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
EMAIL_ANY = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True)
class Household:
    first_names: set[str]
    surnames: set[str]
    streets: set[str]
    house_numbers: set[str]
    postcodes: set[str]
    births: set[datetime.date]
    bsns: set[str]
    phones: set[str]  # digits only
    emails: set[str]  # lower case


def household_of(case: Case) -> Household:
    """Everyone the check protects: the case's resident and all (also former) household members."""
    resident_ids = set(HouseholdMembership.objects.filter(household_id=case.household_id)
                       .values_list("resident_id", flat=True))
    resident_ids.add(case.conversation.help_request.resident_id)
    residents = Resident.objects.filter(pk__in=[r for r in resident_ids if r is not None])
    first_names: set[str] = set()
    surnames: set[str] = set()
    births: set[datetime.date] = set()
    bsns: set[str] = set()
    phones: set[str] = set()
    emails: set[str] = set()
    for resident in residents:
        first_names.update(p for p in resident.first_names.split() if p.lower() not in NAME_PARTICLES)
        surnames.add(resident.surname)
        surnames.update(p for p in resident.surname.replace("-", " ").split() if p.lower() not in NAME_PARTICLES)
        births.add(resident.date_of_birth)
        if resident.bsn:
            bsns.add(resident.bsn)
        if resident.phone:
            phones.add(_digits(resident.phone))
        if resident.email:
            emails.add(resident.email.lower())
    household = case.household
    return Household(first_names=first_names, surnames=surnames, streets={household.street},
                     house_numbers={household.house_number}, postcodes={household.postcode}, births=births,
                     bsns=bsns, phones=phones - {""}, emails=emails)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _word(text: str, word: str) -> bool:
    word = word.strip()
    return bool(word) and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def date_spellings(day: datetime.date) -> list[str]:
    """The usual ways a Dutch text writes a date: 03-04-1961, 3-4-1961, 3/4/61, 1961-04-03, 3 april 1961, 3 apr. 1961."""
    d, m, y = day.day, day.month, day.year
    spellings = []
    for dd in {f"{d:02d}", str(d)}:
        for mm in {f"{m:02d}", str(m)}:
            for sep in "-/.":
                spellings += [f"{dd}{sep}{mm}{sep}{y}", f"{dd}{sep}{mm}{sep}{y % 100:02d}"]
    spellings.append(day.isoformat())
    for month in (MONTHS_NL[m - 1], MONTHS_EN[m - 1]):
        spellings += [f"{d} {month} {y}", f"{d} {month[:3]} {y}", f"{d} {month[:3]}. {y}"]
    return spellings


def identifying_fragments(text: str, household: Household) -> list[str]:
    """Descriptions of what in `text` identifies the household (empty: the text may go on)."""
    found: list[str] = []
    names = sorted(n for n in household.first_names | household.surnames if _word(text, n))
    if names:
        found.append(_("a name of the resident or a household member (%(names)s)") % {"names": ", ".join(names)})
    if any(_word(text, s) for s in household.streets):
        found.append(_("the street name"))
    numbers = "|".join(re.escape(n) for n in household.house_numbers if n)
    if numbers and re.search(rf"\b(?:huisnummer|nummer|nr\.?|no\.?)\s*(?:{numbers})(?![\w-])", text, re.IGNORECASE):
        found.append(_("the house number"))
    compact = re.sub(r"\s", "", text).upper()
    if any(p and p.replace(" ", "").upper() in compact for p in household.postcodes) or POSTCODE_ANY.search(text):
        found.append(_("a postcode"))
    lowered = text.lower()
    if any(_word(lowered, s) for day in household.births for s in date_spellings(day)):
        found.append(_("a date of birth"))
    digits_only = re.sub(r"[\s.]", "", text)
    if (any(b in digits_only for b in household.bsns)
            or any(bsn_number.is_valid(re.sub(r"[\s.]", "", m.group(0))) for m in NINE_DIGITS.finditer(text))):
        found.append(_("a citizen service number (BSN)"))
    digits = _digits(text)
    if (any(p in digits for p in household.phones)
            or any(True for _match in phonenumbers.PhoneNumberMatcher(text, "NL"))):
        found.append(_("a phone number"))
    if any(e in lowered for e in household.emails) or EMAIL_ANY.search(text):
        found.append(_("an e-mail address"))
    return found
