from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm: typo-tolerant directory search ("schuldhlp" still finds "schuldhulp")."""

    dependencies = [("partners", "0001_initial")]

    operations = [TrigramExtension()]
