"""Fixtures of the survey tests: a decision and a case made through the real services, on top
of the personas in tests/conftest.py and the fixtures of the mandates and cases tests."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases import services as case_services
from mandates import services as decision_services
from surveys.models import Answer, Response, Statement
from tests.cases.conftest import _fresh_test_bsn_pool, case, case_type, plan_conversation  # noqa: F401
from tests.mandates.conftest import (  # noqa: F401
    household_help,
    membership,
    needs_decision,
    prepare,
    worker_mandate,
)


@pytest.fixture
def send_decision(prepare, worker, worker_mandate):  # noqa: F811
    def _send():
        decision = prepare()
        return decision_services.decision_decide(user=worker, request=None, decision=decision,
                                                 expected_version=decision.version, today=timezone.localdate())
    return _send


@pytest.fixture
def close_case(worker):
    def _close(case):  # noqa: F811
        case.refresh_from_db()
        return case_services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                                        outcome="goals_reached", reason="Doelen bereikt",
                                        closed_on=timezone.localdate())
    return _close


def add_responses(n: int, *, zone, on: datetime.date, scores: list[int | None], remark: str = "") -> None:
    """n questionnaires answered on `on` in `zone`, each scoring every active statement with the
    next value of `scores` (cycled per response)."""
    statements = list(Statement.objects.filter(active=True))
    for i in range(n):
        response = Response.objects.create(zone=zone, answered_on=on, source_kind="decision",
                                           decision_kind="wmo", remark=remark)
        score = scores[i % len(scores)]
        Answer.objects.bulk_create([Answer(response=response, statement=s, score=score) for s in statements])
