"""Demo data of the mandates app, called by seed_demo after the households exist. Idempotent:
the catalogue and the mandates are found or created; decisions are seeded once."""

from __future__ import annotations

import datetime
import decimal
import random

from faker import Faker

from accounts.models import Role, User, Zone
from intake.models import (
    Conversation,
    ConversationOutcome,
    ConversationStatus,
    HelpRequest,
    RequestStatus,
)
from mandates import services
from mandates.clocks import statutory_holidays
from mandates.models import (
    ClockKind,
    Decision,
    DecisionKind,
    DecisionOutcome,
    DecisionSettings,
    Delivery,
    GeneralProvision,
    LegalClock,
    LegalHoliday,
    Mandate,
    ProductCategory,
    Provision,
    ProvisionPrice,
    Unit,
)
from toegang import demo

D = decimal.Decimal

GENERAL_PROVISIONS = [
    ("Maaltijdservice", "Eten en drinken", "Warme maaltijden aan huis, betaald door de inwoner zelf."),
    ("Vrijwillige maatjes", "Ontmoeting", "Een vrijwilliger die wekelijks langskomt of meegaat."),
    ("Sociale inloop", "Ontmoeting", "Inloop in het dorpshuis, elke dinsdag en donderdag."),
    ("Boodschappendienst", "Huishouden", "Vrijwilligers doen de boodschappen."),
    ("Formulierenhulp", "Geldzaken", "Hulp bij formulieren en de administratie in de bibliotheek."),
]

# (name, kind, category, unit, iWmo category, product code, last year's price, this year's price)
PROVISIONS = [
    ("Hulp bij het huishouden", DecisionKind.WMO, "Huishouden", Unit.HOURS_PER_WEEK, "01", "01A01", "31.50", "33.00"),
    ("Individuele begeleiding", DecisionKind.WMO, "Begeleiding", Unit.HOURS_PER_WEEK, "02", "02A01", "62.00", "64.50"),
    ("Dagbesteding", DecisionKind.WMO, "Dagbesteding", Unit.DAYPARTS_PER_WEEK, "07", "07A01", "41.00", "42.50"),
    ("Scootmobiel", DecisionKind.WMO, "Vervoer", Unit.PIECE, "12", "12A01", "3200.00", "3350.00"),
    ("Traplift", DecisionKind.WMO, "Wonen", Unit.PIECE, "13", "13A01", "7400.00", "7650.00"),
    ("Witgoed", DecisionKind.SPECIAL_ASSISTANCE, "Duurzame gebruiksgoederen", Unit.EURO, "", "", "1.00", "1.00"),
    ("Eigen risico zorgverzekering", DecisionKind.SPECIAL_ASSISTANCE, "Medische kosten", Unit.EURO, "", "",
     "1.00", "1.00"),
    ("Kosten beschermingsbewind", DecisionKind.SPECIAL_ASSISTANCE, "Bewind", Unit.EURO, "", "", "1.00", "1.00"),
    ("Toegang schuldhulpverlening", DecisionKind.DEBT_HELP, "Schuldhulp", Unit.PIECE, "", "", "0.00", "0.00"),
]

DECREE = "Mandaatbesluit sociaal domein Meerhoven 2026, Gemeenteblad 2026, 1234"
SUB_DECREE = "Ondermandaatbesluit team toegang 2026, Gemeenteblad 2026, 1301"


def seed(*, rng: random.Random, fake: Faker, today: datetime.date, zones: dict[str, Zone]) -> None:
    DecisionSettings.objects.update_or_create(pk=1, defaults={
        "municipality_name": demo.MUNICIPALITY, "municipality_code": "0999",
        "objection_address": "Postbus 15000, 8440 GA Meerhoven"})
    for day, name in statutory_holidays(range(today.year - 1, today.year + 6)):
        LegalHoliday.objects.get_or_create(date=day, defaults={"name": name})
    provisions = _catalogue(today)
    _mandates(today)
    if not Decision.objects.exists():
        _decisions(rng, today, provisions)
    _legal_clocks(today)


