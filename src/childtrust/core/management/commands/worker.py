"""`childtrust worker`: the one command that runs background work, beside the web server."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from childtrust.core.import_jobs import import_jobs_stopped_end
from childtrust.core.schedule import SCHEDULE


class Command(BaseCommand):
    help = "Enqueue scheduled tasks when they are due and run queued tasks, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="One pass: enqueue what is due, run it, stop."
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between passes (default 2)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        last_enqueued: dict[str, float] = {}
        while True:
            # A load whose worker was stopped (this one, before a restart) would otherwise show
            # as running for ever: ended here, and its file removed (one short query a pass).
            import_jobs_stopped_end()
            self._enqueue_due(last_enqueued, now=time.monotonic())
            # Runs everything queued (scheduled or enqueued by the web server), then returns. A
            # pass is short (an uploaded file waits at most the interval before its load starts),
            # so the queue is looked at first, and the runner started only when there is work.
            if DBTaskResult.objects.ready().exists():
                call_command("db_worker", batch=True, startup_delay=False, reload=False)
            if options["once"]:
                return
            time.sleep(options["interval"])

    def _enqueue_due(self, last_enqueued: dict[str, float], *, now: float) -> None:
        for entry in SCHEDULE:
            previous = last_enqueued.get(entry.task)
            if previous is None or now - previous >= entry.every_seconds:
                import_string(entry.task).enqueue()
                last_enqueued[entry.task] = now
