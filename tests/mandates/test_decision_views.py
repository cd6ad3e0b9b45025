"""The decision pages through HTTP: who may open them, who may decide, Dutch form errors."""

import datetime
import decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from mandates.models import Decision, DecisionStatus
from tests.conftest import login
from tests.mandates.conftest import lines

pytestmark = pytest.mark.django_db

PERSONAS = ["worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "partner_worker", "administrator"]
RECORD_EXPECTED = {"worker": 200, "colleague": 200, "stranger": 404, "team_leader": 200,
                   "other_team_leader": 404, "council_member": 403, "partner_worker": 403, "administrator": 403}


@pytest.fixture
def decision(prepare):
    return prepare()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_decision_page_answers_each_role_as_its_relation_allows(request, decision, persona):
    response = login(request.getfixturevalue(persona)).get(reverse("mandates:decision", args=[decision.pk]))
    assert response.status_code == RECORD_EXPECTED[persona]
    if response.status_code != 200:
        assert decision.resident.full_name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_prepare_page_answers_each_role_as_its_relation_allows(request, needs_decision, household_help, persona):
    response = login(request.getfixturevalue(persona)).get(
        reverse("mandates:decision_new", args=[needs_decision.pk]))
    assert response.status_code == RECORD_EXPECTED[persona]


@pytest.mark.parametrize("name", ["mandates:approvals", "mandates:clocks"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_lists_are_for_intake_staff_only(request, decision, persona, name):
    response = login(request.getfixturevalue(persona)).get(reverse(name))
    assert response.status_code == (200 if persona in ("worker", "colleague", "stranger", "team_leader",
                                                       "other_team_leader") else 403)
    if persona in ("stranger", "other_team_leader"):
        assert decision.resident.full_name not in response.content.decode()


@pytest.mark.parametrize("name", ["mandates:decision_decide", "mandates:decision_submit", "mandates:objection_new"])
def test_a_get_on_a_mutation_is_refused(worker, decision, name):
    assert login(worker).get(reverse(name, args=[decision.pk])).status_code == 405


def test_reading_a_decision_is_access_logged(worker, decision):
    login(worker).get(reverse("mandates:decision", args=[decision.pk]))
    entry = AccessLogEntry.objects.filter(purpose="mandates: decision").latest("id")
    assert entry.user == worker
    assert entry.resident_id == decision.resident_id


def test_a_worker_prepares_household_help_and_sees_the_preview(worker, needs_decision, household_help):
    today = timezone.localdate()
    response = login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", **lines((household_help, "3")), "delivery": "in_kind",
        "application_on": today, "start_on": today, "reasoning": "Kan het huishouden niet zelf.",
        "legal_ground": "Wmo 2015, artikel 2.3.5"}, follow=True)
    decision = Decision.objects.get()
    assert response.redirect_chain[-1][0] == reverse("mandates:decision", args=[decision.pk])
    page = response.content.decode()
    assert "Voorbeeld van de brief" in page
    assert "namens het college van burgemeester en wethouders" in page.lower()


def test_bad_input_gives_a_dutch_error_next_to_the_field_and_keeps_what_was_typed(worker, needs_decision,
                                                                                   household_help):
    response = login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", **lines((household_help, "drie")),
        "delivery": "in_kind", "application_on": "2026-01-05", "start_on": "2026-01-05", "end_on": "2026-01-01",
        "reasoning": "Mijn getypte motivering", "legal_ground": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vul een getal in" in page
    assert "De einddatum ligt vóór de begindatum." in page
    assert "Noem de wettelijke grondslag." in page
    assert "Mijn getypte motivering" in page
    assert not Decision.objects.exists()


def test_a_conversation_without_the_decision_outcome_cannot_start_a_decision(worker, conversation, household_help):
    assert login(worker).get(reverse("mandates:decision_new", args=[conversation.pk])).status_code == 403


def test_a_user_without_mandate_cannot_decide_by_crafting_a_post(colleague, decision):
    response = login(colleague).post(reverse("mandates:decision_decide", args=[decision.pk]),
                                     {"version": decision.version})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT


def test_a_worker_within_mandate_decides_with_one_click(worker, worker_mandate, decision,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        response = login(worker).post(reverse("mandates:decision_decide", args=[decision.pk]),
                                      {"version": decision.version}, follow=True)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SENT
    assert "Besloten en verzonden" in response.content.decode()


def test_a_stale_version_does_not_overwrite(worker, worker_mandate, decision):
    response = login(worker).post(reverse("mandates:decision_decide", args=[decision.pk]),
                                  {"version": decision.version + 5}, follow=True)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert "in de tussentijd" in response.content.decode()


def test_above_the_mandate_it_lands_in_the_team_leaders_approval_queue(worker, team_leader, other_team_leader,
                                                                       worker_mandate, leader_mandate, prepare):
    decision = prepare(hours="8")
    login(worker).post(reverse("mandates:decision_submit", args=[decision.pk]), {"version": decision.version})
    queue = login(team_leader).get(reverse("mandates:approvals"))
    assert decision.resident.full_name in queue.content.decode()
    assert decision.resident.full_name not in login(other_team_leader).get(reverse("mandates:approvals")).content.decode()


def test_a_decision_can_hold_several_provisions(worker, needs_decision, household_help):
    from mandates.factories import ProvisionFactory
    from mandates.models import ProductCategory

    support = ProvisionFactory(name="Individuele begeleiding", product_category=ProductCategory.objects.get(code="02"),
                               product_code="02A01", price=decimal.Decimal("64.50"))
    today = timezone.localdate()
    login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", **lines((household_help, "3"), (support, "1.5")), "delivery": "in_kind",
        "application_on": today, "start_on": today, "reasoning": "Huishouden en begeleiding.",
        "legal_ground": "Wmo 2015, artikel 2.3.5"})
    decision = Decision.objects.get()
    assert [line.provision.name for line in decision.lines.order_by("pk")] == ["Hulp bij het huishouden",
                                                                                 "Individuele begeleiding"]
    assert decision.total_cost == sum(line.cost for line in decision.lines.all())


