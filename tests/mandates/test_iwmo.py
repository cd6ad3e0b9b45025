"""The iWmo WMO301 allocation message, field by field, and validation against an XSD."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from mandates import iwmo, services
from mandates.models import DecisionSettings
from tests.conftest import login
from tests.mandates.conftest import household_help_input

pytestmark = pytest.mark.django_db
NS = {"w": iwmo.NAMESPACE}


@pytest.fixture
def allocated(needs_decision, household_help, worker, worker_mandate):
    DecisionSettings.objects.update_or_create(pk=1, defaults={"municipality_code": "0074"})
    resident = needs_decision.help_request.resident
    resident.first_names, resident.surname_prefix, resident.surname = "Grietje Anna", "van der", "Meer"
    resident.date_of_birth = datetime.date(1948, 3, 2)
    resident.bsn = "999990019"
    resident.save()
    data = household_help_input(household_help, hours="2.5", start=datetime.date(2026, 3, 2), weeks=26)
    data = services.DecisionInput(**{**data.__dict__, "provider_agb": "98765432"})
    decision = services.decision_prepare(user=worker, request=None, conversation=needs_decision, data=data)
    return services.decision_decide(user=worker, request=None, decision=decision, expected_version=decision.version,
                                    today=timezone.localdate())


def text(root, path):
    return root.findtext(path, namespaces=NS)


def test_every_field_of_the_allocation_is_filled_from_the_decision(allocated):
    now = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    root = etree.fromstring(iwmo.wmo301(allocated, now=now))
    assert root.tag == f"{{{iwmo.NAMESPACE}}}WMO301"
    assert text(root, "w:Header/w:BerichtCode") == "414"
    assert text(root, "w:Header/w:BerichtVersie") == "3"
    assert text(root, "w:Header/w:BerichtSubversie") == "2"
    assert text(root, "w:Header/w:Afzender") == "0074"
    assert text(root, "w:Header/w:Ontvanger") == "98765432"
    assert text(root, "w:Header/w:Identificatie") == f"D{allocated.pk}"
    assert text(root, "w:Header/w:Dagtekening") == allocated.sent_on.isoformat()
    assert text(root, "w:Client/w:Bsn") == "999990019"
    assert text(root, "w:Client/w:Geboortedatum/w:Datum") == "1948-03-02"
    assert text(root, "w:Client/w:Geboortedatum/w:DatumGebruik") == "1"
    assert text(root, "w:Client/w:Geslacht") == "0"
    assert text(root, "w:Client/w:Naam/w:Geslachtsnaam/w:Voorvoegsel") == "van der"
    assert text(root, "w:Client/w:Naam/w:Geslachtsnaam/w:Achternaam") == "Meer"
    assert text(root, "w:Client/w:Naam/w:Voorletters") == "GA"
    product = root.find("w:ToegewezenProducten/w:ToegewezenProduct", NS)
    assert text(product, "w:ToewijzingNummer") == f"{allocated.pk:06d}01"
    assert text(product, "w:Product/w:Categorie") == "01"
    assert text(product, "w:Product/w:Code") == "01A01"
    assert text(product, "w:ToewijzingDatumTijd") == "2026-03-02T09:30:00"
    assert text(product, "w:Ingangsdatum") == "2026-03-02"
    assert text(product, "w:Einddatum") == "2026-08-30"
    # 2.5 hours a week: iWmo volumes are whole numbers, so 150 minutes (WMO757 01) per week (WMO756 2).
    assert text(product, "w:Omvang/w:Volume") == "150"
    assert text(product, "w:Omvang/w:Eenheid") == "01"
    assert text(product, "w:Omvang/w:Frequentie") == "2"
    assert text(product, "w:Commentaar") == f"Beschikking {allocated.pk}"
    assert product.find("w:RedenWijziging", NS) is None  # a first allocation has no reason for change


def test_whole_hours_are_sent_as_hours_per_week(needs_decision, household_help, worker, worker_mandate):
    data = household_help_input(household_help, hours="3")
    data = services.DecisionInput(**{**data.__dict__, "provider_agb": "98765432"})
    decision = services.decision_prepare(user=worker, request=None, conversation=needs_decision, data=data)
    decision = services.decision_decide(user=worker, request=None, decision=decision,
                                        expected_version=decision.version, today=timezone.localdate())
    product = etree.fromstring(iwmo.wmo301(decision, now=timezone.now())).find(
        "w:ToegewezenProducten/w:ToegewezenProduct", NS)
    assert (text(product, "w:Omvang/w:Volume"), text(product, "w:Omvang/w:Eenheid")) == ("3", "04")


def test_the_message_is_validated_against_the_xsd_the_setting_points_at(allocated, settings, tmp_path):
    strict = tmp_path / "strict.xsd"
    strict.write_text(f"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{iwmo.NAMESPACE}"
  elementFormDefault="qualified"><xs:element name="WMO301"><xs:complexType><xs:sequence>
  <xs:element name="Header" type="xs:string"/></xs:sequence></xs:complexType></xs:element></xs:schema>""")
    settings.IWMO_WMO301_XSD = str(strict)
    with pytest.raises(etree.DocumentInvalid):
        iwmo.wmo301(allocated, now=timezone.now())


def test_the_allocation_is_downloaded_through_the_access_checked_view(allocated, worker, stranger):
    url = reverse("mandates:allocation_xml", args=[allocated.pk])
    response = login(worker).get(url)
    assert response["Content-Type"] == "application/xml"
    assert b"<Bsn>" in response.content
    assert login(stranger).get(url).status_code == 404


def test_a_draft_or_a_pgb_decision_has_no_allocation(prepare, worker):
    assert login(worker).get(reverse("mandates:allocation_xml", args=[prepare().pk])).status_code == 404
