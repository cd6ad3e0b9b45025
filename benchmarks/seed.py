"""Seed a municipality at benchmark scale with COPY (psycopg 3), in minutes rather than hours.

The organisation (zones, teams, the demo staff, partner organisations, the catalogue, mandates,
case types) comes from `seed_demo --scale 0`, through the app's own factories and services. The
volume (residents, households with membership history, requests, conversations with their
self-reliance scores, plans, decisions, referrals, directory entries and the access log) is
written here with COPY into the real tables: every table and column name comes from the models'
_meta, and a column this module does not set gets the field's default (or NULL, or ""), so a
new optional field needs no change here and a new required one fails with a message naming it.

Primary keys are assigned here (from the table's current maximum) so rows can point at each
other without reading ids back; the sequences are moved past them at the end.

The access log is a hash chain (audit.services): the rows are chained in Python with the same
digest, continuing from the last existing entry, so `access_log_verify` holds afterwards.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql
from psycopg.types.json import Jsonb

from accounts.models import Role, User, Zone
from audit.models import AccessLogEntry
from audit.models import Action as LogAction
from audit.services import GENESIS, _digest
from cases.models import (
    Action as PlanAction,
)
from cases.models import (
    ActionStatus,
    Actor,
    Assignment,
    Case,
    CaseOutcome,
    CaseStatus,
    CaseType,
    Goal,
)
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
    LifeDomain,
    Relation,
    RequestStatus,
    Resident,
    SelfRelianceScore,
    SettledBy,
    Urgency,
)
from mandates.models import (
    LAW_OF_KIND,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionOutcome,
    DecisionStatus,
    Mandate,
    Provision,
)
from partners.models import (
    Organisation,
    OrganisationKind,
    Person,
    Referral,
    ReferralStatus,
    Service,
    Weekday,
)
from partners.services import search_text_for

# Proportions per resident, from the issue: 100 000 residents in ~45 000 households with
# 250 000 requests and 1 000 000 access-log rows. The rest follows from the flow's shares.
HOUSEHOLDS_PER_RESIDENT = 0.45
REQUESTS_PER_RESIDENT = 2.5
LOG_ROWS_PER_RESIDENT = 10
# One generalist per ~1 700 residents (Heerenveen: some 30 meitinkers for 50 000 residents),
# the same number in every zone, so a worker's open caseload is the same at every scale.
RESIDENTS_PER_WORKER = 1_700
# The partners are the region's (debt help, youth care, district nursing, welfare): a town of
# 10 000 works with about as many of them as a city of 100 000, so the directory does not grow
# with the residents. (It scaled with them until seed version 2, which made the directory
# search at 10 000 residents show 18 people and at 100 000 the full 50.)
DIRECTORY_PEOPLE = 500
ORGANISATIONS = 40
# A resident who moved keeps the old membership, closed: the history the household page shows.
MOVED_SHARE = 0.15
# Requests are spread over five years; only recent ones can still be open.
HISTORY_DAYS = 5 * 365
OPEN_WINDOW_DAYS = 30
# At most this many residents get a BSN: the test range has 10 000 numbers and the tests and
# the demo need some too.
MAX_BSNS = 8_000

STREETS = ["Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Fennewei", "Heidelaan",
           "Kanaalweg", "Lindelaan", "Vaart", "Badweg", "Tjaskerwei", "Skoallestrjitte", "Marktplein"]
FIRST_NAMES = ["Jan", "Sjoerd", "Anke", "Tjitske", "Pieter", "Marieke", "Hendrik", "Fenna", "Durk", "Sanne",
               "Wietse", "Lieke", "Ruben", "Ymke", "Bauke", "Noor", "Gerrit", "Esther", "Thijs", "Froukje"]
SURNAMES = ["de Vries", "de Jong", "Visser", "Bakker", "Jansen", "Hoekstra", "Dijkstra", "Bosma", "Postma",
            "Kramer", "Meijer", "Mulder", "van der Meer", "Wijnsma", "Zijlstra", "de Boer", "Brouwer", "Terpstra",
            "Jellema", "Sikkema", "Veenstra", "Haagsma", "Kuipers", "Smit", "van Dijk", "Hofstra", "Bergsma"]
QUESTIONS = [
    "Sinds de heupoperatie lukt het huishouden niet meer.",
    "We lopen achter met de huur en krijgen aanmaningen van de energieleverancier.",
    "Mijn moeder vereenzaamt sinds mijn vader is overleden.",
    "Onze zoon gaat niet meer naar school en zit de hele dag binnen.",
    "Na mijn scheiding overzie ik de post en de rekeningen niet meer.",
    "De mantelzorg voor mijn partner wordt me te zwaar.",
]
EXPERTISE = ["schulden", "budgetbeheer", "jeugd", "opvoeding", "mantelzorg", "eenzaamheid", "werk", "dagbesteding",
             "huisvesting", "ggz", "verslaving", "vrijwilligers", "statushouders", "ouderen", "inkomen"]
JOB_TITLES = ["Schuldhulpverlener", "Jeugdverpleegkundige", "Maatschappelijk werker", "Wijkverpleegkundige",
              "Consulent werk en inkomen", "Opbouwwerker", "Cliëntondersteuner", "Buurtcoach"]


@dataclass
class SeedReport:
    residents: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def timeline_events(self) -> int:
        """Rows the household timeline and its registered sources draw from."""
        keys = ("help_requests", "conversations", "scores", "cases", "goals", "actions", "decisions", "referrals",
                "memberships")
        return sum(self.counts.get(k, 0) for k in keys)


class Table:
    """COPY rows into a model's table, columns from _meta, defaults for what the caller leaves out."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.names = [f.attname for f in self.fields]
        self.defaults: dict[str, Callable[[], Any]] = {f.attname: self._default(f) for f in self.fields}
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        self.pk = model._meta.pk.attname
        self.next_id: int | None = None

    def _default(self, f: models.Field) -> Callable[[], Any]:
        if f.has_default():
            return f.get_default
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            now = timezone.now()
            return lambda: now
        if f.null or f.primary_key:
            return lambda: None
        if isinstance(f, (models.CharField, models.TextField)):
            return lambda: ""

        def missing() -> Any:
            raise ValueError(f"benchmarks.seed sets no value for required {self.model._meta.label}.{f.attname}")
        return missing

    def reserve(self, cursor) -> None:
        cursor.execute(sql.SQL("SELECT COALESCE(MAX({}), 0) + 1 FROM {}").format(
            sql.Identifier(self.model._meta.pk.column), sql.Identifier(self.model._meta.db_table)))
        self.next_id = cursor.fetchone()[0]

    def ids(self, count: int) -> range:
        assert self.next_id is not None, "reserve() first"
        start = self.next_id
        self.next_id += count
        return range(start, start + count)

    def copy(self, cursor, rows: Iterable[dict[str, Any]]) -> int:
        if self.next_id is None:
            self.reserve(cursor)
        _copied.append(self)
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.model._meta.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in self.fields))
        n = 0
        with cursor.copy(statement) as copy:
            for row in rows:
                if self.pk not in row:
                    row[self.pk] = self.next_id
                    self.next_id += 1
                values = []
                for name in self.names:
                    value = row[name] if name in row else self.defaults[name]()
                    if name in self.json:
                        value = Jsonb(value)
                    values.append(value)
                copy.write_row(values)
                n += 1
        return n

    def fix_sequence(self, cursor) -> None:
        table, pk = self.model._meta.db_table, self.model._meta.pk.column
        cursor.execute(sql.SQL("SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE((SELECT MAX({}) FROM {}), 1))")
                       .format(sql.Identifier(pk), sql.Identifier(table)), [f'"{table}"', pk])


