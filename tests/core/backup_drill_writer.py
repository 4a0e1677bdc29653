"""The service's writes for the restore drill (tests/core/test_backup.py), in a process of its own.

Migrates the database DATABASE_URL names, then writes from several threads until its standard
input closes: each write is a locality added through the partnership's service (the row and its
audit event in one transaction), and a line `committed <name>` is printed once it has committed.
The first writer also writes a signed audit checkpoint every few writes, as the worker does
every 15 minutes, so that the backup falls between checkpoints.

Run by the drill as `python -m tests.core.backup_drill_writer`.
"""

from __future__ import annotations

import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childtrust.settings")
django.setup()

from django.core.management import call_command  # noqa: E402 (after django.setup)
from django.db import connection  # noqa: E402
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402

from childtrust.accounts.models import Role, User  # noqa: E402
from childtrust.audit.services import audit_checkpoint_write  # noqa: E402
from childtrust.partnership.services.registry import locality_create  # noqa: E402

WRITERS = 4
CHECKPOINT_EVERY = 10
_print_lock = threading.Lock()


def _say(line: str) -> None:
    with _print_lock:
        sys.stdout.write(f"{line}\n")
        sys.stdout.flush()


def _write_until(stop: threading.Event, admin: User, writer: int) -> None:
    try:
        number = 0
        while not stop.is_set():
            number += 1
            locality = locality_create(actor=admin, name=f"Drill {writer}-{number}")
            _say(f"committed {locality.name}")
            if writer == 0 and number % CHECKPOINT_EVERY == 0:
                _say(f"checkpoint {audit_checkpoint_write().sequence}")
    except Exception as error:  # reported to the drill, which fails on it
        _say(f"failed {error!r}")
    finally:
        connection.close()


def _keep_commits_in_the_wal(
    sender: object, connection: BaseDatabaseWrapper, **kwargs: object
) -> None:
    """On SQLite, recent commits stay in the -wal file (as on a busy server between
    checkpoints), so a backup that copied the database file alone would lose them."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")


def main() -> None:
    connection_created.connect(_keep_commits_in_the_wal)
    call_command("migrate", "--no-input", verbosity=0)
    admin = User.objects.create_user(username="drill-admin", role=Role.PARTNERSHIP_ADMIN)
    connection.close()
    stop = threading.Event()
    threads = [
        threading.Thread(target=_write_until, args=(stop, admin, writer))
        for writer in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    sys.stdin.read()  # until the drill closes it
    stop.set()
    for thread in threads:
        thread.join()
    _say("stopped")


if __name__ == "__main__":
    main()
