"""Demo data of the cases app, called by seed_demo after the households exist. Idempotent: it
tops the plans up to the target from "needs a plan" conversations that have none yet.

Plans in every state: open, evaluated, closed with follow-ups scheduled, and closed three months
ago so that a follow-up is due today. Written through the services, so every plan is what the
app itself would have made (goals prefilled from the conversation's low scores).
"""

from __future__ import annotations

import datetime
import random

from faker import Faker

from accounts.models import Zone
from cases import services
from cases.models import Actor, Case, CaseType, add_months
from cases.monitoring import monitoring_run
from intake.models import Conversation, ConversationOutcome, ConversationStatus
from partners.models import Organisation

TARGET = 24
STATES = ["open", "evaluated", "closed", "follow_up_due_today"]
# What residents said about a low-scored domain at the kitchen table (the seeded conversations
# carry scores without words); the plan then starts from these, as it would in real use.
OWN_WORDS = {
    "financien": "Ik wil mijn rekeningen weer zelf op tijd betalen.",
    "werk-en-opleiding": "Ik wil een paar ochtenden per week aan het werk.",
    "tijdsbesteding": "Ik wil overdag iets te doen hebben buiten de deur.",
    "huisvesting": "We willen in dit huis kunnen blijven wonen.",
    "huiselijke-relaties": "Minder ruzie thuis, vooral over geld.",
    "geestelijke-gezondheid": "Ik wil weer beter slapen en minder piekeren.",
    "lichamelijke-gezondheid": "Ik wil zonder pijn de trap op kunnen.",
    "middelengebruik": "Ik wil minder drinken in het weekend.",
    "basale-adl": "Ik wil mezelf weer kunnen wassen en aankleden.",
    "instrumentele-adl": "Ik wil zelf boodschappen kunnen doen.",
    "sociaal-netwerk": "Ik wil vaker bij mijn zus langs.",
    "maatschappelijke-participatie": "Ik wil meedoen met de buurtvereniging.",
    "justitie": "Ik wil mijn boete afbetalen zonder nieuwe problemen.",
}
SUMMARIES = ["Weer rust in huis en de rekeningen op orde.", "Zelfstandig blijven wonen met hulp van de kinderen.",
             "Schulden op een rij en weer overzicht over de post."]
RESIDENT_ACTIONS = ["Elke week samen met dochter de post openen", "Zelf de huurbaas bellen over een regeling",
                    "Twee keer per week naar de inloop"]


def seed(*, rng: random.Random, fake: Faker, today: datetime.date, zones: dict[str, Zone]) -> None:
    missing = TARGET - Case.objects.count()
    if missing > 0:
        _seed_cases(rng=rng, today=today, missing=missing)
    # Today's tasks and notifications, as the daily job would make them (idempotent).
    monitoring_run(today=today, send_digest=False)


def _seed_cases(*, rng: random.Random, today: datetime.date, missing: int) -> None:
    conversations = list(
        Conversation.objects.filter(status=ConversationStatus.FINISHED, outcome=ConversationOutcome.NEEDS_PLAN,
                                    case__isnull=True, help_request__resident__isnull=False)
        .exclude(household__cases__status="open")
        .select_related("worker", "household").order_by("pk")[:missing]
    )
    case_types = {t.code: t for t in CaseType.objects.all()}
    organisations = list(Organisation.objects.order_by("name"))
    debt_help = Organisation.objects.filter(kind="debt_counselling").first()
    for i, conversation in enumerate(conversations):
        state = STATES[i % len(STATES)]
        worker = conversation.worker
        case_type = case_types.get("safety-at-home" if i % 3 == 0 else "standard") or services.default_case_type()
        _words_from_the_kitchen_table(conversation, rng=rng)
        opened_on = today - datetime.timedelta(days=rng.randint(120, 200) if state != "open" else rng.randint(5, 60))
        case = services.case_open(user=worker, request=None, conversation=conversation, case_type=case_type,
                                  today=opened_on)
        _add_actions(case, worker=worker, rng=rng, organisations=organisations, today=today, opened_on=opened_on)
        complexity = (i // len(STATES)) % 3
        if complexity < 2:
            # Complex, not complex, or not decided yet: the team dashboard counts plans by all three.
            services.case_decide_complex(user=worker, request=None, case=case, expected_version=case.version,
                                         complex_case=complexity == 0)
        if debt_help and i % 2 == 0:
            services.consent_record(user=worker, request=None, case=case, organisation=debt_help,
                                    parts=["goals", "actions"], valid_until=today + datetime.timedelta(days=180))
        if state in ("evaluated", "closed", "follow_up_due_today"):
            held_on = min(today, opened_on + datetime.timedelta(days=90))
            goals = list(case.goals.all())
            services.evaluation_record(
                user=worker, request=None, case=case, expected_version=case.version, held_on=held_on,
                goal_results={g.pk: rng.choice(["reached", "partly", "not_reached"]) for g in goals},
                scores={g.domain_id: min(5, (g.start_score or 2) + rng.randint(0, 2)) for g in goals},
                note="Goede stappen gezet; de post is op orde.")
        if state == "closed":
            services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                                outcome="goals_reached", reason="Doelen bereikt, het netwerk helpt verder.",
                                closed_on=today - datetime.timedelta(days=rng.randint(7, 40)))
        elif state == "follow_up_due_today":
            services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                                outcome="partly_reached", reason="Voldoende op weg; nazorg volgt.",
                                closed_on=add_months(today, -3))


def _words_from_the_kitchen_table(conversation: Conversation, *, rng: random.Random) -> None:
    for score in conversation.scores.filter(score__lte=services.LOW_SCORE, note="").select_related("domain"):
        score.note = OWN_WORDS.get(score.domain.code, "")
        score.save(update_fields=["note"])
    if not conversation.outcome_note:
        conversation.outcome_note = rng.choice(SUMMARIES)
        conversation.save(update_fields=["outcome_note"])


def _add_actions(case: Case, *, worker, rng: random.Random, organisations: list[Organisation],
                 today: datetime.date, opened_on: datetime.date) -> None:
    goals = list(case.goals.all())
    goal = goals[0] if goals else None
    services.action_add(user=worker, request=None, case=case, expected_version=case.version,
                        description=rng.choice(RESIDENT_ACTIONS), actor=Actor.RESIDENT, goal=goal,
                        due_on=opened_on + datetime.timedelta(days=rng.randint(14, 60)))
    if organisations:
        organisation = rng.choice(organisations)
        services.action_add(user=worker, request=None, case=case, expected_version=case.version,
                            description=f"Ondersteuning door {organisation.name}", actor=Actor.PARTNER,
                            organisation=organisation, goal=goal,
                            due_on=today + datetime.timedelta(days=rng.randint(-10, 45)))
    services.action_add(user=worker, request=None, case=case, expected_version=case.version,
                        description="Huisbezoek om de voortgang te bespreken", actor=Actor.WORKER, worker=worker,
                        due_on=today + datetime.timedelta(days=rng.randint(0, 30)))
