"""The Django admin writes no access-log entry, so its privacy pages show ids, dates and status
only: never the resident's name nor the free text of a dispute, restriction or legal hold. The
content is read on the pages that log the read."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from privacy.models import DataDispute, DisputeOutcome, LegalHold, ProcessingRestriction
from tests.conftest import login

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-VRIJE-TEKST"


@pytest.fixture
def resident(resident):
    """Names no admin page can hold by chance: a random short name ("Bas", "Els") can stand inside
    an ordinary word of the page and fail the test for nothing."""
    resident.first_names, resident.surname = "Xanthippe Quirina", "Qwaadvliet"
    resident.save(update_fields=["first_names", "surname"])
    return resident


@pytest.fixture
def records(resident, worker, administrator):
    dispute = DataDispute.objects.create(resident=resident, description=f"Geboortedatum klopt niet {SECRET}",
                                         reference=f"geboortedatum {SECRET}", opened_by=worker,
                                         resolved_by=worker, resolved_at=timezone.now(),
                                         outcome=DisputeOutcome.CORRECTED, outcome_note=f"Aangepast {SECRET}")
    restriction = ProcessingRestriction.objects.create(resident=resident, reason=f"Betwist {SECRET}",
                                                       imposed_by=worker)
    hold = LegalHold.objects.create(resident=resident, reason=f"Rechtszaak {SECRET}", placed_by=administrator)
    return {"datadispute": dispute, "processingrestriction": restriction, "legalhold": hold}


def assert_nothing_of_the_resident(html: str, resident) -> None:
    assert SECRET not in html
    for name in (resident.full_name, resident.surname, resident.first_names):
        assert name not in html
    assert not resident.bsn or resident.bsn not in html


@pytest.mark.parametrize("model", ["datadispute", "processingrestriction", "legalhold"])
def test_the_list_shows_ids_and_dates_but_not_the_resident_or_the_text(records, resident, administrator, model):
    response = login(administrator).get(reverse(f"admin:privacy_{model}_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_nothing_of_the_resident(html, resident)
    assert f">{resident.pk}<" in html


@pytest.mark.parametrize("model", ["datadispute", "processingrestriction", "legalhold"])
def test_the_change_page_shows_ids_and_dates_but_not_the_resident_or_the_text(records, resident, administrator,
                                                                               model):
    response = login(administrator).get(reverse(f"admin:privacy_{model}_change", args=[records[model].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_nothing_of_the_resident(html, resident)
    assert f'<div class="readonly">{resident.pk}</div>' in html


@pytest.mark.parametrize("model,logged_page", [("datadispute", "privacy:dispute_resolve"),
                                        ("processingrestriction", "privacy:restriction")])
def test_the_change_page_points_to_the_logged_page(records, administrator, model, logged_page):
    response = login(administrator).get(reverse(f"admin:privacy_{model}_change", args=[records[model].pk]))
    assert f'href="{reverse(logged_page, args=[records[model].pk])}"' in response.content.decode()


def test_placing_a_legal_hold_shows_the_residents_number_but_not_their_name(resident, administrator):
    client = login(administrator)
    url = reverse("admin:privacy_legalhold_add")
    prefilled = client.get(url, {"resident": resident.pk})
    assert prefilled.status_code == 200
    assert_nothing_of_the_resident(prefilled.content.decode(), resident)
    # A form returned with an error still shows only the number.
    invalid = client.post(url, {"resident": resident.pk, "reason": "", "placed_by": administrator.pk})
    assert invalid.status_code == 200 and invalid.context["adminform"].form.errors
    assert_nothing_of_the_resident(invalid.content.decode(), resident)
    assert f'value="{resident.pk}"' in invalid.content.decode()


def test_the_administrator_still_places_and_releases_a_legal_hold(resident, administrator):
    client = login(administrator)
    response = client.post(reverse("admin:privacy_legalhold_add"),
                           {"resident": resident.pk, "reason": "Rechtszaak", "placed_by": administrator.pk})
    assert response.status_code == 302
    hold = LegalHold.objects.get(resident=resident)
    assert (hold.reason, hold.placed_by, hold.released_at) == ("Rechtszaak", administrator, None)
    released = timezone.localtime().replace(microsecond=0)
    response = client.post(reverse("admin:privacy_legalhold_change", args=[hold.pk]),
                           {"released_at_0": released.strftime("%Y-%m-%d"),
                            "released_at_1": released.strftime("%H:%M:%S")})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_at == released
    assert (hold.reason, hold.resident_id) == ("Rechtszaak", resident.pk)
    # Both went through the services: in the access log, under the resident, as the administrator.
    purposes = list(AccessLogEntry.objects.filter(resident_id=resident.pk, username=administrator.username)
                    .values_list("purpose", flat=True))
    assert {"retention: legal hold placed", "retention: legal hold released"} <= set(purposes)


def test_a_hold_is_placed_in_the_administrators_own_name_and_is_never_deleted(resident, administrator, worker):
    client = login(administrator)
    client.post(reverse("admin:privacy_legalhold_add"),
                {"resident": resident.pk, "reason": "Klacht", "placed_by": worker.pk})
    hold = LegalHold.objects.get()
    assert hold.placed_by == administrator
    client.post(reverse("admin:privacy_legalhold_delete", args=[hold.pk]), {"post": "yes"})
    assert LegalHold.objects.filter(pk=hold.pk).exists()


def test_the_admin_deletes_no_legal_clock_and_no_example_case(administrator, help_request):
    from mandates.models import ClockKind, LegalClock

    clock = LegalClock.objects.create(help_request=help_request, kind=ClockKind.WMO_DECISION,
                                      started_on=help_request.first_contact_on, due_on=help_request.first_contact_on)
    client = login(administrator)
    assert client.post(reverse("admin:mandates_legalclock_delete", args=[clock.pk]),
                       {"post": "yes"}).status_code == 403
    assert LegalClock.objects.filter(pk=clock.pk).exists()
    response = client.get(reverse("admin:reporting_examplecase_changelist"))
    assert 'value="delete_selected"' not in response.content.decode()


def test_a_life_domain_is_retired_not_deleted(administrator, help_request):
    from intake.models import LifeDomain

    domain = LifeDomain.objects.get(code="financien")
    help_request.life_domains.add(domain)
    response = login(administrator).post(reverse("admin:intake_lifedomain_delete", args=[domain.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert help_request.life_domains.filter(pk=domain.pk).exists()
