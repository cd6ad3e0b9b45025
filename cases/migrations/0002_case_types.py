"""The municipality's starting case types (data the functional administrator can change)."""

from django.db import migrations

CASE_TYPES = [
    # (code, name, evaluate every n months, follow-up months after closure)
    ("standard", "Standaard plan", 3, [3, 12]),
    ("safety-at-home", "Gezin na onderzoek veiligheid thuis", 3, [3, 12, 18]),
    ("long-provision", "Langlopende voorziening (pgb)", 6, [12]),
]


def add_case_types(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    for code, name, interval, months in CASE_TYPES:
        CaseType.objects.get_or_create(code=code, defaults={
            "name": name, "evaluation_interval_months": interval, "follow_up_months": months})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(add_case_types, migrations.RunPython.noop)]
