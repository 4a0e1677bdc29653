"""`childtrust retention [--apply] [--date YYYY-MM-DD]`: lists the children past their retention
date (the 18th birthday, the 25th for a care leaver) and their agency records; with --apply,
anonymises them (services.retention), one audit event a child. A dry run by default: nothing
changes without --apply. Lists references, never names."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from childtrust.children.models import AgencyRecord
from childtrust.children.selectors.retention import children_retention_due
from childtrust.children.services.retention import children_retention_apply_unattended
from childtrust.core.dates import day_text


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not '{text}'.") from None


class Command(BaseCommand):
    help = (
        "List the children past their retention date (the 18th birthday, the 25th for a care "
        "leaver) and their agency records. Nothing changes unless --apply is given, which "
        "anonymises them: names, address, postcode and identifiers blanked on every record and "
        "every version of one; each child keeps its reference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Anonymise them.")
        parser.add_argument("--date", help="Count from this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else None
        day = today or timezone.localdate()
        due = children_retention_due(day)
        records = AgencyRecord.objects.filter(child__in=[d.child.pk for d in due]).select_related(
            "agency"
        )
        by_child: dict[int, list[str]] = {}
        for record in records.order_by("agency__name", "record_id"):
            by_child.setdefault(record.child_id or 0, []).append(
                f"{record.agency} {record.record_id}"
            )
        for item in due:
            kind = (
                "care leaver, kept to the 25th birthday"
                if item.child.care_leaver
                else "kept to the 18th birthday"
            )
            held = "; ".join(by_child.get(item.child.pk, [])) or "no agency records"
            self.stdout.write(
                f"{item.child.reference}: {kind}, {day_text(item.kept_until)}. Records: {held}"
            )
        if not options["apply"]:
            self.stdout.write(
                f"{len(due):,} children past their retention date on {day_text(day)}. A dry run: "
                "nothing changed. Run again with --apply to anonymise them."
            )
            return
        run = children_retention_apply_unattended(today=day)
        self.stdout.write(
            f"Anonymised {run.children:,} children, {run.records:,} agency records and "
            f"{run.versions:,} earlier versions of records."
        )
