"""Restriction of processing (AVG art. 18): a restricted resident and everything about them is
hidden from everyone but the functional administrator, until the administrator lifts it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from privacy.models import ProcessingRestriction
from privacy.services import restriction_impose
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(history, team_leader):
    restriction_impose(user=team_leader, request=None, resident=history["resident"], reason="Gegevens betwist.")
    return history


def record_urls(h) -> list[str]:
    return [
        reverse("intake:resident", args=[h["resident"].pk]),
        reverse("intake:household", args=[h["help_request"].household_id]),
        reverse("intake:request_detail", args=[h["help_request"].pk]),
        reverse("intake:conversation", args=[h["conversation"].pk]),
        reverse("intake:resident_export", args=[h["resident"].pk]),
        reverse("cases:detail", args=[h["case"].pk]),
        reverse("privacy:export_pdf", args=[h["resident"].pk]),
        reverse("privacy:dispute_new", args=[h["resident"].pk]),
    ]


def test_every_record_url_answers_404_to_the_worker_and_the_team_leader(restricted, worker, team_leader):
    for user in (worker, team_leader):
        client = login(user)
        for url in record_urls(restricted):
            assert client.get(url).status_code == 404, (user.username, url)


def test_the_same_urls_answer_200_before_the_restriction(history, worker, team_leader):
    # The refusal above must come from the restriction, not from the fixture.
    client = login(team_leader)
    for url in record_urls(history)[:4]:
        assert client.get(url).status_code == 200, url


def test_the_resident_is_absent_from_queue_my_work_search_and_plan_lists(restricted, other_history, worker,
                                                                          team_leader):
    resident, other = restricted["resident"], other_history["resident"]

    def links(h, name):
        # Intake lists link to the requests, plan lists to the plans.
        if name.startswith("intake"):
            return reverse("intake:request_detail", args=[h["help_request"].pk])
        return reverse("cases:detail", args=[h["case"].pk])

    for user, name in ((worker, "intake:queue"), (worker, "intake:my_work"), (worker, "cases:my_work"),
                       (team_leader, "intake:queue"), (team_leader, "cases:team")):
        html = login(user).get(reverse(name)).content.decode()
        assert links(restricted, name) not in html, name
        assert links(other_history, name) in html, name
    search = login(worker).get(reverse("intake:register"), {"search": "1", "bsn": resident.bsn})
    assert resident.full_name not in search.content.decode()
    other_search = login(worker).get(reverse("intake:register"), {"search": "1", "bsn": other.bsn})
    assert other.full_name in other_search.content.decode()


def test_a_partner_with_consent_no_longer_sees_the_referral_or_the_plan(restricted):
    from accounts.factories import UserFactory
    from cases.models import Case
    from partners.models import Referral

    referral = restricted["referral"]
    partner = UserFactory(username="hulp", partner_worker=True, organisation=referral.organisation)
    consent = restricted["case"].consents.get()
    plan_partner = UserFactory(username="plan-partner", partner_worker=True, organisation=consent.organisation)
    assert not Referral.objects.visible_to(partner, today=referral.sent_on).filter(pk=referral.pk).exists()
    assert not Case.objects.visible_to(plan_partner).filter(pk=restricted["case"].pk).exists()
    ProcessingRestriction.objects.update(lifted_at="2026-01-01T00:00Z")
    assert Referral.objects.visible_to(partner, today=referral.sent_on).filter(pk=referral.pk).exists()
    assert Case.objects.visible_to(plan_partner).filter(pk=restricted["case"].pk).exists()


def test_the_team_leader_restricts_from_the_resident_page_and_loses_sight_at_once(history, team_leader):
    resident = history["resident"]
    client = login(team_leader)
    response = client.post(reverse("privacy:restrict", args=[resident.pk]), {"reason": "Betwist"})
    assert response.status_code == 302
    assert ProcessingRestriction.objects.filter(resident=resident, lifted_at__isnull=True).count() == 1
    assert client.get(reverse("intake:resident", args=[resident.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(purpose="AVG art. 18: processing restricted",
                                         resident_id=resident.pk).exists()


def test_restricting_without_a_reason_keeps_the_form_with_a_dutch_error(history, team_leader):
    resident = history["resident"]
    response = login(team_leader).post(reverse("privacy:restrict", args=[resident.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Geef de reden voor de beperking." in response.content.decode()
    assert not ProcessingRestriction.objects.exists()


def test_a_colleague_who_only_sees_the_resident_may_not_restrict_and_a_stranger_gets_404(
        history, colleague, stranger, council_member, partner_worker):
    url = reverse("privacy:restrict", args=[history["resident"].pk])
    assert login(colleague).post(url, {"reason": "x"}).status_code == 403
    assert login(stranger).post(url, {"reason": "x"}).status_code == 404
    assert login(council_member).post(url, {"reason": "x"}).status_code == 403
    assert login(partner_worker).post(url, {"reason": "x"}).status_code == 403
    assert not ProcessingRestriction.objects.exists()


def test_the_worker_handling_the_request_may_restrict(history, worker):
    response = login(worker).post(reverse("privacy:restrict", args=[history["resident"].pk]), {"reason": "x"})
    assert response.status_code == 302
    assert ProcessingRestriction.objects.filter(resident=history["resident"]).exists()


def test_the_administrator_lists_reads_read_only_and_lifts_and_each_step_is_logged(restricted, administrator,
                                                                                   worker):
    resident = restricted["resident"]
    restriction = ProcessingRestriction.objects.get(resident=resident)
    client = login(administrator)
    listing = client.get(reverse("privacy:restrictions"))
    assert resident.full_name in listing.content.decode()
    detail = client.get(reverse("privacy:restriction", args=[restriction.pk]))
    assert detail.status_code == 200
    assert "Vraag EIGEN" in detail.content.decode()
    assert AccessLogEntry.objects.filter(username=administrator.username, action="view",
                                         resident_id=resident.pk).exists()
    assert client.get(reverse("privacy:restriction_lift", args=[restriction.pk])).status_code == 405
    response = client.post(reverse("privacy:restriction_lift", args=[restriction.pk]))
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.lifted_by == administrator and restriction.lifted_at is not None
    assert AccessLogEntry.objects.filter(purpose="AVG art. 18: restriction lifted", resident_id=resident.pk).exists()
    # Lifting restores access for the normal roles; the lifted restriction is no longer the admin's.
    assert login(worker).get(reverse("intake:resident", args=[resident.pk])).status_code == 200
    assert client.get(reverse("privacy:restriction", args=[restriction.pk])).status_code == 404


def test_only_the_administrator_reaches_the_restriction_pages(restricted, worker, team_leader, council_member,
                                                              partner_worker):
    restriction = ProcessingRestriction.objects.get()
    for user in (worker, team_leader, council_member, partner_worker):
        client = login(user)
        assert client.get(reverse("privacy:restrictions")).status_code == 403
        assert client.get(reverse("privacy:restriction", args=[restriction.pk])).status_code == 403
        assert client.post(reverse("privacy:restriction_lift", args=[restriction.pk])).status_code == 403
    restriction.refresh_from_db()
    assert restriction.is_active


def test_the_restricted_list_has_a_constant_number_of_queries(administrator, team_leader, django_assert_max_num_queries):
    from intake.factories import ResidentFactory

    client = login(administrator)
    for size in (1, 6):
        for resident in ResidentFactory.create_batch(size):
            restriction_impose(user=team_leader, request=None, resident=resident, reason="x")
        with django_assert_max_num_queries(12):
            assert client.get(reverse("privacy:restrictions")).status_code == 200


def _registration(resident, **changes) -> dict:
    return {"bsn": "", "first_names": resident.first_names, "surname_prefix": resident.surname_prefix,
            "surname": resident.surname, "date_of_birth": resident.date_of_birth.isoformat(), "phone": "",
            "email": "", "street": "Dorpsstraat", "house_number": "1", "postcode": "8441AB", "city": "Heerenveen",
            "relation": "head", **changes}


def test_registering_a_restricted_resident_again_is_refused_without_showing_their_record(restricted, worker):
    from intake.models import Resident

    resident = restricted["resident"]
    before = Resident.objects.count()
    by_name = login(worker).post(reverse("intake:register"), _registration(resident))
    body = by_name.content.decode()
    assert by_name.status_code == 200
    assert by_name.context["form"].duplicate is None
    assert "verwerking is beperkt" in by_name.context["form"].errors["not_a_duplicate"][0]
    assert reverse("intake:request_new", args=[resident.pk]) not in body
    by_bsn = login(worker).post(reverse("intake:register"), _registration(resident, bsn=resident.bsn, surname="Anders"))
    assert "verwerking is beperkt" in by_bsn.context["form"].errors["bsn"][0]
    assert by_bsn.context["form"]["surname"].value() == "Anders"  # what was typed stays
    assert Resident.objects.count() == before


def test_a_different_person_with_the_same_name_and_birth_date_can_still_be_registered(restricted, worker):
    from intake.models import Resident

    resident = restricted["resident"]
    response = login(worker).post(reverse("intake:register"), _registration(resident, not_a_duplicate="on"))
    assert response.status_code == 302
    assert Resident.objects.filter(surname=resident.surname, date_of_birth=resident.date_of_birth).count() == 2
