"""Demo data of the partners app, called by seed_demo after the households exist. Idempotent:
services, finding places and people are looked up by name; referrals are only added while the
demo has fewer than the target."""

from __future__ import annotations

import datetime
import random
import unicodedata

from django.utils import timezone
from faker import Faker

from accounts.models import User, Zone
from intake.models import Conversation
from partners.models import (
    FindingPlace,
    FindingPlaceKind,
    Organisation,
    Person,
    Referral,
    ReferralStatus,
    Service,
    Urgency,
)
from partners.services import search_text_for

# Services per demo organisation (toegang/demo.py PARTNERS).
SERVICES = {
    "Centrum voor Jeugd en Gezin Meerhoven": ["Opvoedondersteuning", "Jeugdgezondheidszorg"],
    "Welzijn Meerhoven": ["Maatschappelijk werk", "Mantelzorgondersteuning", "Buurtcoach"],
    "Schuldhulpmaatje Meerhoven": ["Schuldhulp en budgetcoaching", "Formulierenhulp"],
    "Werkbedrijf De Skoalle": ["Re-integratie en werk", "Inkomensondersteuning"],
    "Zorggroep De Feart": ["Wijkverpleging", "Dagbesteding"],
    "Vrijwilligerscentrale Meerhoven": ["Maatje voor eenzame ouderen", "Klussendienst"],
    "MEE cliëntondersteuning": ["Onafhankelijke cliëntondersteuning"],
    "Woningstichting Meerhoven": ["Huurachterstand en woonbegeleiding"],
}

EXPERTISE = {
    "Centrum voor Jeugd en Gezin Meerhoven": ["opvoeding", "jeugdgezondheid", "pubers", "echtscheiding"],
    "Welzijn Meerhoven": ["eenzaamheid", "mantelzorg", "maatschappelijk werk", "huiselijk geweld"],
    "Schuldhulpmaatje Meerhoven": ["schuldhulp", "budgetbeheer", "toeslagen", "beschermingsbewind"],
    "Werkbedrijf De Skoalle": ["werk", "re-integratie", "bijstand", "inburgering"],
    "Zorggroep De Feart": ["wijkverpleging", "dementie", "dagbesteding", "ouderenzorg"],
    "Vrijwilligerscentrale Meerhoven": ["vrijwilligers", "maatjes", "vervoer", "klussen"],
    "MEE cliëntondersteuning": ["cliëntondersteuning", "licht verstandelijke beperking", "wmo-aanvraag"],
    "Woningstichting Meerhoven": ["huurachterstand", "woonoverlast", "woningaanpassing"],
}

JOB_TITLES = {
    "Centrum voor Jeugd en Gezin Meerhoven": ["Jeugdverpleegkundige", "Pedagoog", "Jeugdarts"],
    "Welzijn Meerhoven": ["Maatschappelijk werker", "Buurtcoach", "Mantelzorgconsulent"],
    "Schuldhulpmaatje Meerhoven": ["Schuldhulpverlener", "Budgetcoach", "Coördinator vrijwilligers"],
    "Werkbedrijf De Skoalle": ["Klantmanager", "Jobcoach"],
    "Zorggroep De Feart": ["Wijkverpleegkundige", "Casemanager dementie"],
    "Vrijwilligerscentrale Meerhoven": ["Coördinator", "Vrijwilligersconsulent"],
    "MEE cliëntondersteuning": ["Cliëntondersteuner"],
    "Woningstichting Meerhoven": ["Woonconsulent", "Huurincasso-medewerker"],
}

# (organisation, name, kind, street, number, postcode, zone code)
FINDING_PLACES = [
    ("Centrum voor Jeugd en Gezin Meerhoven", "Consultatiebureau Meerhoven-Centrum", FindingPlaceKind.CONSULTATION_OFFICE,
     "Kerkstraat", "4", "8441AC", "centrum"),
    ("Centrum voor Jeugd en Gezin Meerhoven", "Obs De Tjasker", FindingPlaceKind.SCHOOL, "Schoolstraat", "12", "8443BD",
     "noord"),
    ("Centrum voor Jeugd en Gezin Meerhoven", "Cbs De Fonteine", FindingPlaceKind.SCHOOL, "Molenweg", "3", "8451KA",
     "dorpen-noord"),
    ("Welzijn Meerhoven", "Buurthuis De Skans", FindingPlaceKind.COMMUNITY_CENTRE, "Heidelaan", "40", "8445HL", "zuid"),
    ("Welzijn Meerhoven", "Servicepunt Meerhoven", FindingPlaceKind.SERVICE_POINT, "Marktplein", "1", "8441BA",
     "centrum"),
    ("Zorggroep De Feart", "Huisartsenpraktijk Mildehuizen", FindingPlaceKind.GP_PRACTICE, "Dorpsstraat", "22",
     "8453MA", "dorpen-oost"),
    ("Zorggroep De Feart", "Gezondheidscentrum Oudeschoot", FindingPlaceKind.GP_PRACTICE, "Badweg", "7", "8456AR",
     "dorpen-zuid"),
]

