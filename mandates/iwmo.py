"""The iWmo allocation message WMO301 (Toewijzing), release 3.2.

Structure followed (iWmo 3.2, berichtcode 414), one message per decision and provider:

    WMO301 (namespace http://www.istandaarden.nl/iwmo/3_2/wmo301/schema)
      Header: BerichtCode 414, BerichtVersie 3, BerichtSubversie 2, Afzender (CBS municipality
              code, 4 digits), Ontvanger (provider AGB code, 8 digits), Identificatie, Dagtekening
      Client: Bsn, Geboortedatum (Datum, DatumGebruik 1 = complete), Geslacht (WMO? codelist
              COD046: 0 unknown, 1 male, 2 female; we hold no gender, so 0), Naam (Geslachtsnaam
              with Voorvoegsel and Achternaam, Voorletters, NaamGebruik 1 = own name)
      ToegewezenProducten/ToegewezenProduct (one per provision line):
              ToewijzingNummer (the key; there is no decision number in 3.x), Product (Categorie:
              codelist WMO020, 2 digits; Code: up to 5 characters), ToewijzingDatumTijd,
              Ingangsdatum, Einddatum (optional), RedenWijziging (codelist WMO002; only on a
              change, so left out for a first allocation), Omvang (Volume, Eenheid: codelist
              WMO757, Frequentie: codelist WMO756), Commentaar

The official XSD is distributed by Zorginstituut Nederland, not in a public repository: point
the setting IWMO_WMO301_XSD at it and every message is validated before it leaves.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from lxml import etree

from .models import Decision, DecisionKind, DecisionSettings, Delivery, Unit

NAMESPACE = "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"
BERICHTCODE = "414"
# WMO757 (eenheid) and WMO756 (frequentie) for each catalogue unit.
UNIT_CODES = {
    Unit.HOURS_PER_WEEK: ("04", "2"),      # uur, per week
    Unit.DAYPARTS_PER_WEEK: ("16", "2"),   # dagdeel, per week
    Unit.PIECE: ("82", "6"),               # stuks, totaal binnen geldigheidsduur
    Unit.EURO: ("83", "6"),                # euro, totaal binnen geldigheidsduur
}


class NotAllocatable(ValueError):
    """Only a sent Wmo decision in kind with a provider is allocated through iWmo."""


def _el(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    if text is not None:
        element.text = text
    return element


def _date(day: datetime.date) -> str:
    return day.isoformat()


def allocation_number(decision: Decision, line_index: int) -> str:
    """ToewijzingNummer: unique per allocated product (decision id and line), at most 8 digits."""
    return f"{decision.pk:06d}{line_index:02d}"


def wmo301(decision: Decision, *, now: datetime.datetime) -> bytes:
    if decision.kind != DecisionKind.WMO or decision.delivery != Delivery.IN_KIND or not decision.is_sent:
        raise NotAllocatable("only a sent Wmo decision in kind is allocated")
    if not decision.provider_agb:
        raise NotAllocatable("the decision names no provider")
    config = DecisionSettings.current()
    resident = decision.resident
    root = etree.Element(f"{{{NAMESPACE}}}WMO301", nsmap={None: NAMESPACE})
    header = _el(root, "Header")
    _el(header, "BerichtCode", BERICHTCODE)
    _el(header, "BerichtVersie", "3")
    _el(header, "BerichtSubversie", "2")
    _el(header, "Afzender", config.municipality_code)
    _el(header, "Ontvanger", decision.provider_agb)
    _el(header, "Identificatie", f"D{decision.pk}")
    _el(header, "Dagtekening", _date(decision.sent_on))
    client = _el(root, "Client")
    _el(client, "Bsn", resident.bsn or "")
    birth = _el(client, "Geboortedatum")
    _el(birth, "Datum", _date(resident.date_of_birth))
    _el(birth, "DatumGebruik", "1")
    _el(client, "Geslacht", "0")
    name = _el(client, "Naam")
    surname = _el(name, "Geslachtsnaam")
    if resident.surname_prefix:
        _el(surname, "Voorvoegsel", resident.surname_prefix)
    _el(surname, "Achternaam", resident.surname)
    _el(name, "Voorletters", "".join(part[0].upper() for part in resident.first_names.split()))
    _el(name, "NaamGebruik", "1")
    products = _el(root, "ToegewezenProducten")
    for index, line in enumerate(decision.lines.select_related("provision__product_category").order_by("pk"), 1):
        provision = line.provision
        product = _el(products, "ToegewezenProduct")
        _el(product, "ToewijzingNummer", allocation_number(decision, index))
        code = _el(product, "Product")
        _el(code, "Categorie", provision.product_category.code)
        if provision.product_code:
            _el(code, "Code", provision.product_code)
        _el(product, "ToewijzingDatumTijd", now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S"))
        _el(product, "Ingangsdatum", _date(decision.start_on))
        if decision.end_on:
            _el(product, "Einddatum", _date(decision.end_on))
        unit, frequency = UNIT_CODES[line.unit]
        volume = line.volume
        if volume != int(volume) and line.unit == Unit.HOURS_PER_WEEK:
            # Volume is a whole number in iWmo: 2.5 hours becomes 150 minutes (WMO757 01).
            unit, volume = "01", volume * 60
        extent = _el(product, "Omvang")
        _el(extent, "Volume", str(int(volume)))
        _el(extent, "Eenheid", unit)
        _el(extent, "Frequentie", frequency)
        _el(product, "Commentaar", f"Beschikking {decision.pk}")
    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate(content)
    return content


def validate(content: bytes) -> None:
    """Validate against the official XSD when the setting points at one (raises on a violation)."""
    path = getattr(settings, "IWMO_WMO301_XSD", "")
    if not path:
        return
    schema = etree.XMLSchema(etree.parse(path))
    schema.assertValid(etree.fromstring(content))
