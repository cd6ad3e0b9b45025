"""Demo data: one municipality of about 50 000 inhabitants in 6 zones, its staff and partners,
and a few hundred households with requests in every state. Idempotent: it tops the data up to
the target and never duplicates. `--scale N` multiplies the households for benchmarks."""

from __future__ import annotations

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from faker import Faker

from accounts import factories as account_factories
from accounts.factories import PostcodeAreaFactory, TeamFactory, UserFactory, ZoneFactory
from accounts.models import Role, User, Zone
from demo import seed_cases, seed_mandates, seed_partners, seed_reports, seed_surveys
from intake.factories import iter_test_bsns
from intake.models import (
    Arrears,
    Channel,
    Conversation,
    ConversationOutcome,
    ConversationStatus,
    HelpRequest,
    Household,
    HouseholdMembership,
    IntakeSettings,
    LifeDomain,
    Relation,
    RequestStatus,
    Resident,
    SelfRelianceScore,
    SettledBy,
    Threat,
    Urgency,
)
from partners.factories import OrganisationFactory
from toegang import demo

HOUSEHOLDS_PER_SCALE = 300
STREETS = ["Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Fennewei", "Heidelaan",
           "Kanaalweg", "Lindelaan", "Vaart", "Badweg", "Tjaskerwei", "Skoallestrjitte", "Marktplein"]
PLACE_OF_ZONE = {"centrum": "Meerhoven", "noord": "Meerhoven", "zuid": "Meerhoven", "dorpen-noord": "Haskeberg",
                 "dorpen-oost": "Mildehuizen", "dorpen-zuid": "Oudeschoot"}
QUESTIONS = [
    "Sinds de heupoperatie lukt het huishouden niet meer.",
    "We lopen achter met de huur en krijgen aanmaningen van de energieleverancier.",
    "Mijn moeder vereenzaamt sinds mijn vader is overleden.",
    "Onze zoon gaat niet meer naar school en zit de hele dag binnen.",
    "Ik kan de eigen bijdrage van de zorgverzekering niet betalen.",
    "De trap is te steil geworden; ik zoek een oplossing om thuis te blijven wonen.",
    "Na mijn scheiding overzie ik de post en de rekeningen niet meer.",
    "Ik heb hulp nodig bij het zoeken naar werk en dagbesteding.",
    "Vervoer naar de dagbesteding lukt niet meer zonder hulp.",
    "De mantelzorg voor mijn partner wordt me te zwaar.",
]
# Questions about money alone are no Wmo melding: they start no Wmo investigation term.
MONEY_ONLY = {QUESTIONS[1], QUESTIONS[4], QUESTIONS[6]}
# Questions about arrears and unpaid bills ask for debt help: the Wgs term runs from the first contact.
DEBT_HELP = {QUESTIONS[1], QUESTIONS[6]}
# Shares of the request states among seeded households (the rest is completed).
STATE_WEIGHTS = [(RequestStatus.NEW, 18), (RequestStatus.SETTLED, 22), (RequestStatus.ASSIGNED, 22),
                 (RequestStatus.IN_CONVERSATION, 8), (RequestStatus.COMPLETED, 30)]