QUESTIONS = {
    "Schuldhulpmaatje Meerhoven": "Graag een eerste gesprek over de schulden en een budgetplan.",
    "Woningstichting Meerhoven": "Kunt u een betalingsregeling voor de huurachterstand bespreken?",
    "Vrijwilligerscentrale Meerhoven": "Mevrouw wil graag een maatje om mee te wandelen en koffie te drinken.",
    "Centrum voor Jeugd en Gezin Meerhoven": "Ondersteuning bij de opvoeding van de oudste zoon (14).",
    "Welzijn Meerhoven": "Meneer zorgt alleen voor zijn vrouw met dementie: graag mantelzorgondersteuning.",
    "Werkbedrijf De Skoalle": "Mevrouw wil weer aan het werk; graag een gesprek over re-integratie.",
    "Zorggroep De Feart": "Graag een indicatie voor wijkverpleging na de ziekenhuisopname.",
    "MEE cliëntondersteuning": "Graag onafhankelijke cliëntondersteuning bij de Wmo-aanvraag.",
}

PEOPLE_TARGET = 40
REFERRALS_TARGET = 36


def seed(*, rng: random.Random, fake: Faker, today: datetime.date, zones: dict[str, Zone]) -> None:
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=SERVICES)}
    services = _seed_services(organisations)
    _seed_finding_places(organisations, zones)
    _seed_people(rng=rng, fake=fake, today=today, organisations=organisations, zones=zones)
    _seed_referrals(rng=rng, today=today, services=services)


def _seed_services(organisations: dict[str, Organisation]) -> list[Service]:
    services = []
    for org_name, names in SERVICES.items():
        organisation = organisations.get(org_name)
        if organisation is None:
            continue
        for name in names:
            service, _created = Service.objects.get_or_create(
                organisation=organisation, name=name,
                defaults={"description": f"{name} door {organisation.name}."})
            services.append(service)
    return services


def _seed_finding_places(organisations: dict[str, Organisation], zones: dict[str, Zone]) -> None:
    for org_name, name, kind, street, number, postcode, zone_code in FINDING_PLACES:
        if org_name in organisations:
            FindingPlace.objects.get_or_create(
                organisation=organisations[org_name], name=name,
                defaults={"kind": kind, "street": street, "house_number": number, "postcode": postcode,
                          "city": "Meerhoven", "zone": zones.get(zone_code)})


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"+316{rng.randint(10000000, 99999999)}"
    return f"+31513{rng.randint(200000, 699999)}"


