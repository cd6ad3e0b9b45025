"""The team leader's caseload dashboard: figures per meitinker and per zone of the team, and the
lists behind them.

Every figure is counted in the database. Each source (requests, plans, follow-ups, legal clocks,
decisions) is one GROUP BY (worker, zone) query whose rows are bounded by the team's size, not
by the amount of work; the per-worker, per-zone and total figures are sums of those rows, so the
dashboard runs the same handful of queries whatever the caseload.

The scope is what the team leader may see: each source starts from its model's `visible_to`
queryset (the team's zones and the team's workers), the same rule the record pages enforce.
(Kept apart from reporting.selectors, which holds the council's aggregates.)
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import FETCH_RAISE, Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User, Zone
from cases.models import Case, CaseStatus, FollowUp, FollowUpStatus
from intake.models import AWAITING_VISIT, OPEN_STATUSES, HelpRequest, RequestStatus
from mandates.models import Decision, LegalClock


@dataclass(frozen=True)
class TeamScope:
    """What the dashboard shows: the leader's visible work, optionally narrowed to one zone, one
    worker and a period in which the work came in (first contact for requests and what hangs
    off them, the opening date for plans)."""

    user: User
    today: datetime.date
    due_soon_days: int
    zone_id: int | None = None
    worker_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass(frozen=True)
class Source:
    """One kind of work: where its worker, zone and arrival date are, and its figures."""

    kind: str
    base: Callable[[TeamScope], QuerySet]
    worker: str
    zone: str
    arrived_on: str
    figures: Callable[[TeamScope], dict[str, Q]]
    keys: tuple[str, ...]


def _requests(scope: TeamScope) -> QuerySet:
    return HelpRequest.objects.visible_to(scope.user).filter(status__in=OPEN_STATUSES)


def _request_figures(scope: TeamScope) -> dict[str, Q]:
    return {
        "open_requests": Q(),
        "unassigned": Q(status=RequestStatus.NEW),
        # A planned visit is only news while the conversation has not started.
        "visits_planned": Q(status__in=AWAITING_VISIT, visit_planned_at__isnull=False),
        # The one-week promise (intake.IntakeSettings): no conversation yet and the date passed.
        "visits_overdue": Q(status__in=AWAITING_VISIT, visit_due_on__lt=scope.today),
    }


def _team_plans(scope: TeamScope) -> Q:
    """A plan is the team's work when a team worker directs it or its household lives in a team
    zone: the rows of the dashboard. The leader may also see a plan elsewhere whose household a
    team worker once helped (Household.visible_to); that plan is another team's work, has no row
    here and is left out of the totals too. Narrowing first also spares PostgreSQL the set of
    every household with a team worker's request in the last years (docs/performance.md)."""
    return Q(director__team_id=scope.user.team_id) | Q(household__zone__team_id=scope.user.team_id)


def _cases(scope: TeamScope) -> QuerySet:
    return Case.objects.visible_to(scope.user).filter(_team_plans(scope), status=CaseStatus.OPEN)


def _case_figures(scope: TeamScope) -> dict[str, Q]:
    return {
        "cases_open": Q(),
        "cases_complex": Q(complex_decision=True),
        "cases_not_complex": Q(complex_decision=False),
        "cases_undecided": Q(complex_decision__isnull=True),
        "evaluations_due": Q(next_evaluation_on__lte=scope.today),
    }


def _follow_ups(scope: TeamScope) -> QuerySet:
    plans = Case.objects.visible_to(scope.user).filter(_team_plans(scope))
    return FollowUp.objects.filter(case__in=plans, status=FollowUpStatus.PLANNED)


def _follow_up_figures(scope: TeamScope) -> dict[str, Q]:
    return {"follow_ups_due": Q(due_on__lte=scope.today)}


def _clocks(scope: TeamScope) -> QuerySet:
    return LegalClock.objects.visible_to(scope.user).running()


def _clock_figures(scope: TeamScope) -> dict[str, Q]:
    soon = scope.today + datetime.timedelta(days=scope.due_soon_days)
    return {
        "clocks_due_soon": Q(due_on__gte=scope.today, due_on__lte=soon),
        "clocks_overdue": Q(due_on__lt=scope.today),
    }


def _decisions(scope: TeamScope) -> QuerySet:
    return Decision.objects.visible_to(scope.user).awaiting_approval()


def _decision_figures(scope: TeamScope) -> dict[str, Q]:
    return {"decisions_awaiting": Q()}