def test_a_provision_of_another_kind_or_twice_is_refused_next_to_the_row(worker, needs_decision, household_help,
                                                                        white_goods):
    today = timezone.localdate()
    response = login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", **lines((household_help, "3"), (household_help, "2"), (white_goods, "9")),
        "delivery": "in_kind", "application_on": today, "start_on": today, "reasoning": "x",
        "legal_ground": "Wmo 2015"})
    page = response.content.decode()
    assert "Deze voorziening staat al in het besluit." in page
    assert not Decision.objects.exists()
    response = login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", **lines((white_goods, "9")),
        "delivery": "in_kind", "application_on": today, "start_on": today, "reasoning": "x",
        "legal_ground": "Wmo 2015"})
    assert "Deze voorziening hoort niet bij het gekozen soort besluit." in response.content.decode()
    assert not Decision.objects.exists()


def test_an_urgent_wmo_decision_says_temporary_support_started_at_once(worker, needs_decision, household_help):
    today = timezone.localdate()
    response = login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", "urgent": "on", **lines((household_help, "3")), "delivery": "in_kind",
        "application_on": today, "start_on": today, "reasoning": "Mantelzorger valt plotseling weg.",
        "legal_ground": "Wmo 2015, artikel 2.3.3"}, follow=True)
    assert Decision.objects.get().urgent
    assert "tijdelijke ondersteuning" in response.content.decode()


def test_lines_in_two_categories_need_one_mandate_that_covers_both(worker, needs_decision, household_help,
                                                                   worker_mandate):
    """The worker holds a mandate for household help (01) and one for support (02): each line is
    covered, but by different decrees, and the decision records one. It goes to a colleague."""
    from mandates.factories import MandateFactory, ProvisionFactory
    from mandates.models import ProductCategory
    from mandates.services import decision_mandate_check

    support_category = ProductCategory.objects.get(code="02")
    MandateFactory(holder=worker, kind="wmo", max_amount=decimal.Decimal("5000"), categories=[support_category])
    support = ProvisionFactory(name="Individuele begeleiding", product_category=support_category,
                               product_code="02A01", price=decimal.Decimal("64.50"))
    today = timezone.localdate()
    login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", **lines((household_help, "3"), (support, "1.5")), "delivery": "in_kind",
        "application_on": today, "start_on": today, "end_on": today + datetime.timedelta(weeks=4),
        "reasoning": "Huishouden en begeleiding.", "legal_ground": "Wmo 2015, artikel 2.3.5"})
    decision = Decision.objects.get()
    check = decision_mandate_check(user=worker, decision=decision, on=today)
    assert not check.inside and "02" in check.reason
    both = MandateFactory(holder=worker, kind="wmo", max_amount=decimal.Decimal("5000"),
                          categories=[ProductCategory.objects.get(code="01"), support_category])
    check = decision_mandate_check(user=worker, decision=decision, on=today)
    assert check.inside and check.mandate == both


def _post_decision(worker, needs_decision, *rows):
    today = timezone.localdate()
    return login(worker).post(reverse("mandates:decision_new", args=[needs_decision.pk]), {
        "kind": "wmo", "outcome": "granted", **lines(*rows), "delivery": "in_kind",
        "application_on": today, "start_on": today, "reasoning": "Nodig.", "legal_ground": "Wmo 2015"})


def test_more_hours_than_a_week_holds_is_refused_next_to_the_volume(worker, needs_decision, household_help):
    response = _post_decision(worker, needs_decision, (household_help, "200"))
    assert response.status_code == 200
    assert "Een week heeft 168 uur." in response.context["formset"].forms[0].errors["volume"]
    assert 'value="200"' in response.content.decode()  # what was typed stays
    assert not Decision.objects.exists()


def test_a_cost_beyond_what_the_register_holds_is_a_dutch_message_not_a_server_error(worker, needs_decision):
    """Found by the form fuzz test: a volume the form accepts could cost more than the cost
    columns hold, and the database refused the row with a 500."""
    from mandates.factories import ProvisionFactory

    adaptation = ProvisionFactory(name="Woningaanpassing", unit="piece", product_code="01B01",
                                  price=decimal.Decimal("5000.00"))
    response = _post_decision(worker, needs_decision, (adaptation, "99999"))
    assert response.status_code == 200
    assert "hoger dan de registratie kan bevatten" in response.content.decode()
    assert not Decision.objects.exists()
