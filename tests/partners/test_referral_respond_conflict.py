"""A partner worker's answer that loses a race with a colleague's: not saved, the conflict is
said, and the decline reason or finish feedback they typed stays on the page."""

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role
from partners.models import Referral, ReferralStatus
from partners.services import referral_transition
from tests.conftest import login

pytestmark = pytest.mark.django_db

CONFLICT = "heeft deze verwijzing al gewijzigd"


@pytest.fixture
def partner_colleague(debt_org):
    return UserFactory(username="colleague-partner", first_name="Sietske", last_name="Bouma",
                       role=Role.PARTNER_WORKER, organisation=debt_org)


def _answer(user, referral, to, version):
    referral_transition(user=user, request=None, referral=Referral.objects.get(pk=referral.pk), to=to,
                        expected_version=version, today=timezone.localdate(),
                        feedback="Afgerond door Sietske." if to == ReferralStatus.FINISHED else "")


def test_a_decline_after_a_colleague_accepted_keeps_the_typed_reason(referral, debt_partner, partner_colleague):
    loaded = referral.version
    _answer(partner_colleague, referral, ReferralStatus.ACCEPTED, loaded)
    response = login(debt_partner).post(reverse("partners:referral_respond", args=[referral.pk]), {
        "to": "declined", "version": loaded, "reason": "Wachtlijst tot maart; probeer de Kredietbank."})
    body = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in body and "Sietske Bouma" in body
    assert "Wachtlijst tot maart; probeer de Kredietbank." in body
    # Declining is no longer possible: the text stays to copy, without a button that cannot work.
    assert "Deze stap is niet meer mogelijk." in body
    assert "Verwijzing afwijzen" not in body
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.decline_reason == ""
    assert f'name="version" value="{loaded}"' not in body


def test_finishing_after_a_colleague_finished_keeps_the_typed_feedback(referral, debt_partner, partner_colleague):
    _answer(partner_colleague, referral, ReferralStatus.ACCEPTED, referral.version)
    _answer(partner_colleague, referral, ReferralStatus.STARTED, referral.version + 1)
    loaded = referral.version + 2
    _answer(partner_colleague, referral, ReferralStatus.FINISHED, loaded)
    response = login(debt_partner).post(reverse("partners:referral_respond", args=[referral.pk]), {
        "to": "finished", "version": loaded, "feedback": "Budgetplan gemaakt, huur weer betaald."})
    body = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in body
    assert "Budgetplan gemaakt, huur weer betaald." in body
    referral.refresh_from_db()
    assert referral.feedback == "Afgerond door Sietske."


def test_after_a_version_conflict_the_same_step_can_be_sent_again_deliberately(referral, debt_partner):
    loaded = referral.version
    Referral.objects.filter(pk=referral.pk).update(version=F("version") + 1)  # changed in the meantime
    client = login(debt_partner)
    response = client.post(reverse("partners:referral_respond", args=[referral.pk]), {
        "to": "declined", "version": loaded, "reason": "Wachtlijst tot maart."})
    body = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in body and "Wachtlijst tot maart." in body
    assert "Verwijzing afwijzen" in body  # still possible: the form keeps its button ...
    assert f'name="version" value="{loaded + 1}"' in body  # ... now based on the current version
    assert f'name="version" value="{loaded}"' not in body
    client.post(reverse("partners:referral_respond", args=[referral.pk]), {
        "to": "declined", "version": loaded + 1, "reason": "Wachtlijst tot maart."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.decline_reason == "Wachtlijst tot maart."