def _legal_clocks(today: datetime.date) -> None:
    """Legal clocks in every state. Registering a melding started its Wmo investigation clock;
    here the debt clocks of finished conversations start, and for some requests the worker has
    recorded the receipt confirmation, the investigation report and the application, or the
    first debt-help conversation (once: a second seed finds them recorded)."""
    # The demo inserts its requests in bulk, past intake's services: start their clocks as
    # registering them would have.
    for help_request in (HelpRequest.objects.exclude(legal_clocks__kind=ClockKind.WMO_INVESTIGATION)
                         .exclude(status=RequestStatus.SETTLED).order_by("pk")):
        services.legal_clocks_start(help_request=help_request)
    services.legal_clocks_catch_up()
    if LegalClock.objects.filter(receipt_confirmed_on__isnull=False).exists():
        return
    requests = (HelpRequest.objects.filter(legal_clocks__kind=ClockKind.WMO_INVESTIGATION,
                                           legal_clocks__stopped_on__isnull=True, assigned_worker__isnull=False,
                                           first_contact_on__lte=today)
                .exclude(status=RequestStatus.SETTLED).exclude(legal_clocks__kind=ClockKind.WMO_DECISION)
                .select_related("assigned_worker").order_by("pk"))
    for index, help_request in enumerate(requests[:12]):
        melding, user = help_request.first_contact_on, help_request.assigned_worker
        services.legal_clock_record(user=user, request=None, help_request=help_request, step="receipt",
                                    on=min(today, melding + datetime.timedelta(days=2)))
        if index % 3 == 1:
            report_on = min(today, melding + datetime.timedelta(days=20))
            services.legal_clock_record(user=user, request=None, help_request=help_request, step="report", on=report_on)
            services.legal_clock_record(user=user, request=None, help_request=help_request, step="application",
                                        on=report_on)
    debt = (LegalClock.objects.filter(kind=ClockKind.DEBT_FIRST_CONVERSATION, stopped_on__isnull=True,
                                      started_on__lte=today, conversation__isnull=False)
            .select_related("help_request", "conversation__worker").order_by("pk"))
    for clock in debt[:3]:
        services.legal_clock_record(user=clock.conversation.worker, request=None, help_request=clock.help_request,
                                    step="debt_conversation", on=min(today, clock.started_on + datetime.timedelta(days=2)))


def _catalogue(today: datetime.date) -> dict[str, Provision]:
    for name, category, description in GENERAL_PROVISIONS:
        GeneralProvision.objects.get_or_create(name=name, defaults={"category": category, "description": description})
    provisions = {}
    for name, kind, category, unit, cat_code, code, old, new in PROVISIONS:
        provision, _ = Provision.objects.get_or_create(kind=kind, name=name, defaults={
            "category": category, "unit": unit, "product_code": code,
            "product_category": ProductCategory.objects.get(code=cat_code) if cat_code else None})
        ProvisionPrice.objects.get_or_create(provision=provision, valid_from=datetime.date(today.year - 1, 1, 1),
                                             defaults={"amount": D(old)})
        ProvisionPrice.objects.get_or_create(provision=provision, valid_from=datetime.date(today.year, 1, 1),
                                             defaults={"amount": D(new)})
        provisions[name] = provision
    return provisions


def _mandates(today: datetime.date) -> None:
    """Team leaders (the role) hold the college's mandate; each meitinker a sub-mandate with
    lower limits: Wmo household help, supervision and day activities up to EUR 7 500 a decision,
    special assistance up to EUR 1 000 and debt-help access."""
    start = datetime.date(today.year, 1, 1)
    leader = {}
    for kind, limit in ((DecisionKind.WMO, "50000"), (DecisionKind.SPECIAL_ASSISTANCE, "5000"),
                        (DecisionKind.DEBT_HELP, None)):
        leader[kind], _ = Mandate.objects.get_or_create(
            holder_role=Role.TEAM_LEADER, kind=kind, decree_reference=DECREE,
            defaults={"valid_from": start, "max_amount": D(limit) if limit else None})
    wmo_categories = list(ProductCategory.objects.filter(code__in=["01", "02", "07"]))
    for worker in User.objects.filter(role=Role.WORKER):
        for kind, limit in ((DecisionKind.WMO, "7500"), (DecisionKind.SPECIAL_ASSISTANCE, "1000"),
                            (DecisionKind.DEBT_HELP, None)):
            mandate, created = Mandate.objects.get_or_create(
                holder=worker, kind=kind, decree_reference=SUB_DECREE,
                defaults={"valid_from": start, "parent": leader[kind], "max_amount": D(limit) if limit else None})
            if created and kind == DecisionKind.WMO:
                mandate.categories.set(wmo_categories)


