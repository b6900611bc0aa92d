"""SQLite backend whose flush can empty the append-only audit tables.

Identical to Django's, except `sql_flush` drops the audit triggers before emptying tables and
recreates them afterwards, so `manage.py flush` and transactional tests work while every other
UPDATE or DELETE of an audit row is still refused (see `satupintu.audit.triggers`).
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations

from satupintu.audit.triggers import APPEND_ONLY_TABLES, sqlite_create, sqlite_drop


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, *, reset_sequences: bool = False,
                  allow_cascade: bool = False) -> list[str]:
        statements: list[str] = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        protected = [table for table in APPEND_ONLY_TABLES if table in tables]
        if not protected:
            return statements
        drops = [sql for table in protected for sql in sqlite_drop(table)]
        creates = [sql for table in protected for sql in sqlite_create(table)]
        return [*drops, *statements, *creates]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
