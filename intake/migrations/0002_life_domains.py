"""The default life domains: the 13 domain names of the Self-Reliance Matrix (ZRM, 2017 edition).

Only the names are shipped: the ZRM's criteria texts are (c) GGD Amsterdam and meant for
trained professionals. The municipality may rename, reorder or add domains (they are data).
"""

from django.db import migrations

DOMAINS = [
    ("financien", "Financiën"),
    ("werk-en-opleiding", "Werk en opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale-adl", "Basale ADL"),
    ("instrumentele-adl", "Instrumentele ADL"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("maatschappelijke-participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]


def add_domains(apps, schema_editor):
    LifeDomain = apps.get_model("intake", "LifeDomain")
    for position, (code, name) in enumerate(DOMAINS, start=1):
        LifeDomain.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(add_domains, migrations.RunPython.noop)]
