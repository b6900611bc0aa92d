"""Database triggers that make the audit tables append-only, on SQLite and PostgreSQL.

Resetting a database despite them: PostgreSQL's TRUNCATE (what `manage.py flush` and the test
runner use) fires no row triggers; on SQLite, flush goes through our backend
(`satupintu.core.db.sqlite3`), which drops these triggers, empties the tables and recreates them
in the same statement list. Nothing else can update or delete an audit row.
"""

from __future__ import annotations

APPEND_ONLY_TABLES = ["audit_auditrecord", "audit_auditdailyroot"]
MESSAGE = "audit records are append-only"


def sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]


def sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"DROP TRIGGER IF EXISTS {table}_no_delete"]


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION satupintu_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def postgres_create(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION satupintu_append_only()",
    ]


def postgres_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"]
