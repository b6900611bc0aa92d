"""Make the audit tables append-only in the database itself."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from satupintu.audit import triggers


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(triggers.POSTGRES_FUNCTION)
        statements = [s for t in triggers.APPEND_ONLY_TABLES for s in triggers.postgres_create(t)]
    elif vendor == "sqlite":
        statements = [s for t in triggers.APPEND_ONLY_TABLES for s in triggers.sqlite_create(t)]
    else:
        raise RuntimeError(f"append-only triggers are not written for {vendor}")
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    drop_sql = triggers.postgres_drop if vendor == "postgresql" else triggers.sqlite_drop
    for table in triggers.APPEND_ONLY_TABLES:
        for sql in drop_sql(table):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
