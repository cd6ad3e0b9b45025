"""A meitinker on a tablet adds a PDF to the plan and removes it again, both swapped in place by
htmx; axe WCAG 2.1 AA on the page with the document list and with an error next to the field."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases import services
from cases.factories import CaseTypeFactory
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome, ConversationStatus
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def plan(meitinker, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {**settings.STORAGES["private"],
                                                          "OPTIONS": {"location": tmp_path / "private"}}}
    zone = meitinker.zones.get()
    membership = MembershipFactory(household__zone=zone, household__postcode="8441AB",
                                   resident__first_names="Grietje", resident__surname="Hoekstra")
    help_request = HelpRequestFactory(household=membership.household, resident=membership.resident, zone=zone,
                                      assigned=True, assigned_worker=meitinker)
    conversation = ConversationFactory(help_request=help_request, worker=meitinker, status=ConversationStatus.FINISHED,
                                       outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now(),
                                       scores={"financien": 2})
    return services.case_open(user=meitinker, request=None, conversation=conversation,
                              case_type=CaseTypeFactory(), today=timezone.localdate())


def test_a_meitinker_adds_a_signed_plan_and_removes_it(page: Page, live_server, plan, tmp_path):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/cases/{plan.pk}/")
    documents = page.locator("#documents")
    form = documents.locator("form", has=page.get_by_role("button", name="Document toevoegen"))

    (tmp_path / "brief.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    form.get_by_label("Bestand").set_input_files(str(tmp_path / "brief.pdf"))
    form.get_by_label("Omschrijving").fill("Brief van de deurwaarder")
    form.get_by_role("button", name="Document toevoegen").click()
    expect(documents).to_contain_text("Dit soort bestand kan niet worden toegevoegd")
    expect(documents.get_by_label("Omschrijving")).to_have_value("Brief van de deurwaarder")
    assert_accessible(page)

    (tmp_path / "getekend-plan.pdf").write_bytes(PDF)
    documents.get_by_label("Bestand").set_input_files(str(tmp_path / "getekend-plan.pdf"))
    documents.get_by_label("Omschrijving").fill("Getekend plan")
    documents.get_by_role("button", name="Document toevoegen").click()
    expect(documents.get_by_role("status")).to_have_text("Document toegevoegd.")
    expect(documents.get_by_role("link", name="Getekend plan")).to_be_visible()
    assert_accessible(page)

    documents.get_by_role("button", name="Getekend plan verwijderen").click()
    expect(documents.get_by_role("status")).to_have_text("Document verwijderd.")
    expect(documents).to_contain_text("Nog geen documenten.")