SOURCES = (
    Source("requests", _requests, "assigned_worker_id", "zone_id", "first_contact_on", _request_figures,
           ("open_requests", "unassigned", "visits_planned", "visits_overdue")),
    Source("cases", _cases, "director_id", "household__zone_id", "opened_on", _case_figures,
           ("cases_open", "cases_complex", "cases_not_complex", "cases_undecided", "evaluations_due")),
    Source("follow_ups", _follow_ups, "case__director_id", "case__household__zone_id", "case__opened_on",
           _follow_up_figures, ("follow_ups_due",)),
    Source("clocks", _clocks, "help_request__assigned_worker_id", "help_request__zone_id",
           "help_request__first_contact_on", _clock_figures, ("clocks_due_soon", "clocks_overdue")),
    # A decision waits for a mandated colleague: it is the preparing worker's case that waits.
    Source("decisions", _decisions, "prepared_by_id", "help_request__zone_id", "help_request__first_contact_on",
           _decision_figures, ("decisions_awaiting",)),
)

FIGURE_LABELS = {
    "open_requests": _("Open requests"),
    "unassigned": _("Awaiting triage"),
    "visits_planned": _("Home visits planned"),
    "visits_overdue": _("Home visits overdue"),
    "cases_open": _("Open plans"),
    "cases_complex": _("Complex plans"),
    "cases_not_complex": _("Plans, not complex"),
    "cases_undecided": _("Plans, complexity not decided"),
    "evaluations_due": _("Evaluations due"),
    "follow_ups_due": _("Follow-ups due"),
    "clocks_due_soon": _("Legal clocks due soon"),
    "clocks_overdue": _("Legal clocks overdue"),
    "decisions_awaiting": _("Decisions awaiting a mandated colleague"),
}
SOURCE_OF_FIGURE = {key: source for source in SOURCES for key in source.keys}

# The columns of the per-worker and per-zone tables (triage is a zone matter: nobody carries it yet).
WORKER_COLUMNS = ("open_requests", "visits_planned", "visits_overdue", "cases_complex", "cases_not_complex",
                  "cases_undecided", "evaluations_due", "follow_ups_due", "clocks_due_soon", "clocks_overdue",
                  "decisions_awaiting")
ZONE_COLUMNS = ("unassigned", *WORKER_COLUMNS)
TOTAL_CARDS = ("unassigned", "open_requests", "visits_overdue", "cases_open", "evaluations_due",
               "follow_ups_due", "clocks_due_soon", "clocks_overdue", "decisions_awaiting")


def _scoped(source: Source, scope: TeamScope) -> QuerySet:
    qs = source.base(scope)
    if scope.worker_id:
        qs = qs.filter(**{source.worker: scope.worker_id})
    if scope.zone_id:
        qs = qs.filter(**{source.zone: scope.zone_id})
    if scope.date_from:
        qs = qs.filter(**{f"{source.arrived_on}__gte": scope.date_from})
    if scope.date_to:
        qs = qs.filter(**{f"{source.arrived_on}__lte": scope.date_to})
    return qs


@dataclass
class Row:
    """One worker or zone with its figures (a missing key counts 0)."""

    pk: int
    name: str
    figures: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class TeamDashboard:
    totals: dict[str, int]
    workers: list[Row]
    zones: list[Row]
    # The whole team, also when the rows are narrowed: the filters offer these.
    team_workers: list[User]
    team_zones: list[Zone]


def team_workers(*, team_id: int) -> QuerySet[User]:
    """The meitinkers a team leader balances work across (and may hand work to)."""
    return User.objects.filter(team_id=team_id, role=Role.WORKER, is_active=True).order_by(
        "first_name", "last_name", "username")


def team_zones(*, team_id: int) -> QuerySet[Zone]:
    return Zone.objects.filter(team_id=team_id).order_by("name")


@dataclass(frozen=True)
class _Counts:
    """One source's aggregate, compiled: the SQL and parameters the ORM built for a scope."""

    source: Source
    using: str
    sql: str
    params: tuple


def _compile_counts(scope: TeamScope) -> tuple[_Counts, ...]:
    statements = []
    for source in SOURCES:
        figures = source.figures(scope)
        qs = (
            _scoped(source, scope).order_by()
            .values(worker_key=F(source.worker), zone_key=F(source.zone))
            .annotate(**{key: Count("pk", filter=condition) for key, condition in figures.items()})
        )
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
        statements.append(_Counts(source=source, using=qs.db, sql=sql, params=tuple(params)))
    return tuple(statements)


