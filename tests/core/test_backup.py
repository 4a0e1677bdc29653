"""The restore drill: a backup taken while the service writes is restored whole.

A writer process (tests/core/backup_drill_writer.py) migrates a database of its own and adds
localities from several threads, each with its audit event in the same transaction, printing
each write once it has committed. Meanwhile the real `childtrust backup` runs. The backup is
then restored (SQLite: the file is opened as the database; PostgreSQL: `pg_restore` into a
scratch database) and checked as docs/production.md says: `childtrust audit_verify
--restored-backup` passes on it against the signed checkpoints written outside the database
(some before the backup, which the restored log must match, some after, which it ends before),
every write committed before the backup began is in it, and no row is there without its audit
event or the other way round.

Every program runs in a process of its own with its own var/ folder (the demo's secret key and
anything else the audit log keeps under var/), so the drill does not depend on the test
database or on the machine's var/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils.crypto import get_random_string

ROOT = Path(__file__).resolve().parents[2]
CHILDTRUST = str(Path(sys.executable).parent / "childtrust")
# Writes that must have committed before the backup starts, so that it has something to lose.
WRITES_BEFORE_BACKUP = 40
WRITER_START_LIMIT = 240  # seconds
LOCALITY_EVENTS = (
    "SELECT object_id FROM audit_auditevent "
    "WHERE object_type = 'partnership.locality' AND action = 'create'"
)


def drill_environment(var_dir: Path, database_url: str) -> dict[str, str]:
    """The demo's settings on the drill's own database, with the drill's own audit key and
    checkpoint file: the backup, the restored copy and the check all use the same ones, as a
    real restore does (the key lives outside the database, in the service's environment)."""
    var_dir.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "childtrust.settings",
        "CHILDTRUST_DEMO": "1",
        "CHILDTRUST_VAR_DIR": str(var_dir),
        "CHILDTRUST_AUDIT_KEY": get_random_string(48),
        "CHILDTRUST_AUDIT_CHECKPOINT_FILE": str(var_dir / "audit-checkpoints.jsonl"),
        "DATABASE_URL": database_url,
    }