def _seed_people(*, rng: random.Random, fake: Faker, today: datetime.date,
                 organisations: dict[str, Organisation], zones: dict[str, Zone]) -> None:
    zone_list = list(zones.values())
    # The demo partner login keeps their own entry and administers Schuldhulpmaatje's people.
    partner_user = User.objects.filter(username="partner-schuldhulp").first()
    debt = organisations.get("Schuldhulpmaatje Meerhoven")
    if partner_user and debt and not Person.objects.filter(user=partner_user).exists():
        person = Person(organisation=debt, user=partner_user, name=partner_user.get_full_name(),
                        job_title="Schuldhulpverlener", expertise=["schuldhulp", "budgetbeheer", "huurachterstand"],
                        phone="+31612345670", email="ronald.mulder@schuldhulpmaatje.example",
                        availability=[0, 2, 3], availability_note="Servicepunt Meerhoven, 9-12 uur",
                        is_organisation_admin=True, confirmed_on=today - datetime.timedelta(days=20))
        person.search_text = search_text_for(person, organisation=debt, zones=zone_list)
        person.save()
        person.zones.set(zone_list)
    missing = PEOPLE_TARGET - Person.objects.count()
    names = list(organisations)
    for i in range(max(0, missing)):
        organisation = organisations[names[i % len(names)]]
        tags = rng.sample(EXPERTISE[organisation.name], k=min(2, len(EXPERTISE[organisation.name])))
        person_zones = rng.sample(zone_list, k=rng.randint(1, 3))
        # Every fifth entry has not been confirmed for over half a year: it shows as stale.
        age = rng.randint(200, 500) if i % 5 == 4 else rng.randint(0, 150)
        name = fake.name()
        person = Person(
            organisation=organisation, name=name, job_title=rng.choice(JOB_TITLES[organisation.name]),
            expertise=tags, phone=_phone(rng),
            email=f"{_ascii(name.split()[0])}.{i}@{_ascii(organisation.name.split()[0])}.example",
            availability=sorted(rng.sample(range(5), k=rng.randint(1, 3))),
            availability_note=rng.choice(["Servicepunt Meerhoven", "Buurthuis De Skans", "", "Op afspraak"]),
            confirmed_on=today - datetime.timedelta(days=age),
        )
        person.search_text = search_text_for(person, organisation=organisation, zones=person_zones)
        person.save()
        person.zones.set(person_zones)


def _seed_referrals(*, rng: random.Random, today: datetime.date, services: list[Service]) -> None:
    missing = REFERRALS_TARGET - Referral.objects.count()
    if missing <= 0 or not services:
        return
    conversations = list(
        Conversation.objects.filter(help_request__resident__isnull=False, referrals__isnull=True)
        .select_related("help_request", "worker").order_by("-held_on")[:missing]
    )
    debt_services = [s for s in services if s.organisation.name == "Schuldhulpmaatje Meerhoven"]
    contacts: dict[int, list[Person]] = {}
    for person in Person.objects.filter(active=True):
        contacts.setdefault(person.organisation_id, []).append(person)
    states = [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.STARTED,
              ReferralStatus.FINISHED]
    rows = []
    for i, conversation in enumerate(conversations):
        # Every other referral goes to debt counselling: the demo partner login has work to do.
        service = debt_services[0] if debt_services and i % 2 == 0 else rng.choice(services)
        status = states[i % len(states)]
        sent = min(today, conversation.held_on) - datetime.timedelta(days=rng.randint(0, 3) if status ==
                                                                      ReferralStatus.SENT else rng.randint(5, 60))
        if status == ReferralStatus.SENT and i % 3 == 0:
            sent = today - datetime.timedelta(days=rng.randint(8, 14))  # acceptance overdue
        people = contacts.get(service.organisation_id) or [None]
        referral = Referral(
            help_request=conversation.help_request, conversation=conversation,
            resident_id=conversation.help_request.resident_id, household_id=conversation.household_id,
            service=service, organisation_id=service.organisation_id, partner_contact=rng.choice(people),
            sender=conversation.worker,
            question=QUESTIONS.get(service.organisation.name, "Graag een kennismakingsgesprek met de inwoner."),
            urgency=rng.choice([Urgency.NORMAL] * 4 + [Urgency.URGENT]),
            share_request=True, share_summary=rng.random() < 0.7, share_scores=rng.random() < 0.4,
            share_debts=service in debt_services or rng.random() < 0.3,
            consent_until=today + datetime.timedelta(days=rng.randint(60, 240)),
            consent_recorded_at=timezone.now(), sent_on=sent, accept_by=sent + datetime.timedelta(days=5),
            status=status,
        )
        if status != ReferralStatus.SENT:
            referral.responded_at = timezone.now()
        if status == ReferralStatus.DECLINED:
            referral.decline_reason = "Wachtlijst van acht weken; de Kredietbank kan sneller helpen."
        if status in (ReferralStatus.STARTED, ReferralStatus.FINISHED):
            referral.started_on = sent + datetime.timedelta(days=rng.randint(3, 10))
        if status == ReferralStatus.FINISHED:
            referral.finished_on = min(today, referral.started_on + datetime.timedelta(days=rng.randint(10, 40)))
            referral.feedback = "Budgetplan opgesteld, vaste lasten op orde; inwoner regelt de post nu zelf."
        if i == len(conversations) - 1:
            referral.consent_withdrawn_at = timezone.now()
        rows.append(referral)
    Referral.objects.bulk_create(rows)
