"""`childtrust load_demo`: the demo partnership, for `make demo` (demo mode only)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.demo.loader import demo_partnership_load
from childtrust.partnership.demo.loader import DemoLoadRefusedError, PartnershipNotEmptyError


class Command(BaseCommand):
    help = (
        "Load the demo partnership: invented agencies, services, staff and outcomes framework "
        "for a city like Southampton, and one sign-in account per role. Demo mode only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, and say so, when the partnership already has agencies.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "The demo partnership loads only in demo mode (set CHILDTRUST_DEMO=1, as "
                "`make demo` does): its invented people must never mix with real records."
            )
        started = time.perf_counter()
        try:
            created = demo_partnership_load()
        except PartnershipNotEmptyError as refusal:
            if options["if_empty"]:
                self.stdout.write(f"{refusal} The demo partnership was not loaded again.")
                return
            raise CommandError(
                f"{refusal} The demo partnership loads only into an empty database."
            ) from refusal
        except DemoLoadRefusedError as refusal:
            raise CommandError(f"{refusal} Nothing was loaded.") from refusal
        summary = ", ".join(
            f"{count} {model._meta.verbose_name_plural if count != 1 else model._meta.verbose_name}"
            for model, count in created.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo partnership in {time.perf_counter() - started:.1f} seconds: "
                f"{summary}."
            )
        )
