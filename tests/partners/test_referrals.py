"""Referrals: sent from a conversation with recorded consent, answered by the partner through
the status flow with compare-and-swap, shown back on the resident's timeline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from intake.models import Conversation, SelfRelianceScore
from partners.factories import ReferralFactory
from partners.models import DirectorySettings, Referral, ReferralStatus
from partners.services import Conflict, referral_transition
from tests.conftest import login

pytestmark = pytest.mark.django_db


def send_form(service, contact=None, **changes):
    data = {"service": service.pk, "partner_contact": contact.pk if contact else "",
            "question": "Graag een eerste gesprek over de schulden.", "urgency": "urgent",
            "share_request": "on", "share_debts": "on",
            "consent_until": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "consent_given": "on"}
    data.update(changes)
    return data


def respond(client, referral, to, **extra):
    referral.refresh_from_db()
    return client.post(reverse("partners:referral_respond", args=[referral.pk]),
                       {"to": to, "version": referral.version, **extra})


def test_a_worker_refers_from_the_conversation_with_recorded_consent(worker, conversation, debt_service, counsellor):
    client = login(worker)
    page = client.get(reverse("partners:referral_new", args=[conversation.pk]), {"person": counsellor.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["service"] == debt_service.pk
    response = client.post(reverse("partners:referral_new", args=[conversation.pk]),
                           send_form(debt_service, counsellor))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("partners:referral", args=[referral.pk])
    assert referral.organisation == debt_service.organisation and referral.partner_contact == counsellor
    assert referral.resident_id == conversation.help_request.resident_id
    assert (referral.share_request, referral.share_summary, referral.share_scores, referral.share_debts) == (
        True, False, False, True)
    assert referral.status == ReferralStatus.SENT
    assert referral.accept_by == timezone.localdate() + datetime.timedelta(
        days=DirectorySettings.current().acceptance_days)
    assert AccessLogEntry.objects.filter(action="create", object_type="partners.referral",
                                         resident_id=referral.resident_id).exists()


def test_the_same_referral_posted_twice_is_sent_once(worker, conversation, debt_service, counsellor):
    client = login(worker)
    url = reverse("partners:referral_new", args=[conversation.pk])
    first = client.post(url, send_form(debt_service, counsellor))
    second = client.post(url, send_form(debt_service, counsellor))
    referral = Referral.objects.get()
    assert first["Location"] == second["Location"] == reverse("partners:referral", args=[referral.pk])
    # Another question to the same service is a referral of its own.
    client.post(url, send_form(debt_service, counsellor, question="Ook hulp bij de belastingaangifte."))
    assert Referral.objects.count() == 2


@pytest.mark.parametrize("changes", [
    {"share_summary": "on"},
    {"share_debts": ""},
    {"consent_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()},
])
def test_the_same_referral_posted_again_with_other_consent_is_sent_with_that_consent(
        worker, conversation, debt_service, counsellor, changes):
    """The double-submit guard answered the second post with the first referral: the page said
    "sent" while the partner read what the resident had agreed to before."""
    client = login(worker)
    url = reverse("partners:referral_new", args=[conversation.pk])
    first = client.post(url, send_form(debt_service, counsellor))
    second = client.post(url, send_form(debt_service, counsellor, **changes))
    assert first["Location"] != second["Location"]
    latest = Referral.objects.latest("id")
    assert second["Location"] == reverse("partners:referral", args=[latest.pk])
    assert latest.share_summary == ("share_summary" in changes)
    assert latest.share_debts == ("share_debts" not in changes)
    assert latest.consent_until.isoformat() == send_form(debt_service, counsellor, **changes)["consent_until"]


def test_the_referral_form_ignores_a_chosen_person_that_is_no_ascii_number(worker, conversation, counsellor):
    """"²" is a digit to str.isdigit() but not to int(): it was a server error. The same setup
    with the person's own id picks them, so the form is not empty for another reason."""
    client = login(worker)
    url = reverse("partners:referral_new", args=[conversation.pk])
    assert client.get(url, {"person": counsellor.pk}).context["form"].initial["partner_contact"] == counsellor.pk
    response = client.get(url, {"person": "\u00b2"})
    assert response.status_code == 200
    assert "partner_contact" not in response.context["form"].initial