# Every table written in this run, so all their sequences move past the assigned ids.
_copied: list[Table] = []


def _through(model: type[models.Model], name: str) -> type[models.Model]:
    return model._meta.get_field(name).remote_field.through


def _fk_names(through: type[models.Model], source: type[models.Model], target: type[models.Model]) -> tuple[str, str]:
    fks = [f for f in through._meta.concrete_fields if f.is_relation]
    src = next(f.attname for f in fks if f.related_model is source)
    dst = next(f.attname for f in fks if f.related_model is target and f.attname != src)
    return src, dst


def seed(*, residents: int, rng_seed: int = 7513, check_foreign_keys: bool = True,
         log: Callable[[str], None] = print) -> SeedReport:
    """Seed `residents` residents and everything proportional to them into the default database.

    Expects migrated, empty volume tables (the bench uses a fresh database; the test database is
    empty). check_foreign_keys=False skips the per-row foreign-key triggers during COPY
    (session_replication_role), which halves the seeding time; the generator keeps every
    reference valid, and the unit test runs with the checks on to prove it.
    """
    report = SeedReport(residents=residents)
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = round(now - clock, 2)
        clock = now
        log(f"  {name}: {report.counts.get(name, '')} ({report.seconds[name]} s)")

    call_command("seed_demo", scale=0, seed=rng_seed, verbosity=0)
    step("organisation")
    rng = random.Random(rng_seed)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor under Django's wrapper, for COPY
        cursor.execute("SET LOCAL synchronous_commit = off")
        if not check_foreign_keys:
            cursor.execute("SET LOCAL session_replication_role = replica")
        tables = {m: Table(m) for m in (
            User, Household, Resident, HouseholdMembership, HelpRequest, Conversation, SelfRelianceScore, Case,
            Assignment, Goal, PlanAction, Decision, DecisionLine, Organisation, Service, Person, Referral,
            AccessLogEntry)}
        for table in tables.values():
            table.reserve(cursor)

        zones = list(Zone.objects.order_by("pk"))
        prefixes = {z.pk: list(z.postcode_areas.values_list("prefix", flat=True)) or ["8440"] for z in zones}
        domains = list(LifeDomain.objects.filter(active=True).values_list("pk", flat=True))

        # Staff: generalists in proportion, each serving one zone. The volume goes to them only:
        # the demo staff (some ten workers) would otherwise share it and make a worker's
        # caseload at 10 000 residents a third of that at 100 000.
        user_table = tables[User]
        per_zone = max(1, round(residents / RESIDENTS_PER_WORKER / len(zones)))
        extra_workers = per_zone * len(zones)
        worker_ids = user_table.ids(extra_workers)
        worker_zone = {uid: zones[i % len(zones)] for i, uid in enumerate(worker_ids)}
        report.counts["users"] = user_table.copy(cursor, (
            {"id": uid, "password": "!bench", "username": f"bench-worker-{i + 1}", "first_name": rng.choice(FIRST_NAMES),
             "last_name": rng.choice(SURNAMES), "email": "", "is_staff": False, "is_active": True,
             "is_superuser": False, "date_joined": now, "role": Role.WORKER, "team_id": worker_zone[uid].team_id}
            for i, uid in enumerate(worker_ids)))
        user_zones = _through(User, "zones")
        uz_user, uz_zone = _fk_names(user_zones, User, Zone)
        Table(user_zones).copy(cursor, ({uz_user: uid, uz_zone: z.pk} for uid, z in worker_zone.items()))
        workers_by_zone: dict[int, list[int]] = {z.pk: [] for z in zones}
        for uid, zone in worker_zone.items():
            workers_by_zone[zone.pk].append(uid)
        step("users")

        # Households, residents and their memberships (with history for the ones who moved).
        n_households = max(1, round(residents * HOUSEHOLDS_PER_RESIDENT))
        household_ids = tables[Household].ids(n_households)
        household_zone = {hid: zones[rng.randrange(len(zones))] for hid in household_ids}

        def households() -> Iterator[dict[str, Any]]:
            for hid in household_ids:
                zone = household_zone[hid]
                letters = rng.choice("ABCDEGHJKLMNPRTVWXZ") + rng.choice("ABCDEGHJKLMNPRTVWXZ")
                yield {"id": hid, "street": rng.choice(STREETS), "house_number": str(rng.randint(1, 250)),
                       "postcode": f"{rng.choice(prefixes[zone.pk])}{letters}", "city": zone.places.split(",")[0][:80]
                       or zone.name, "zone_id": zone.pk, "created_at": now}
        report.counts["households"] = tables[Household].copy(cursor, households())
        step("households")

        resident_ids = tables[Resident].ids(residents)
        # The first resident of each household is its head; the rest are spread over households.
        home = {rid: household_ids[i] if i < n_households else rng.choice(household_ids)
                for i, rid in enumerate(resident_ids)}
        used = set(Resident.objects.exclude(bsn=None).values_list("bsn", flat=True))
        free_bsns = (b for b in iter_test_bsns() if b not in used)
        bsn_every = max(1, residents // MAX_BSNS)
        head_ids = set(resident_ids[:n_households])

        def resident_rows() -> Iterator[dict[str, Any]]:
            for i, rid in enumerate(resident_ids):
                adult = rid in head_ids or rng.random() < 0.55
                age = rng.randint(19, 92) if adult else rng.randint(0, 18)
                yield {"id": rid, "bsn": next(free_bsns, None) if i % bsn_every == 0 else None,
                       "first_names": rng.choice(FIRST_NAMES), "surname": rng.choice(SURNAMES),
                       "date_of_birth": today - datetime.timedelta(days=age * 365 + rng.randint(0, 364)),
                       "phone": f"06{rng.randint(10000000, 99999999)}", "created_at": now}
        report.counts["residents"] = tables[Resident].copy(cursor, resident_rows())
        step("residents")

        def memberships() -> Iterator[dict[str, Any]]:
            for rid in resident_ids:
                start = today - datetime.timedelta(days=rng.randint(30, 9000))
                if rng.random() < MOVED_SHARE:
                    before = rng.choice(household_ids)
                    yield {"household_id": before, "resident_id": rid, "relation": Relation.OTHER,
                           "start_date": start - datetime.timedelta(days=rng.randint(200, 4000)),
                           "end_date": start - datetime.timedelta(days=1)}
                relation = Relation.HEAD if rid in head_ids else rng.choice(
                    [Relation.PARTNER, Relation.CHILD, Relation.CHILD, Relation.PARENT, Relation.OTHER])
                yield {"household_id": home[rid], "resident_id": rid, "relation": relation, "start_date": start}
        report.counts["memberships"] = tables[HouseholdMembership].copy(cursor, memberships())
        step("memberships")

        # Requests over five years; recent ones in every state, older ones settled or completed.
        n_requests = round(residents * REQUESTS_PER_RESIDENT)
        request_ids = tables[HelpRequest].ids(n_requests)
        recent_states = [RequestStatus.NEW] * 18 + [RequestStatus.SETTLED] * 22 + [RequestStatus.ASSIGNED] * 22 + \
            [RequestStatus.IN_CONVERSATION] * 8 + [RequestStatus.COMPLETED] * 30
        conversations: list[tuple[int, int, int, int, datetime.date, bool]] = []

        def request_rows() -> Iterator[dict[str, Any]]:
            for req_id in request_ids:
                rid = rng.choice(resident_ids)
                hid = home[rid]
                zone = household_zone[hid]
                age = int(rng.triangular(0, HISTORY_DAYS, 0))
                first = today - datetime.timedelta(days=age)
                state = rng.choice(recent_states) if age <= OPEN_WINDOW_DAYS else (
                    RequestStatus.SETTLED if rng.random() < 0.45 else RequestStatus.COMPLETED)
                worker = rng.choice(workers_by_zone[zone.pk]) if workers_by_zone[zone.pk] else None
                row = {"id": req_id, "resident_id": rid, "household_id": hid, "zone_id": zone.pk,
                       "channel": rng.choice((Channel.PHONE, Channel.WALK_IN, Channel.FINDING_PLACE,
                                              Channel.ARREARS_SIGNAL)),
                       "question": rng.choice(QUESTIONS), "urgency": Urgency.URGENT if rng.random() < 0.1 else
                       Urgency.NORMAL, "first_contact_on": first, "visit_due_on": first + datetime.timedelta(days=7),
                       "status": state, "created_by_id": worker,
                       "created_at": timezone.make_aware(datetime.datetime.combine(first, datetime.time(10))),
                       "updated_at": now}
                if state == RequestStatus.SETTLED:
                    row["settled_by"] = rng.choice(SettledBy.values)
                    row["settled_note"] = "Informatie gegeven en doorverwezen naar de inloop."
                if state in (RequestStatus.ASSIGNED, RequestStatus.IN_CONVERSATION, RequestStatus.COMPLETED):
                    if worker is None:
                        row["status"] = RequestStatus.NEW
                    else:
                        row["assigned_worker_id"] = worker
                        if state != RequestStatus.ASSIGNED:
                            conversations.append((req_id, hid, worker, rid, first,
                                                  state == RequestStatus.COMPLETED))
                        else:
                            day = today + datetime.timedelta(days=rng.randint(0, 6))
                            row["visit_planned_at"] = timezone.make_aware(
                                datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 11, 13, 14]))))
                yield row
        report.counts["help_requests"] = tables[HelpRequest].copy(cursor, request_rows())
        request_domains = _through(HelpRequest, "life_domains")
        rd_req, rd_dom = _fk_names(request_domains, HelpRequest, LifeDomain)

        def request_domain_rows() -> Iterator[dict[str, Any]]:
            for req_id in request_ids:
                for dom in rng.sample(domains, 1 if rng.random() < 0.7 else 2):
                    yield {rd_req: req_id, rd_dom: dom}
        report.counts["request_domains"] = Table(request_domains).copy(cursor, request_domain_rows())
        step("help_requests")

        # Conversations and a score per life domain each (the self-reliance history).
        conv_ids = tables[Conversation].ids(len(conversations))
        outcomes = [ConversationOutcome.SETTLED] * 40 + [ConversationOutcome.NEEDS_DECISION] * 25 + \
            [ConversationOutcome.NEEDS_PLAN] * 15 + [ConversationOutcome.REFERRED] * 20
        held: list[tuple[int, int, int, int, int, datetime.date, str]] = []

        def conversation_rows() -> Iterator[dict[str, Any]]:
            for cid, (req_id, hid, worker, rid, first, finished) in zip(conv_ids, conversations, strict=True):
                on = min(today, first + datetime.timedelta(days=rng.randint(2, 9)))
                outcome = rng.choice(outcomes) if finished else ""
                held.append((cid, req_id, hid, worker, rid, on, outcome))
                yield {"id": cid, "help_request_id": req_id, "household_id": hid, "worker_id": worker, "held_on": on,
                       "own_strength": "Zoon doet de boodschappen; buurvrouw helpt met de post.",
                       "network": "Kinderen wonen in de buurt.", "arrears": rng.sample(Arrears.values,
                                                                                       rng.randint(0, 2)),
                       "outcome": outcome, "status": ConversationStatus.FINISHED if finished else
                       ConversationStatus.DRAFT, "updated_by_id": worker,
                       "finished_at": timezone.make_aware(datetime.datetime.combine(on, datetime.time(16)))
                       if finished else None}
        report.counts["conversations"] = tables[Conversation].copy(cursor, conversation_rows())

        def score_rows() -> Iterator[dict[str, Any]]:
            for cid, _req, _hid, _w, _rid, _on, outcome in held:
                for dom in domains:
                    scored = outcome != "" or rng.random() < 0.4
                    yield {"conversation_id": cid, "domain_id": dom, "score": rng.randint(1, 5) if scored else None}
        report.counts["scores"] = tables[SelfRelianceScore].copy(cursor, score_rows())
        step("conversations")

        # Plans: one open case per household at most (a database constraint); older ones closed.
        case_types = list(CaseType.objects.values_list("pk", flat=True))
        plan_rows = [h for h in held if h[6] == ConversationOutcome.NEEDS_PLAN]
        case_ids = tables[Case].ids(len(plan_rows))
        open_households: set[int] = set()
        cases: list[tuple[int, int, datetime.date]] = []

        def case_rows() -> Iterator[dict[str, Any]]:
            for case_id, (cid, _req, hid, worker, _rid, on, _o) in zip(case_ids, plan_rows, strict=True):
                cases.append((case_id, worker, on))
                row = {"id": case_id, "household_id": hid, "conversation_id": cid,
                       "case_type_id": rng.choice(case_types), "director_id": worker, "opened_on": on,
                       "summary": "Gezin met schulden en een zoon die thuis zit; één plan met school en CJG.",
                       "updated_by_id": worker}
                if (today - on).days < 365 and hid not in open_households:
                    open_households.add(hid)
                    row.update(status=CaseStatus.OPEN, next_evaluation_on=on + datetime.timedelta(days=90))
                else:
                    row.update(status=CaseStatus.CLOSED, closed_on=min(today, on + datetime.timedelta(days=200)),
                               outcome=rng.choice(CaseOutcome.values))
                yield row
        report.counts["cases"] = tables[Case].copy(cursor, case_rows())
        report.counts["assignments"] = tables[Assignment].copy(cursor, (
            {"case_id": case_id, "director_id": worker, "start_on": on, "assigned_by_id": worker,
             "reason": "Regisseur bij opening"} for case_id, worker, on in cases))
        goal_ids = tables[Goal].ids(2 * len(cases))
        goals = [(gid, cases[i // 2]) for i, gid in enumerate(goal_ids)]
        report.counts["goals"] = tables[Goal].copy(cursor, (
            {"id": gid, "case_id": case_id, "domain_id": rng.choice(domains), "text": "Rekeningen op tijd betalen",
             "start_score": rng.randint(1, 3)} for gid, (case_id, _w, _on) in goals))
        organisations = list(Organisation.objects.values_list("pk", flat=True))

        def action_rows() -> Iterator[dict[str, Any]]:
            for gid, (case_id, worker, on) in goals:
                partner = rng.random() < 0.5
                yield {"case_id": case_id, "goal_id": gid, "description": "Aanmelden bij schuldhulp",
                       "actor": Actor.PARTNER if partner else Actor.WORKER,
                       "organisation_id": rng.choice(organisations) if partner else None,
                       "worker_id": None if partner else worker, "due_on": on + datetime.timedelta(days=30),
                       "status": rng.choice(ActionStatus.values)}
        report.counts["actions"] = tables[PlanAction].copy(cursor, action_rows())
        step("cases")

        # Decisions, sent under a mandate of the deciding worker's kind where one exists.
        mandate_ids = list(Mandate.objects.values_list("pk", flat=True))
        provisions = list(Provision.objects.values_list("pk", "unit"))
        decision_rows_src = [h for h in held if h[6] == ConversationOutcome.NEEDS_DECISION]
        decision_ids = tables[Decision].ids(len(decision_rows_src))

        def decision_rows() -> Iterator[dict[str, Any]]:
            for did, (cid, req_id, hid, worker, rid, on, _o) in zip(decision_ids, decision_rows_src, strict=True):
                kind = rng.choice(DecisionKind.values)
                sent = on + datetime.timedelta(days=rng.randint(3, 40))
                row = {"id": did, "help_request_id": req_id, "conversation_id": cid, "resident_id": rid,
                       "household_id": hid, "kind": kind, "outcome": rng.choice(DecisionOutcome.values),
                       "start_on": on, "reasoning": "Uit het gesprek blijkt dat de eigen kracht niet volstaat.",
                       "legal_ground": LAW_OF_KIND[kind], "melding_on": on, "application_on": on,
                       "due_on": on + datetime.timedelta(days=56), "prepared_by_id": worker}
                if sent <= today and mandate_ids:
                    row.update(status=DecisionStatus.SENT, decided_by_id=worker, mandate_id=rng.choice(mandate_ids),
                               decided_at=timezone.make_aware(datetime.datetime.combine(sent, datetime.time(11))),
                               sent_on=sent, objection_period_ends_on=sent + datetime.timedelta(weeks=6))
                else:
                    row["status"] = DecisionStatus.DRAFT
                yield row
        report.counts["decisions"] = tables[Decision].copy(cursor, decision_rows())
        if provisions:
            def line_rows() -> Iterator[dict[str, Any]]:
                for did in decision_ids:
                    pid, unit = rng.choice(provisions)
                    volume, price = Decimal(rng.randint(1, 6)), Decimal("32.50")
                    yield {"decision_id": did, "provision_id": pid, "volume": volume, "unit": unit,
                           "unit_price": price, "cost": volume * price}
            # The lines of a sent decision are immutable (a trigger rejects new ones); loading
            # history is not changing it, so the triggers are off for this one COPY.
            cursor.execute("SET LOCAL session_replication_role = replica")
            report.counts["decision_lines"] = tables[DecisionLine].copy(cursor, line_rows())
            if check_foreign_keys:
                cursor.execute("SET LOCAL session_replication_role = origin")
        step("decisions")

        # The partner directory and referrals to it.
        org_ids = tables[Organisation].ids(ORGANISATIONS)
        kinds = OrganisationKind.values
        new_orgs = [Organisation(pk=oid, name=f"{rng.choice(['Stichting', 'Coöperatie', 'Vereniging'])} "
                                 f"{rng.choice(['Welzijn', 'Zorg', 'Thuis', 'Jeugd', 'Werk'])} {oid}",
                                 kind=rng.choice(kinds)) for oid in org_ids]
        report.counts["organisations"] = tables[Organisation].copy(cursor, (
            {"id": o.pk, "name": o.name, "kind": o.kind, "description": "Partner in de wijk.",
             "phone": "+31513000000", "email": "info@partner.example"} for o in new_orgs))
        org_zones = _through(Organisation, "zones")
        oz_org, oz_zone = _fk_names(org_zones, Organisation, Zone)
        Table(org_zones).copy(cursor, ({oz_org: o.pk, oz_zone: z.pk} for o in new_orgs for z in zones))
        all_orgs = list(Organisation.objects.filter(pk__lt=org_ids.start)) + new_orgs
        service_ids = tables[Service].ids(len(new_orgs))
        tables[Service].copy(cursor, ({"id": sid, "organisation_id": o.pk, "name": "Ondersteuning thuis"}
                                      for sid, o in zip(service_ids, new_orgs, strict=True)))
        person_ids = tables[Person].ids(DIRECTORY_PEOPLE)
        person_zone_rows: list[tuple[int, int]] = []

        def person_rows() -> Iterator[dict[str, Any]]:
            for pid in person_ids:
                org = rng.choice(all_orgs)
                person_zones = rng.sample(zones, rng.randint(1, 2))
                person = Person(name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                                job_title=rng.choice(JOB_TITLES), expertise=rng.sample(EXPERTISE, 3))
                person_zone_rows.extend((pid, z.pk) for z in person_zones)
                yield {"id": pid, "organisation_id": org.pk, "name": person.name, "job_title": person.job_title,
                       "expertise": person.expertise, "phone": "+31612345678", "email": "naam@partner.example",
                       "availability": sorted(rng.sample(Weekday.values, 2)), "confirmed_on": today, "photo": "",
                       "search_text": search_text_for(person, organisation=org, zones=person_zones)}
        report.counts["directory_people"] = tables[Person].copy(cursor, person_rows())
        person_zones_through = _through(Person, "zones")
        pz_person, pz_zone = _fk_names(person_zones_through, Person, Zone)
        Table(person_zones_through).copy(cursor, ({pz_person: p, pz_zone: z} for p, z in person_zone_rows))
        services = list(Service.objects.values_list("pk", "organisation_id")) + [
            (sid, o.pk) for sid, o in zip(service_ids, new_orgs, strict=True)]
        referral_src = [h for h in held if h[6] == ConversationOutcome.REFERRED]

        def referral_rows() -> Iterator[dict[str, Any]]:
            for cid, req_id, hid, worker, rid, on, _o in referral_src:
                sid, oid = rng.choice(services)
                status = rng.choice(ReferralStatus.values) if (today - on).days < 90 else ReferralStatus.FINISHED
                row = {"help_request_id": req_id, "conversation_id": cid, "resident_id": rid, "household_id": hid,
                       "service_id": sid, "organisation_id": oid, "sender_id": worker,
                       "question": "Graag een eerste gesprek over de schulden.", "share_request": True,
                       "consent_until": on + datetime.timedelta(days=365),
                       "consent_recorded_at": timezone.make_aware(datetime.datetime.combine(on, datetime.time(15))),
                       "status": status, "sent_on": on, "accept_by": on + datetime.timedelta(days=5)}
                if status == ReferralStatus.DECLINED:
                    row["decline_reason"] = "Geen plek binnen de termijn."
                if status in (ReferralStatus.STARTED, ReferralStatus.FINISHED):
                    row["started_on"] = on + datetime.timedelta(days=7)
                if status == ReferralStatus.FINISHED:
                    row.update(finished_on=on + datetime.timedelta(days=60), feedback="Afspraken lopen goed.")
                yield row
        report.counts["referrals"] = tables[Referral].copy(cursor, referral_rows())
        step("partners")

        # The access log: a hash chain continued from the last existing entry.
        report.counts["access_log"] = _seed_access_log(
            cursor, tables[AccessLogEntry], rng=rng, count=residents * LOG_ROWS_PER_RESIDENT,
            workers=[w for ws in workers_by_zone.values() for w in ws], residents=resident_ids,
            households=household_ids, requests=request_ids)
        step("access_log")

        for table in {t.model: t for t in _copied}.values():
            table.fix_sequence(cursor)
        _copied.clear()
    # Fresh statistics, or the planner guesses at tables it thinks are empty.
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        for table in tables:
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table._meta.db_table)))
        for through in (user_zones, request_domains, org_zones, person_zones_through):
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(through._meta.db_table)))
    step("analyze")
    return report


