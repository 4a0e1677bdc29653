"""`childtrust link [--full]`: links the agencies' records into the child index. By default only
records not yet linked, matched against the index with the stored model (the first run, or one
with no model yet, links everything); `--full` retrains and relinks every record. Prints the
counts; the audit log records the run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from childtrust.children.services.linkage import records_link_unattended


class Command(BaseCommand):
    help = (
        "Link agency records to the child index: an exact NHS number pass, then Splink's "
        "probabilistic match. Above CHILDTRUST_LINK_UPPER records are linked, below "
        "CHILDTRUST_LINK_LOWER a record is a new child, between them the pair waits for review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="Retrain and relink every record, not only new ones.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = records_link_unattended(full=options["full"])
        if not counts.records:
            self.stdout.write("No records waiting to be linked.")
            return
        kind = "Relinked" if counts.full else "Linked"
        statuses = ", ".join(f"{status}: {n:,}" for status, n in sorted(counts.by_status.items()))
        self.stdout.write(
            f"{kind} {counts.records:,} records in {counts.seconds:.1f} s ({statuses}); "
            f"{counts.children_created:,} new children; "
            f"{counts.reviews_proposed:,} pairs waiting for review."
        )
        if counts.children_keys_waiting:
            self.stdout.write(
                f"The worker is making the search keys of {counts.children_keys_waiting:,} new "
                "children: until it has, they are not found by name "
                "(or run `childtrust search_keys_rebuild`)."
            )
