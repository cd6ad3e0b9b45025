"""The benchmark seeder at a tiny scale, so it cannot rot between benchmark runs: the volumes it
promises, valid references (foreign keys checked), an intact access-log chain, and the pages the
benchmark measures answering with the seeded data."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

from accounts.testing import log_in
from audit.models import AccessLogEntry
from audit.services import access_log_verify
from benchmarks import database
from benchmarks.measure import pick_subjects
from benchmarks.seed import seed
from intake.models import (
    Conversation,
    HelpRequest,
    Household,
    HouseholdMembership,
    LifeDomain,
    Resident,
    SelfRelianceScore,
)

RESIDENTS = 200


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seed for the module (seeding is the slow part), rolled back at its end; each test
    runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = seed(residents=RESIDENTS, rng_seed=11, log=lambda line: None)
        # Django's foreign keys are deferred: check them now, inside the transaction.
        connection.check_constraints()
        yield report
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_savepoint(seeded, db):
    """Requested by every test so the module's seed is in place before the test's own transaction."""


def test_it_seeds_the_promised_volumes(seeded):
    assert Resident.objects.count() == RESIDENTS
    assert Household.objects.count() == round(RESIDENTS * 0.45)
    assert HelpRequest.objects.count() == round(RESIDENTS * 2.5)
    assert seeded.counts["access_log"] == RESIDENTS * 10
    assert AccessLogEntry.objects.count() >= RESIDENTS * 10


def test_every_resident_lives_in_exactly_one_household_and_some_moved(seeded):
    current = HouseholdMembership.objects.filter(end_date__isnull=True)
    assert current.count() == RESIDENTS
    assert current.values("resident").distinct().count() == RESIDENTS
    assert HouseholdMembership.objects.filter(end_date__isnull=False).exists()


def test_each_conversation_has_a_score_row_per_life_domain(seeded):
    conversations = Conversation.objects.count()
    assert conversations > 0
    assert SelfRelianceScore.objects.count() == conversations * LifeDomain.objects.filter(active=True).count()


def test_only_test_range_bsns_are_used(seeded):
    bsns = list(Resident.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert bsns
    assert all("999990000" <= b <= "999999999" for b in bsns)


def test_the_access_log_chain_stays_intact(seeded):
    report = access_log_verify()
    assert report.intact
    assert report.checked == AccessLogEntry.objects.count()


def test_the_sequences_continue_after_the_seeded_ids(seeded):
    resident = Resident.objects.create(first_names="Nieuw", surname="Inwoner", date_of_birth="1980-01-01")
    assert resident.pk > Resident.objects.exclude(pk=resident.pk).order_by("-pk").values_list("pk", flat=True)[0]


def test_the_measured_pages_answer_for_the_seeded_accounts(seeded):
    from django.urls import reverse

    subjects = pick_subjects()
    worker, leader = subjects["worker"], subjects["leader"]
    assert worker.assigned_requests.exists()
    client = log_in(Client(), worker)
    for url in (reverse("intake:my_work"), reverse("intake:household", args=[subjects["household"].pk]),
                reverse("intake:request_detail", args=[subjects["request"].pk]),
                reverse("intake:register") + "?search=1&surname=Visser", reverse("partners:directory") + "?q=schuld"):
        assert client.get(url).status_code == 200, url
    director = log_in(Client(), subjects["case"].director)
    assert director.get(reverse("cases:detail", args=[subjects["case"].pk])).status_code == 200
    client = log_in(Client(), leader)
    assert client.get(reverse("reporting:team")).status_code == 200


def test_the_small_scale_gets_its_own_database_beside_the_full_one(monkeypatch):
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench")
    assert database.url_for(100_000, full_scale=100_000).endswith("/toegang_bench")
    assert database.url_for(10_000, full_scale=100_000).endswith("/toegang_bench_10k")
