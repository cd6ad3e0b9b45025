"""Seed the legal calendar (Atw art. 3, 2020-2040) and the iWmo product categories (WMO020)."""

from django.db import migrations

# iWmo codelist WMO020 (product categories), as listed in the domain guide; kept as data.
PRODUCT_CATEGORIES = [
    ("01", "Hulp bij het huishouden"), ("02", "Begeleiding"), ("03", "Persoonlijke verzorging"),
    ("04", "Kortdurend verblijf"), ("05", "Woondiensten"), ("06", "Overige individuele ondersteuning"),
    ("07", "Dagbesteding"), ("08", "Vervoerdiensten"), ("09", "Overige groepsgerichte ondersteuning"),
    ("10", "Overige maatwerkarrangementen"), ("11", "Rolstoelen"), ("12", "Vervoervoorzieningen"),
    ("13", "Woonvoorzieningen"), ("14", "Overige hulpmiddelen"), ("15", "Beschermd wonen"),
    ("16", "Opvang"), ("17", "Spoedopvang"), ("18", "Overige beschermd wonen en opvang"),
]


def add_calendar(apps, schema_editor) -> None:
    from mandates.clocks import statutory_holidays

    LegalHoliday = apps.get_model("mandates", "LegalHoliday")
    for day, name in statutory_holidays(range(2020, 2041)):
        LegalHoliday.objects.get_or_create(date=day, defaults={"name": name, "source": "statutory"})
    ProductCategory = apps.get_model("mandates", "ProductCategory")
    for code, name in PRODUCT_CATEGORIES:
        ProductCategory.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("mandates", "0001_initial")]

    operations = [migrations.RunPython(add_calendar, migrations.RunPython.noop)]