# The states every demo shows: (label, provision, volume, outcome, route)
SCENARIOS = [
    ("sent", "Hulp bij het huishouden", "3", DecisionOutcome.GRANTED, "decide"),
    ("awaiting", "Individuele begeleiding", "4", DecisionOutcome.GRANTED, "submit"),
    ("draft", "Dagbesteding", "2", DecisionOutcome.GRANTED, ""),
    ("four_eyes", "Traplift", "1", DecisionOutcome.GRANTED, "approve"),
    ("sent", "Witgoed", "650", DecisionOutcome.GRANTED, "decide"),
    ("awaiting", "Eigen risico zorgverzekering", "1385", DecisionOutcome.PARTLY, "submit"),
    ("sent", "Toegang schuldhulpverlening", "1", DecisionOutcome.GRANTED, "decide"),
    ("objection", "Hulp bij het huishouden", "2", DecisionOutcome.PARTLY, "decide"),
    ("draft", "Scootmobiel", "1", DecisionOutcome.REFUSED, ""),
    ("refused", "Witgoed", "300", DecisionOutcome.REFUSED, "decide"),
]

REASONING = ("In het keukentafelgesprek is gekeken naar wat het huishouden zelf kan en wat het netwerk doet. "
             "De algemene voorzieningen zijn besproken; die zijn niet voldoende voor deze situatie.")


def _decisions(rng: random.Random, today: datetime.date, provisions: dict[str, Provision]) -> None:
    conversations = list(
        Conversation.objects.filter(status=ConversationStatus.FINISHED, outcome=ConversationOutcome.NEEDS_DECISION,
                                    help_request__resident__isnull=False)
        .select_related("help_request__zone__team", "worker").order_by("pk"))
    leaders = {u.team_id: u for u in User.objects.filter(role=Role.TEAM_LEADER)}
    for index, conversation in enumerate(conversations):
        label, name, volume, outcome, route = SCENARIOS[index % len(SCENARIOS)]
        provision = provisions[name]
        worker = conversation.worker
        applied = today - datetime.timedelta(days=rng.randint(0, 20))
        data = services.DecisionInput(
            kind=provision.kind, outcome=outcome, delivery=Delivery.IN_KIND, start_on=today,
            end_on=today + datetime.timedelta(weeks=52, days=-1) if provision.unit != Unit.EURO else None,
            application_on=applied, reasoning=REASONING, legal_ground=_ground(provision.kind),
            provider_agb="01234567" if provision.kind == DecisionKind.WMO else "",
            lines=(services.LineInput(provision=provision, volume=D(volume)),))
        decision = services.decision_prepare(user=worker, request=None, conversation=conversation, data=data)
        if route in ("submit", "approve"):
            decision = services.decision_submit(user=worker, request=None, decision=decision,
                                                expected_version=decision.version, today=today)
        if route == "approve":
            leader = leaders.get(worker.team_id)
            if leader is None:
                continue
            decision = services.decision_decide(user=leader, request=None, decision=decision,
                                                expected_version=decision.version, today=today)
        if route == "decide":
            decision = services.decision_decide(user=worker, request=None, decision=decision,
                                                expected_version=decision.version, today=today)
        if label == "objection":
            services.objection_register(user=worker, request=None, decision=decision, received_on=today,
                                        grounds="De inwoner vindt twee uur per week te weinig.",
                                        advisory_committee=False)


def _ground(kind: str) -> str:
    return {DecisionKind.WMO: "Wmo 2015, artikel 2.3.5 en de Verordening maatschappelijke ondersteuning",
            DecisionKind.SPECIAL_ASSISTANCE: "Participatiewet, artikel 35",
            DecisionKind.DEBT_HELP: "Wet gemeentelijke schuldhulpverlening, artikel 4a"}[kind]