def _seed_access_log(cursor, table: Table, *, rng: random.Random, count: int, workers: list[int],
                     residents: range, households: range, requests: range) -> int:
    cursor.execute("SELECT pg_advisory_xact_lock(7513)")  # the chain lock of audit.services
    last = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", "at").first()
    prev = last[0] if last else GENESIS
    users = {u.pk: u for u in User.objects.filter(pk__in=workers).only("pk", "username", "role")}
    # Two years of reading, in time order so the chain order and the time order agree.
    start = (last[1] if last else timezone.now()) - datetime.timedelta(days=730)
    step = datetime.timedelta(days=730) / max(1, count)
    kinds = [("intake.household", LogAction.VIEW, households, "household page"),
             ("intake.helprequest", LogAction.VIEW, requests, "request page"),
             ("intake.resident", LogAction.VIEW, residents, "resident page"),
             ("intake.helprequest", LogAction.LIST, requests, "queue")]
    at_utc = datetime.UTC

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal prev
        entry = AccessLogEntry(detail={}, ip_address="127.0.0.1")
        for i in range(count):
            user = users[rng.choice(workers)]
            object_type, action, ids, purpose = rng.choice(kinds)
            object_id = rng.choice(ids)
            entry.at = (start + step * i).astimezone(at_utc)
            entry.user_id, entry.username, entry.role = user.pk, user.username, user.role
            entry.action, entry.object_type, entry.object_id = str(action), object_type, str(object_id)
            entry.resident_id = object_id if object_type == "intake.resident" else None
            entry.purpose, entry.prev_hash = purpose, prev
            prev = _digest(entry)
            yield {"at": entry.at, "user_id": user.pk, "username": user.username, "role": user.role,
                   "action": entry.action, "object_type": object_type, "object_id": entry.object_id,
                   "resident_id": entry.resident_id, "purpose": purpose, "detail": {},
                   "ip_address": "127.0.0.1", "prev_hash": entry.prev_hash, "entry_hash": prev}
    return table.copy(cursor, rows())