# Building and compiling the five access-checked aggregates took longer than running them
# (docs/performance.md, finding 10), and a team leader reloads the same dashboard all day. The
# statements depend on nothing but the scope's values and what the access rules read from the
# user (User.access_key), so each process keeps the compiled SQL of recent scopes; the figures are
# counted afresh on every view. The cache holds the key only: the SQL is built for a detached user
# made from the access key (request.user would keep its whole request alive in the cache), which
# also keeps visible_to within what the key holds.
@functools.lru_cache(maxsize=256)
def _cached_counts(access_key: tuple, today: datetime.date, due_soon_days: int, zone_id: int | None,
                   worker_id: int | None, date_from: datetime.date | None,
                   date_to: datetime.date | None) -> tuple[_Counts, ...]:
    return _compile_counts(TeamScope(user=User.from_access_key(access_key), today=today,
                                     due_soon_days=due_soon_days, zone_id=zone_id, worker_id=worker_id,
                                     date_from=date_from, date_to=date_to))


def _count_statements(scope: TeamScope) -> tuple[_Counts, ...]:
    return _cached_counts(scope.user.access_key, scope.today, scope.due_soon_days, scope.zone_id,
                          scope.worker_id, scope.date_from, scope.date_to)


def team_dashboard(*, scope: TeamScope) -> TeamDashboard:
    """All figures of the dashboard: one aggregate query per source, plus the team's workers and
    zones for the row labels (and the filters)."""
    team_id = scope.user.team_id
    workers = list(team_workers(team_id=team_id))
    zones = list(team_zones(team_id=team_id))
    worker_rows = {w.pk: Row(pk=w.pk, name=str(w)) for w in workers if scope.worker_id in (None, w.pk)}
    zone_rows = {z.pk: Row(pk=z.pk, name=z.name) for z in zones if scope.zone_id in (None, z.pk)}
    totals: dict[str, int] = defaultdict(int)
    for statement in _count_statements(scope):
        with connections[statement.using].cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            columns = [column.name for column in cursor.description]
            rows = cursor.fetchall()
        keys = columns[2:]  # after worker_key and zone_key, the figures in the order annotated
        for worker_key, zone_key, *counts in rows:
            worker_row = worker_rows.get(worker_key)
            zone_row = zone_rows.get(zone_key)
            for key, n in zip(keys, counts, strict=True):
                totals[key] += n
                # Work of the team's zones carried by a worker of another team counts for the
                # zone; work of the team's workers in another team's zone counts for the worker.
                if worker_row is not None:
                    worker_row.figures[key] += n
                if zone_row is not None:
                    zone_row.figures[key] += n
    return TeamDashboard(totals=totals, workers=list(worker_rows.values()), zones=list(zone_rows.values()),
                         team_workers=workers, team_zones=zones)


_LIST_JOINS = {
    "requests": ("resident", "zone", "assigned_worker"),
    "cases": ("household__zone", "director", "conversation__help_request__resident"),
    "follow_ups": ("case__household__zone", "case__director", "case__conversation__help_request__resident"),
    "clocks": ("help_request__resident", "help_request__zone", "help_request__assigned_worker"),
    "decisions": ("resident", "help_request__zone", "prepared_by"),
}
_LIST_ORDER = {
    "requests": ("visit_due_on", "pk"),
    "cases": ("next_evaluation_on", "pk"),
    "follow_ups": ("due_on", "pk"),
    "clocks": ("due_on", "pk"),
    "decisions": ("submitted_at", "pk"),
}


def team_figure_list(*, scope: TeamScope, figure: str) -> tuple[str, QuerySet]:
    """The records behind one figure, with the same scope and condition as the count, so the
    list's length is the number that was clicked. Returns (kind, queryset)."""
    source = SOURCE_OF_FIGURE[figure]
    condition = source.figures(scope)[figure]
    qs = (_scoped(source, scope).filter(condition).select_related(*_LIST_JOINS[source.kind])
          .order_by(*_LIST_ORDER[source.kind]).fetch_mode(FETCH_RAISE))
    return source.kind, qs


def request_row(*, user: User, request_id: int) -> HelpRequest:
    """One request re-read for its row after a reassignment (same joins as the list)."""
    return (HelpRequest.objects.visible_to(user).select_related(*_LIST_JOINS["requests"])
            .fetch_mode(FETCH_RAISE).get(pk=request_id))


def case_row(*, user: User, case_id: int) -> Case:
    return (Case.objects.visible_to(user).select_related(*_LIST_JOINS["cases"])
            .fetch_mode(FETCH_RAISE).get(pk=case_id))
