"""Sharing the plan with a partner only with recorded consent: only the consented parts, read-only,
feedback on their own action, and gone after withdrawal or expiry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Consent, PartnerFeedback
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _consent(client, case, organisation, parts, until=None):
    return client.post(reverse("cases:consent_add", args=[case.pk]), {
        "organisation": organisation.pk, "parts": parts,
        "valid_until": (until or timezone.localdate() + datetime.timedelta(days=90)).isoformat()})


def test_without_consent_the_partner_gets_404(case, debt_partner, partner_action):
    assert login(debt_partner).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_with_consent_the_partner_reads_only_the_consented_parts(case, worker, debt_partner, organisation,
                                                                 partner_action, resident):
    assert _consent(login(worker), case, organisation, ["actions"]).status_code == 302
    response = login(debt_partner).get(reverse("cases:detail", args=[case.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Budgetcoaching" in body
    assert "Ik wil de rekeningen weer zelf betalen." not in body  # goals not shared
    assert reverse("cases:summary", args=[case.pk]) not in body  # read-only
    listing = login(debt_partner).get(reverse("cases:shared")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in listing


def test_the_partner_cannot_edit_the_plan(case, worker, debt_partner, organisation):
    _consent(login(worker), case, organisation, ["goals", "actions"])
    response = login(debt_partner).post(reverse("cases:summary", args=[case.pk]),
                                        {"version": case.version, "summary": "x"})
    assert response.status_code == 403
    assert login(debt_partner).get(reverse("cases:pdf", args=[case.pk])).status_code == 404


def test_the_partner_gives_feedback_on_their_own_action_and_it_is_recorded_on_the_plan(
        case, worker, debt_partner, organisation, partner_action):
    _consent(login(worker), case, organisation, ["actions"])
    response = login(debt_partner).post(reverse("cases:feedback", args=[case.pk, partner_action.pk]),
                                        {"worked": "partly", "text": "Twee afspraken gemist."})
    assert response.status_code == 302
    feedback = PartnerFeedback.objects.get()
    assert (feedback.organisation, feedback.worked) == (organisation, "partly")
    assert "Twee afspraken gemist." in login(worker).get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_feedback_without_text_gives_a_dutch_error(case, worker, debt_partner, organisation, partner_action):
    _consent(login(worker), case, organisation, ["actions"])
    response = login(debt_partner).post(reverse("cases:feedback", args=[case.pk, partner_action.pk]),
                                        {"worked": "yes", "text": ""})
    assert response.status_code == 200
    assert "Schrijf uw terugkoppeling." in response.content.decode()


def test_the_partner_cannot_give_feedback_on_another_organisations_action(
        case, worker, debt_partner, organisation, other_organisation):
    action = services.action_add(user=worker, request=None, case=case, expected_version=case.version,
                                 description="Maatje", actor="partner", organisation=other_organisation,
                                 due_on=timezone.localdate())
    _consent(login(worker), case, organisation, ["actions"])
    response = login(debt_partner).post(reverse("cases:feedback", args=[case.pk, action.pk]),
                                        {"worked": "yes", "text": "x"})
    assert response.status_code == 404


def test_after_withdrawal_access_stops(case, worker, debt_partner, organisation, partner_action):
    client = login(worker)
    _consent(client, case, organisation, ["actions"])
    consent = Consent.objects.get()
    assert login(debt_partner).get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.post(reverse("cases:consent_withdraw", args=[case.pk, consent.pk])).status_code == 302
    assert login(debt_partner).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    response = login(debt_partner).post(reverse("cases:feedback", args=[case.pk, partner_action.pk]),
                                        {"worked": "yes", "text": "x"})
    assert response.status_code == 404


def test_an_expired_consent_gives_no_access(case, worker, debt_partner, organisation):
    services.consent_record(user=worker, request=None, case=case, organisation=organisation, parts=["goals"],
                            valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert login(debt_partner).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_consent_until_yesterday_is_refused_with_a_dutch_error(case, worker, organisation):
    response = _consent(login(worker), case, organisation, ["goals"],
                        until=timezone.localdate() - datetime.timedelta(days=1))
    assert "Deze datum ligt in het verleden." in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_can_be_withdrawn_after_the_plan_is_closed(case, worker, debt_partner, organisation):
    consent = services.consent_record(user=worker, request=None, case=case, organisation=organisation,
                                      parts=["goals"], valid_until=timezone.localdate() + datetime.timedelta(days=30))
    services.case_close(user=worker, request=None, case=case, expected_version=case.version,
                        outcome="goals_reached", reason="Klaar", closed_on=timezone.localdate())
    assert login(debt_partner).get(reverse("cases:detail", args=[case.pk])).status_code == 200
    page = login(worker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:consent_withdraw", args=[case.pk, consent.pk]) in page
    assert login(worker).post(reverse("cases:consent_withdraw", args=[case.pk, consent.pk])).status_code == 302
    assert login(debt_partner).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_stranger_cannot_withdraw_a_consent(case, worker, stranger, organisation):
    consent = services.consent_record(user=worker, request=None, case=case, organisation=organisation,
                                      parts=["goals"], valid_until=timezone.localdate() + datetime.timedelta(days=30))
    assert login(stranger).post(reverse("cases:consent_withdraw", args=[case.pk, consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_the_partner_is_asked_for_feedback_when_the_evaluation_is_near(case, worker, debt_partner, organisation,
                                                                       partner_action):
    from cases.models import Case

    _consent(login(worker), case, organisation, ["actions"])
    listing = login(debt_partner).get(reverse("cases:shared")).content.decode()
    assert "terugkoppeling wordt gevraagd" not in listing  # evaluation three months away
    Case.objects.filter(pk=case.pk).update(next_evaluation_on=timezone.localdate() + datetime.timedelta(days=7))
    listing = login(debt_partner).get(reverse("cases:shared")).content.decode()
    assert "uw terugkoppeling wordt gevraagd voor de evaluatie" in listing


def test_a_consent_a_colleague_recorded_meanwhile_is_not_replaced_unseen(case, worker, colleague, organisation):
    """Both open the plan with no consent in force; the colleague records first. The worker's
    form says so, keeps what was typed, and recording again (now knowingly) replaces it."""
    page = login(worker).get(reverse("cases:detail", args=[case.pk]), {"form": "consent"})
    seen = page.context["consent_form"]["seen"].value()
    assert _consent(login(colleague), case, organisation, ["goals", "actions"]).status_code == 302
    mine = {"organisation": organisation.pk, "parts": ["actions"], "seen": seen,
            "valid_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()}
    response = login(worker).post(reverse("cases:consent_add", args=[case.pk]), mine)
    assert response.status_code == 200
    form = response.context["consent_form"]
    assert "Intussen heeft een collega een toestemming vastgelegd" in form.non_field_errors()[0]
    assert form["parts"].value() == ["actions"]
    assert Consent.objects.get(withdrawn_at__isnull=True).parts == ["actions", "goals"]
    response = login(worker).post(reverse("cases:consent_add", args=[case.pk]),
                                  {**mine, "seen": form["seen"].value()})
    assert response.status_code == 302
    assert Consent.objects.get(withdrawn_at__isnull=True).parts == ["actions"]
    assert Consent.objects.count() == 2
