"""`childtrust synthetic_extracts DIRECTORY`: synthetic agency extracts as import files, one CSV
an agency, for trying `import_records` and the Load records page (children.synthetic)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.children.synthetic import generate, write_agency_csvs

AGENCIES = ("community-health", "education-partnership", "childrens-services", "police-ppu")


class Command(BaseCommand):
    help = (
        "Write synthetic agency extracts (invented children, each agency's own mistakes) as "
        "import files, one CSV per agency, with the truth of which records are one child."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--children", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--agencies",
            default=",".join(AGENCIES),
            help="Agency slugs, separated by commas (each one's file is named after it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = [slug.strip() for slug in options["agencies"].split(",") if slug.strip()]
        if options["children"] < 1 or not agencies:
            raise CommandError("Give at least one child and one agency.")
        extracts = generate(options["children"], agencies=agencies, seed=options["seed"])
        directory: Path = options["directory"]
        paths = write_agency_csvs(extracts, directory)
        truth = directory / "truth.csv"
        with truth.open("w", encoding="utf-8") as handle:
            handle.write("agency,record_id,child\n")
            for (agency, record_id), child in extracts.truth().items():
                handle.write(f"{agency},{record_id},{child}\n")
        self.stdout.write(
            f"Wrote {len(extracts):,} records of {options['children']:,} children to "
            f"{len(paths)} files in {directory}, and the truth to {truth.name}."
        )