def childtrust(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [CHILDTRUST, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@dataclass
class Writer:
    """The writer process, with each committed write and when the drill read it."""

    process: subprocess.Popen[str]
    committed: list[tuple[float, str]] = field(default_factory=list)
    checkpoints: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    enough: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread | None = None

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            kind, _, rest = line.strip().partition(" ")
            if kind == "committed":
                self.committed.append((time.monotonic(), rest))
            elif kind == "checkpoint":
                self.checkpoints.append(time.monotonic())
            elif kind == "failed":
                self.failures.append(rest)
            if (len(self.committed) >= WRITES_BEFORE_BACKUP and self.checkpoints) or self.failures:
                self.enough.set()
        self.enough.set()

    def errors(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()

    def names_before(self, moment: float) -> set[str]:
        return {name for read_at, name in self.committed if read_at < moment}

    def writes_between(self, start: float, end: float) -> int:
        return sum(start < read_at < end for read_at, _ in self.committed)


@pytest.fixture
def start_writer() -> Iterator[Callable[[dict[str, str]], Writer]]:
    started: list[Writer] = []

    def start(env: dict[str, str]) -> Writer:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.core.backup_drill_writer"],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        writer = Writer(process)
        writer.reader = threading.Thread(target=writer.read, daemon=True)
        writer.reader.start()
        started.append(writer)
        # The writer migrates a database of its own first: on a loaded two-core machine that
        # alone has taken over 30 s, so the bound only catches a writer that never starts.
        assert writer.enough.wait(timeout=WRITER_START_LIMIT), (
            f"the writer committed {len(writer.committed)} writes within {WRITER_START_LIMIT} s"
        )
        assert not writer.failures, writer.failures
        return writer

    yield start
    for writer in started:
        if writer.process.poll() is None:
            writer.process.kill()
            writer.process.wait()


def back_up_under_load(writer: Writer, env: dict[str, str], backup: Path) -> set[str]:
    """Takes the backup while the writer writes; returns the writes committed before it began."""
    began = time.monotonic()
    done = childtrust(env, "backup", str(backup))
    ended = time.monotonic()
    assert done.returncode == 0, done.stderr
    assert "Backup written to" in done.stdout
    # More writes and a checkpoint after the backup, which the restored copy must not hold.
    deadline = time.monotonic() + 60
    while not any(read_at > ended for read_at in writer.checkpoints):
        assert time.monotonic() < deadline, "no checkpoint was written after the backup"
        time.sleep(0.05)
    assert writer.process.stdin is not None
    writer.process.stdin.close()
    assert writer.process.wait(timeout=30) == 0, writer.errors()
    assert writer.reader is not None
    writer.reader.join(timeout=10)
    assert not writer.failures, writer.failures
    # The service kept writing while the backup ran: a backup never stops the service.
    assert writer.writes_between(began, ended) > 0
    return writer.names_before(began)


def assert_audit_log_verified(env: dict[str, str], database_url: str, var_dir: Path) -> None:
    """audit_verify passes on the restored copy, which holds the checkpoints written before the
    backup and ends before those written after it."""
    verified = childtrust(
        {**env, "DATABASE_URL": database_url}, "audit_verify", "--restored-backup"
    )
    assert verified.returncode == 0, verified.stderr
    assert "Audit chain intact" in verified.stdout
    lines = (var_dir / "audit-checkpoints.jsonl").read_text().splitlines()
    checkpoints = [json.loads(line)["sequence"] for line in lines]
    restored_to = int(re.search(r"intact: (\d+) event", verified.stdout)[1])  # type: ignore[index]
    assert min(checkpoints) <= restored_to < max(checkpoints)


def assert_restored_whole(
    committed_before: set[str], writer: Writer, rows: list[tuple[int, str]], events: list[str]
) -> None:
    names = {name for _, name in rows}
    assert committed_before <= names, f"lost: {sorted(committed_before - names)[:5]}"
    # Every row with its audit event and every event with its row: nothing half-written.
    assert sorted(str(pk) for pk, _ in rows) == sorted(events)
    # The backup is a copy of one moment, not of the writer's last state.
    assert len(names) < len(writer.committed)


def test_sqlite_backup_taken_while_writing_restores_whole(
    tmp_path: Path, start_writer: Callable[[dict[str, str]], Writer]
) -> None:
    env = drill_environment(tmp_path / "var", f"sqlite:///{tmp_path / 'live.sqlite3'}")
    writer = start_writer(env)
    backup = tmp_path / "backup.sqlite3"
    committed_before = back_up_under_load(writer, env, backup)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600, "a backup is for its owner's eyes only"

    # Restoring a SQLite backup is putting the file where the database was.
    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(backup, restored)
    assert_audit_log_verified(env, f"sqlite:///{restored}", tmp_path / "var")
    with sqlite3.connect(restored) as database:
        rows = database.execute("SELECT id, name FROM partnership_locality").fetchall()
        events = [row[0] for row in database.execute(LOCALITY_EVENTS)]
    assert_restored_whole(committed_before, writer, rows, events)


@pytest.fixture
def scratch_postgres_databases(db: None) -> Iterator[tuple[str, str]]:
    """Two scratch databases on the suite's PostgreSQL server: the live one and the restored."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL drill runs when the suite does (DATABASE_URL=postgres://...)")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
    settings = connection.settings_dict
    server = (
        f"postgresql://{settings['USER']}:{settings['PASSWORD'] or ''}"
        f"@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
    )
    names = [f"childtrust_drill_{uuid.uuid4().hex[:8]}_{part}" for part in ("live", "restored")]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{names[0]}", f"{server}/{names[1]}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgres_backup_taken_while_writing_restores_whole(
    tmp_path: Path,
    start_writer: Callable[[dict[str, str]], Writer],
    scratch_postgres_databases: tuple[str, str],
) -> None:
    live, restored = scratch_postgres_databases
    env = drill_environment(tmp_path / "var", live)
    writer = start_writer(env)
    backup = tmp_path / "backup.dump"
    committed_before = back_up_under_load(writer, env, backup)

    restore = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            str(shutil.which("pg_restore")),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={restored}",
            str(backup),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert restore.returncode == 0, restore.stderr
    assert_audit_log_verified(env, restored, tmp_path / "var")
    with psycopg.connect(restored) as database:
        rows = database.execute("SELECT id, name FROM partnership_locality").fetchall()
        events = [row[0] for row in database.execute(LOCALITY_EVENTS)]
    assert_restored_whole(committed_before, writer, rows, events)
