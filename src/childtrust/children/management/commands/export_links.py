"""`childtrust export_links FILE.csv`: where linkage put every agency record, one row each:
`agency,record_id,child_id,match_probability,status` (agency as its slug, child_id as the
child's reference, blank for a record not yet linked). The export is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.children.services.linkage import links_export_unattended


class Command(BaseCommand):
    help = "Write agency,record_id,child_id,match_probability,status for every agency record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist: nothing was written.")
        rows = links_export_unattended(path=path)
        self.stdout.write(f"Wrote {rows:,} records' links to {path}.")
