"""The nine usual Wmo client-experience statements (cliëntervaringsonderzoek), in Dutch and
English. Afterwards they are the functional administrator's data."""

from django.db import migrations

STATEMENTS = [
    ("Ik wist waar ik moest zijn met mijn vraag.", "I knew where to go with my question."),
    ("Ik werd snel geholpen.", "I was helped quickly."),
    ("De medewerker nam mij serieus.", "The worker took me seriously."),
    ("De medewerker en ik hebben samen naar oplossingen gezocht.", "The worker and I looked for solutions together."),
    ("Ik vind de kwaliteit van de ondersteuning goed.", "The quality of the support is good."),
    ("De ondersteuning die ik krijg past bij mijn hulpvraag.", "The support fits my need for help."),
    ("Door de ondersteuning kan ik de dingen doen die ik wil.", "Thanks to the support I can do what I want to do."),
    ("Door de ondersteuning kan ik mij beter redden.", "Thanks to the support I manage better."),
    ("Door de ondersteuning heb ik een betere kwaliteit van leven.",
     "Thanks to the support I have a better quality of life."),
]


def add_statements(apps, schema_editor) -> None:
    Statement = apps.get_model("surveys", "Statement")
    for position, (text_nl, text_en) in enumerate(STATEMENTS, start=1):
        Statement.objects.get_or_create(text_nl=text_nl, defaults={"text_en": text_en, "position": position})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(add_statements, migrations.RunPython.noop)]
