"""`childtrust board_pack [--meeting ID] FILE.pdf`: the board pack for a meeting written to a
file at once, the same PDF as the meeting's page generates: for the latest meeting (the most
recent held on or before today, else the next) unless --meeting names one. Progress goes to
standard error, the file written to standard output. The audit log records it as made on the
server's command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.strategy.selectors.board import meeting_latest, meeting_with_id
from childtrust.strategy.services.board_pack import board_pack_command_line_write
from childtrust.strategy.wording import day_words


class Command(BaseCommand):
    help = (
        "Write the board pack (a tagged PDF with contents and page numbers) for a board meeting "
        "to FILE: the latest meeting unless --meeting names one by its number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The PDF file to write, such as pack.pdf.")
        parser.add_argument(
            "--meeting",
            type=int,
            metavar="ID",
            help="The meeting's number, as in its page's address (/plan/board/meetings/ID/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        meeting_id: int | None = options["meeting"]
        if meeting_id is None:
            meeting = meeting_latest()
            if meeting is None:
                raise CommandError("There is no board meeting yet: record one first.")
        else:
            meeting = meeting_with_id(meeting_id)
            if meeting is None:
                raise CommandError(f"There is no board meeting number {meeting_id}.")
        path: Path = options["file"]
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent} to write {path.name} in.")
        self.stderr.write(f"Board pack for {meeting.title}, {day_words(meeting.held_on)}")
        size = board_pack_command_line_write(meeting=meeting, path=path, progress=self.stderr.write)
        self.stdout.write(self.style.SUCCESS(f"Written {path} ({size:,} bytes)."))
