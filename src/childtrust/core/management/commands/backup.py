"""`childtrust backup FILE`: a consistent copy of the whole database, taken while the service runs.

SQLite: SQLite's online backup API, in one step, so the copy is one read transaction's snapshot;
in WAL mode (settings.py) readers never block writers, so the service keeps writing meanwhile.
PostgreSQL: `pg_dump` in its custom format (restored with `pg_restore`), reading the snapshot of
a transaction this command holds open, so the figures it prints are those of the dump itself.

docs/production.md ("Backups and restore") says how to restore, and that `childtrust
audit_verify` is run on every restored copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction


@dataclass(frozen=True)
class BackupSummary:
    method: str
    tables: int
    audit_events: int


def _audit_table() -> str:
    # Looked up by name, not imported: core sits below the audit app (pyproject's layers).
    return str(apps.get_model("audit", "AuditEvent")._meta.db_table)


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database to FILE while the service runs: SQLite's "
        "online backup, or pg_dump's custom format on PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace FILE if it exists already."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"].resolve()
        if target.exists() and not options["replace"]:
            raise CommandError(
                f"{target} exists already: name a new file, or add --replace to overwrite it."
            )
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        # Written beside the target and renamed at the end, so FILE is never half a backup.
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        # A backup holds every person's record: readable by its owner alone, as it is written.
        partial.touch(mode=0o600)
        try:
            summary = self._write(partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {target} ({summary.method}): "
                f"{_size(target.stat().st_size)}, {summary.tables:,} tables, "
                f"{summary.audit_events:,} audit events."
            )
        )

    def _write(self, partial: Path) -> BackupSummary:
        if connection.vendor == "sqlite":
            return _sqlite_backup(partial)
        if connection.vendor == "postgresql":
            return _postgres_backup(partial)
        raise CommandError(f"No backup method for a {connection.vendor} database.")


def _sqlite_backup(partial: Path) -> BackupSummary:
    connection.ensure_connection()
    source: sqlite3.Connection = connection.connection
    copy = sqlite3.connect(partial)
    try:
        # pages=-1: every page in one step, under one read lock, so the copy is a single
        # snapshot; stepping would restart the copy each time the service wrote.
        source.backup(copy, pages=-1)
        # A restored file stands alone: no -wal file is needed beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = copy.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        events = copy.execute(f'SELECT count(*) FROM "{_audit_table()}"').fetchone()[0]  # noqa: S608 (a model's table name)
    finally:
        copy.close()
    return BackupSummary("SQLite online backup", tables, events)


def _postgres_backup(partial: Path) -> BackupSummary:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise CommandError(
            "pg_dump was not found: install PostgreSQL's client programs, of the server's major "
            "version or newer (on Debian: apt-get install postgresql-client), and run again."
        )
    with transaction.atomic(), connection.cursor() as cursor:
        # REPEATABLE READ must be the transaction's first statement; pg_dump then reads the
        # snapshot exported here, the same one the counts below read.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = cursor.fetchone()[0]
        cursor.execute(f'SELECT count(*) FROM "{_audit_table()}"')  # noqa: S608 (a model's table name)
        events = cursor.fetchone()[0]
        _run_pg_dump(pg_dump, partial, snapshot)
    return BackupSummary("pg_dump, custom format", tables, events)


def _run_pg_dump(pg_dump: str, partial: Path, snapshot: str) -> None:
    database = connection.settings_dict
    command = [pg_dump, "--format=custom", f"--file={partial}", f"--snapshot={snapshot}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command.append(f"{option}={database[key]}")
    command.append(f"--dbname={database['NAME']}")
    # The password goes through the environment, never the command line, where any user of the
    # machine could read it in the process list.
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (our own arguments)
    if done.returncode != 0:
        raise CommandError(f"pg_dump failed (exit status {done.returncode}): {done.stderr.strip()}")


def _size(size: int) -> str:
    scaled, unit = float(size), "bytes"
    for bigger in ("KB", "MB", "GB"):
        if scaled < 1024:
            break
        scaled, unit = scaled / 1024, bigger
    return f"{size} bytes" if unit == "bytes" else f"{scaled:,.1f} {unit}"
