"""Events outlive the users and organisations they name (no cascade, no constraint), and the database itself
refuses UPDATE and DELETE on the audit table (see workflows/audit/triggers.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from workflows.audit import triggers


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


create_triggers = _run({"postgresql": [triggers.POSTGRES_CREATE], "sqlite": triggers.SQLITE_CREATE})
drop_triggers = _run({"postgresql": [triggers.POSTGRES_DROP], "sqlite": triggers.SQLITE_DROP})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_initial"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="organisation",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to="organisations.organisation", verbose_name="单位"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