def test_without_consent_nothing_is_sent_and_the_typed_question_stays(worker, conversation, debt_service):
    data = send_form(debt_service, question="Hulp bij de post, alstublieft.")
    del data["consent_given"]
    response = login(worker).post(reverse("partners:referral_new", args=[conversation.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "Leg de toestemming van de inwoner vast" in html
    assert "Hulp bij de post, alstublieft." in html


def test_consent_in_the_past_is_refused_in_dutch(worker, conversation, debt_service):
    data = send_form(debt_service, consent_until="2020-01-01")
    response = login(worker).post(reverse("partners:referral_new", args=[conversation.pk]), data)
    assert "Toestemming moet vandaag nog gelden" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_contact_of_another_organisation_is_refused(worker, conversation, debt_service, welfare_org):
    from partners.factories import PersonFactory

    elsewhere = PersonFactory(organisation=welfare_org)
    response = login(worker).post(reverse("partners:referral_new", args=[conversation.pk]),
                                  send_form(debt_service, elsewhere))
    assert response.status_code == 200 and not Referral.objects.exists()


def test_the_partner_accepts_starts_and_finishes_with_feedback(referral, debt_partner):
    client = login(debt_partner)
    assert respond(client, referral, "accepted").status_code == 302
    assert respond(client, referral, "started").status_code == 302
    assert respond(client, referral, "finished", feedback="Budgetplan gemaakt, huur weer betaald.").status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.FINISHED
    assert referral.feedback == "Budgetplan gemaakt, huur weer betaald."
    assert referral.started_on == referral.finished_on == timezone.localdate()
    assert referral.handled_by == debt_partner and referral.version == 4


def test_declining_needs_a_reason_given_in_dutch(referral, debt_partner):
    client = login(debt_partner)
    response = respond(client, referral, "declined", reason="")
    assert "Geef aan waarom" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    respond(client, referral, "declined", reason="Wachtlijst tot maart; probeer de Kredietbank.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and "Kredietbank" in referral.decline_reason


def test_finishing_needs_feedback_and_keeps_the_typed_text_on_error(referral, debt_partner):
    client = login(debt_partner)
    respond(client, referral, "accepted")
    respond(client, referral, "started")
    response = respond(client, referral, "finished", feedback="   ")
    assert "Geef terugkoppeling" in response.content.decode()


def test_a_step_out_of_order_is_refused(referral, debt_partner):
    response = respond(login(debt_partner), referral, "finished", feedback="Klaar.")
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_two_partner_workers_answering_at_once_do_not_overwrite_each_other(referral, debt_partner, debt_org):
    from accounts.factories import UserFactory

    colleague = UserFactory(username="colleague-partner", role="partner_worker", organisation=debt_org)
    version = referral.version
    referral_transition(user=debt_partner, request=None, referral=referral, to="accepted",
                        expected_version=version, today=timezone.localdate())
    with pytest.raises(Conflict):
        referral_transition(user=colleague, request=None, referral=Referral.objects.get(pk=referral.pk),
                            to="declined", expected_version=version, today=timezone.localdate(), reason="Vol.")
    response = login(colleague).post(reverse("partners:referral_respond", args=[referral.pk]),
                                     {"to": "declined", "version": version, "reason": "Vol."})
    assert "al gewijzigd" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.decline_reason == ""


def test_the_partner_sees_only_the_consented_parts_of_the_story(referral, debt_partner, conversation):
    Conversation.objects.filter(pk=conversation.pk).update(
        network="Buurvrouw Grietje helpt met de post.", debt_note="Achterstand bij de woningstichting.",
        arrears=["rent"])
    SelfRelianceScore.objects.filter(conversation=conversation).update(score=2, note="Geheime scorenotitie")
    Referral.objects.filter(pk=referral.pk).update(share_request=False, share_summary=False, share_scores=False,
                                                   share_debts=True)
    html = login(debt_partner).get(reverse("partners:referral", args=[referral.pk])).content.decode()
    assert referral.question in html
    assert "Achterstand bij de woningstichting." in html and "Huur of hypotheek" in html
    assert "Buurvrouw Grietje" not in html
    assert conversation.help_request.question not in html
    assert "Geheime scorenotitie" not in html
    assert referral.sender.get_full_name() in html


def test_overdue_acceptance_is_flagged_to_the_sender(worker, conversation, debt_service):
    overdue = ReferralFactory(conversation=conversation, service=debt_service, overdue=True)
    on_time = ReferralFactory(conversation=conversation, service=debt_service)
    client = login(worker)
    response = client.get(reverse("partners:referrals"), {"overdue": "1"})
    assert [r.pk for r in response.context["referrals"]] == [overdue.pk]
    assert "acceptatie te laat" in response.content.decode()
    assert on_time.pk in [r.pk for r in client.get(reverse("partners:referrals")).context["referrals"]]


def test_the_referral_and_its_status_appear_on_the_household_timeline(worker, referral, debt_partner, household):
    respond(login(debt_partner), referral, "accepted")
    html = login(worker).get(reverse("intake:household", args=[household.pk])).content.decode()
    assert "Verwijzing naar Schuldhulpmaatje Meerhoven" in html
    assert "Schuldhulp en budgetcoaching: Geaccepteerd" in html
    assert reverse("partners:referral", args=[referral.pk]) in html


def test_withdrawing_consent_ends_the_partners_access(worker, referral, debt_partner):
    partner = login(debt_partner)
    assert partner.get(reverse("partners:referral", args=[referral.pk])).status_code == 200
    assert login(worker).post(reverse("partners:referral_withdraw_consent", args=[referral.pk])).status_code == 302
    assert partner.get(reverse("partners:referral", args=[referral.pk])).status_code == 404
    assert respond(partner, referral, "accepted").status_code == 404
    assert referral.pk not in [r.pk for r in partner.get(reverse("partners:referrals")).context["referrals"]]
    assert login(worker).get(reverse("partners:referral", args=[referral.pk])).status_code == 200


def test_expired_consent_ends_the_partners_access_too(referral, debt_partner):
    Referral.objects.filter(pk=referral.pk).update(consent_until=timezone.localdate() - datetime.timedelta(days=1))
    assert login(debt_partner).get(reverse("partners:referral", args=[referral.pk])).status_code == 404


def test_a_partner_worker_lands_on_their_organisations_referrals(debt_partner, referral):
    response = login(debt_partner).get(reverse("home"))
    assert response["Location"] == reverse("partners:referrals")
    listed = login(debt_partner).get(reverse("partners:referrals"))
    assert [r.pk for r in listed.context["referrals"]] == [referral.pk]


def test_senders_are_mailed_once_about_overdue_acceptances_without_resident_data(worker, conversation, debt_service,
                                                                                 mailoutbox):
    from partners.tasks import notify_overdue_referrals

    ReferralFactory(conversation=conversation, service=debt_service, overdue=True)
    ReferralFactory(conversation=conversation, service=debt_service, overdue=True)
    ReferralFactory(conversation=conversation, service=debt_service)
    assert notify_overdue_referrals() == 2
    assert notify_overdue_referrals() == 0
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [worker.email]
    assert "2 verwijzingen" in mail.subject
    resident = conversation.help_request.resident
    assert resident.full_name not in mail.body and resident.full_name not in mail.subject
    assert "/partners/referrals/?overdue=1" in mail.body


def test_the_sender_sees_how_many_referrals_wait_too_long(worker, conversation, debt_service):
    ReferralFactory(conversation=conversation, service=debt_service, overdue=True)
    html = login(worker).get(reverse("partners:referrals")).content.decode()
    assert "1 verwijzing wacht te lang" in html
