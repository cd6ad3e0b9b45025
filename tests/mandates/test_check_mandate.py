"""The mandate check at the moment of deciding: inside, outside by amount, by kind, by
category, expired, through a role, and a sub-mandate that never reaches beyond its parent."""

import datetime
import decimal

import pytest

from accounts.models import Role
from mandates.checks import check_mandate
from mandates.factories import MandateFactory
from mandates.models import DecisionKind, ProductCategory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
D = decimal.Decimal


@pytest.fixture
def cat01(db):
    return ProductCategory.objects.get(code="01")


@pytest.fixture
def cat11(db):
    return ProductCategory.objects.get(code="11")


def test_a_decision_within_limit_and_category_is_inside(worker, worker_mandate, cat01):
    check = check_mandate(worker, kind=DecisionKind.WMO, amount=D("4999.99"), category=cat01, on=TODAY)
    assert check.inside
    assert check.mandate == worker_mandate


def test_the_limit_itself_is_still_inside_and_one_cent_more_is_outside(worker, worker_mandate, cat01):
    assert check_mandate(worker, kind=DecisionKind.WMO, amount=D("5000"), category=cat01, on=TODAY).inside
    outside = check_mandate(worker, kind=DecisionKind.WMO, amount=D("5000.01"), category=cat01, on=TODAY)
    assert not outside.inside
    assert "5000.01" in outside.reason


def test_another_kind_of_decision_is_outside(worker, worker_mandate):
    check = check_mandate(worker, kind=DecisionKind.SPECIAL_ASSISTANCE, amount=D("10"), on=TODAY)
    assert not check.inside
    assert check.mandate is None


def test_a_category_the_mandate_does_not_name_is_outside(worker, worker_mandate, cat11):
    assert not check_mandate(worker, kind=DecisionKind.WMO, amount=D("10"), category=cat11, on=TODAY).inside


def test_an_expired_mandate_is_outside_the_day_after_it_ends(worker, cat01):
    MandateFactory(holder=worker, valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2026, 5, 31))
    assert check_mandate(worker, kind=DecisionKind.WMO, amount=D("1"), category=cat01,
                         on=datetime.date(2026, 5, 31)).inside
    late = check_mandate(worker, kind=DecisionKind.WMO, amount=D("1"), category=cat01, on=TODAY)
    assert not late.inside
    assert "01-06-2026" in late.reason


def test_a_mandate_held_by_a_role_counts_for_every_holder_of_that_role(team_leader, other_team_leader,
                                                                         leader_mandate, worker, cat11):
    for leader in (team_leader, other_team_leader):
        assert check_mandate(leader, kind=DecisionKind.WMO, amount=D("20000"), category=cat11, on=TODAY).inside
    assert not check_mandate(worker, kind=DecisionKind.WMO, amount=D("20000"), category=cat11, on=TODAY).inside


def test_a_sub_mandate_never_reaches_beyond_its_parent(worker, cat01):
    parent = MandateFactory(holder_role=Role.TEAM_LEADER, max_amount=D("3000"),
                            valid_until=datetime.date(2026, 12, 31))
    MandateFactory(holder=worker, parent=parent, max_amount=D("8000"))
    assert check_mandate(worker, kind=DecisionKind.WMO, amount=D("2500"), category=cat01, on=TODAY).inside
    assert not check_mandate(worker, kind=DecisionKind.WMO, amount=D("3500"), category=cat01, on=TODAY).inside
    assert not check_mandate(worker, kind=DecisionKind.WMO, amount=D("100"), category=cat01,
                             on=datetime.date(2027, 1, 4)).inside


def test_an_hours_limit_is_checked_against_the_weekly_hours(worker, cat01):
    MandateFactory(holder=worker, max_hours_per_week=D("4"))
    assert check_mandate(worker, kind=DecisionKind.WMO, amount=D("1"), hours=D("4"), category=cat01, on=TODAY).inside
    assert not check_mandate(worker, kind=DecisionKind.WMO, amount=D("1"), hours=D("4.5"), category=cat01,
                             on=TODAY).inside


def test_a_user_without_any_mandate_is_outside_with_a_reason(colleague):
    check = check_mandate(colleague, kind=DecisionKind.WMO, amount=D("1"), on=TODAY)
    assert not check.inside
    assert check.reason


def test_a_mandate_is_ended_never_deleted(worker_mandate):
    from django.db import ProgrammingError, transaction

    with pytest.raises(ProgrammingError, match="Cannot delete"), transaction.atomic():
        worker_mandate.delete()


def test_a_decision_over_two_categories_needs_one_mandate_covering_both(worker, cat01, cat11):
    """Two mandates that each cover one category do not add up: the decision records the one
    mandate it was taken under, which must cover all its lines."""
    only_01 = MandateFactory(holder=worker, max_amount=D("5000"), decree_reference="M-01")
    only_01.categories.set([cat01])
    only_11 = MandateFactory(holder=worker, max_amount=D("5000"), decree_reference="M-11")
    only_11.categories.set([cat11])
    assert check_mandate(worker, kind=DecisionKind.WMO, amount=D("10"), categories=[cat01], on=TODAY).inside
    both = check_mandate(worker, kind=DecisionKind.WMO, amount=D("10"), categories=[cat01, cat11], on=TODAY)
    assert not both.inside and "categorie" in both.reason
    covering = MandateFactory(holder=worker, max_amount=D("5000"), decree_reference="M-BOTH")
    covering.categories.set([cat01, cat11])
    both = check_mandate(worker, kind=DecisionKind.WMO, amount=D("10"), categories=[cat01, cat11], on=TODAY)
    assert both.inside and both.mandate == covering
