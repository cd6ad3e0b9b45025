# Every page view writes to the access log: building these indexes with a plain CREATE INDEX would
# hold those writes (and so the whole application) for as long as it takes on a large log.
import django.contrib.postgres.indexes
from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('audit', '0002_access_log_delete_action'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='accesslogentry',
            index=models.Index(fields=['object_type', 'object_id'], name='audit_object'),
        ),
        AddIndexConcurrently(
            model_name='accesslogentry',
            index=django.contrib.postgres.indexes.GinIndex(fields=['detail'], name='audit_detail',
                                                           opclasses=['jsonb_path_ops']),
        ),
    ]