class Command(BaseCommand):
    help = "Load the demo municipality (idempotent). --scale N multiplies the households."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale: int, seed: int, **options) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.today = timezone.localdate()
        with transaction.atomic():
            zones = self.seed_organisation()
            target = HOUSEHOLDS_PER_SCALE * scale
            missing = target - Household.objects.count()
            if missing > 0:
                self.seed_households(zones, missing)
            # Surveys before reports: last quarter\'s published report includes satisfaction.
            for seeder in (seed_mandates, seed_partners, seed_cases, seed_surveys, seed_reports):
                seeder.seed(rng=self.rng, fake=self.fake, today=self.today, zones=zones)
        self.stdout.write(self.style.SUCCESS(
            f"{demo.MUNICIPALITY}: {Zone.objects.count()} zones, {User.objects.count()} users, "
            f"{Household.objects.count()} households, {Resident.objects.count()} residents, "
            f"{HelpRequest.objects.count()} requests"))

    def seed_organisation(self) -> dict[str, Zone]:
        IntakeSettings.current()
        zones = {}
        for code, name, places, team_name, prefixes in demo.ZONES:
            zone = ZoneFactory(code=code, name=name, places=places, team=TeamFactory(name=team_name))
            for prefix in prefixes:
                PostcodeAreaFactory(prefix=prefix, zone=zone)
            zones[code] = zone
        for username, first, last, zone_codes in demo.WORKERS:
            team = zones[zone_codes[0]].team
            UserFactory(username=username, first_name=first, last_name=last, team=team,
                        zones=[zones[c] for c in zone_codes])
        for username, first, last, team_name in demo.TEAM_LEADERS:
            UserFactory(username=username, first_name=first, last_name=last, role=Role.TEAM_LEADER,
                        team=TeamFactory(name=team_name))
        UserFactory(username="raadslid", first_name="Tjitske", last_name="Zijlstra", role=Role.COUNCIL_MEMBER)
        UserFactory(username="beheerder", first_name="Pieter", last_name="Brouwer", administrator=True)
        organisations = [OrganisationFactory(name=name, kind=kind) for name, kind in demo.PARTNERS]
        for organisation in organisations:
            organisation.zones.set(zones.values())
        UserFactory(username="partner-schuldhulp", first_name="Ronald", last_name="Mulder",
                    role=Role.PARTNER_WORKER, organisation=organisations[2])
        for user in User.objects.all():
            account_factories.demo_totp_device(user)  # the shared demo second factor, printed by demo_logins
        return zones

    def seed_households(self, zones: dict[str, Zone], count: int) -> None:
        rng, fake, today = self.rng, self.fake, self.today
        used = set(Resident.objects.exclude(bsn=None).values_list("bsn", flat=True))
        bsns = (b for b in iter_test_bsns() if b not in used)
        workers_by_zone = {code: list(User.objects.filter(zones=zone, role=Role.WORKER))
                           for code, zone in zones.items()}
        domains = list(LifeDomain.objects.filter(active=True))
        prefixes = {code: [p.prefix for p in zone.postcode_areas.all()] for code, zone in zones.items()}
        codes = list(zones)
        states = [s for s, w in STATE_WEIGHTS for _ in range(w)]

        households, residents, memberships, requests, plans = [], [], [], [], []
        for i in range(count):
            code = codes[i % len(codes)]
            letters = "".join(rng.choice("ABCDEGHJKLMNPRTVWXZ") for _ in range(2))
            household = Household(street=rng.choice(STREETS), house_number=str(rng.randint(1, 250)),
                                  postcode=f"{rng.choice(prefixes[code])}{letters}", city=PLACE_OF_ZONE[code],
                                  zone=zones[code])
            households.append(household)
            size = rng.choice([1, 1, 2, 2, 3, 4])
            members = []
            for position in range(size):
                relation = Relation.HEAD if position == 0 else (Relation.PARTNER if position == 1 else Relation.CHILD)
                age = rng.randint(20, 88) if relation != Relation.CHILD else rng.randint(1, 17)
                born = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
                resident = Resident(bsn=next(bsns, None), first_names=fake.first_name(), surname=fake.last_name(),
                                    date_of_birth=born, phone=f"06{rng.randint(10000000, 99999999)}")
                residents.append(resident)
                members.append((resident, relation))
            plans.append((household, members, code, rng.choice(states)))

        Household.objects.bulk_create(households)
        Resident.objects.bulk_create(residents)
        for household, members, _code, _state in plans:
            for resident, relation in members:
                memberships.append(HouseholdMembership(household=household, resident=resident, relation=relation,
                                                       start_date=today - datetime.timedelta(days=rng.randint(400, 9000))))
        HouseholdMembership.objects.bulk_create(memberships)

        conversations = []
        for household, members, code, state in plans:
            resident = members[0][0]
            worker = rng.choice(workers_by_zone[code])
            age = {RequestStatus.NEW: rng.randint(0, 10), RequestStatus.ASSIGNED: rng.randint(0, 12)}.get(
                state, rng.randint(8, 180))
            first = today - datetime.timedelta(days=age)
            question = rng.choice(QUESTIONS)
            request = HelpRequest(
                resident=resident, household=household, zone=household.zone,
                channel=rng.choice([c for c in Channel.values if c != Channel.WEB_FORM]),
                question=question, urgency=rng.choice([Urgency.NORMAL] * 8 + [Urgency.URGENT]),
                first_contact_on=first, visit_due_on=first + datetime.timedelta(days=7), status=state,
                wmo_melding=question not in MONEY_ONLY, debt_help_question=question in DEBT_HELP,
            )
            if state == RequestStatus.SETTLED:
                request.settled_by = rng.choice(SettledBy.values)
                request.settled_note = "Informatie gegeven en doorverwezen naar de inloop."
            if state in (RequestStatus.ASSIGNED, RequestStatus.IN_CONVERSATION, RequestStatus.COMPLETED):
                request.assigned_worker = worker
                if state == RequestStatus.ASSIGNED:
                    day = today if rng.random() < 0.3 else today + datetime.timedelta(days=rng.randint(1, 6))
                    request.visit_planned_at = timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 11, 13, 14, 15]))))
            requests.append(request)
            if state in (RequestStatus.IN_CONVERSATION, RequestStatus.COMPLETED):
                conversations.append((request, household, worker, state, first))
        web_forms = [
            HelpRequest(zone=zones[codes[i % len(codes)]], channel=Channel.WEB_FORM, question=rng.choice(QUESTIONS),
                        first_contact_on=today - datetime.timedelta(days=i % 5),
                        visit_due_on=today - datetime.timedelta(days=i % 5) + datetime.timedelta(days=7),
                        submitted_contact={"name": fake.name(), "postcode": f"{prefixes[codes[i % len(codes)]][0]}AB",
                                           "house_number": str(i + 1), "phone": "0612345678", "email": "",
                                           "date_of_birth": ""})
            for i in range(max(1, len(plans) // 30))
        ]
        HelpRequest.objects.bulk_create(requests + web_forms)
        through = HelpRequest.life_domains.through
        through.objects.bulk_create(
            through(helprequest_id=r.pk, lifedomain_id=d.pk)
            for r in requests + web_forms for d in rng.sample(domains, rng.randint(1, 3))
        )

        rows = []
        for request, household, worker, state, first in conversations:
            finished = state == RequestStatus.COMPLETED
            threats = [rng.choice(Threat.values)] if rng.random() < 0.1 else []
            rows.append(Conversation(
                help_request=request, household=household, worker=worker, updated_by=worker,
                held_on=min(today, first + datetime.timedelta(days=rng.randint(2, 9))),
                own_strength="Zoon doet de boodschappen; buurvrouw helpt met de post.",
                network="Kinderen wonen in de buurt.", general_provisions_considered="Maaltijdservice, inloop.",
                arrears=rng.sample(Arrears.values, rng.randint(0, 2)), threats=threats, debt_urgent=bool(threats),
                outcome=rng.choice(ConversationOutcome.values) if finished else "",
                status=ConversationStatus.FINISHED if finished else ConversationStatus.DRAFT,
                finished_at=timezone.now() if finished else None,
            ))
        Conversation.objects.bulk_create(rows)
        scores = []
        for conversation in rows:
            for domain in domains:
                scored = conversation.status == ConversationStatus.FINISHED or rng.random() < 0.4
                scores.append(SelfRelianceScore(conversation=conversation, domain=domain,
                                                score=rng.randint(1, 5) if scored else None))
        SelfRelianceScore.objects.bulk_create(scores)
        self.stdout.write(f"added {len(households)} households")
