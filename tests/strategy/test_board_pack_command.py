"""`childtrust board_pack [--meeting ID] FILE.pdf`: the latest meeting by default, the one named,
a clear error for an unknown number or when there is no meeting, progress as it goes, and the
audit log's record of it as made on the command line."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from childtrust.audit.models import AuditAction, AuditEvent
from tests.strategy.factories_board import BoardMeetingFactory, days_ago

pytestmark = pytest.mark.django_db


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_by_default_the_latest_meeting_held_is_written(tmp_path: Path) -> None:
    BoardMeetingFactory(title="Autumn board", held_on=days_ago(60))
    latest = BoardMeetingFactory(title="Winter board", held_on=days_ago(5))
    BoardMeetingFactory(title="Spring board", held_on=days_ago(-40))  # not yet held
    out, err = StringIO(), StringIO()

    call_command("board_pack", str(tmp_path / "pack.pdf"), stdout=out, stderr=err)

    text = _text(tmp_path / "pack.pdf")
    assert "Board pack: Winter board" in text
    assert "Autumn board" not in text
    assert "Spring board" not in text
    assert "Section 4 of 10: the pooled budget" in err.getvalue()
    assert "Section 10 of 10: laying out the PDF's pages" in err.getvalue()
    assert f"Written {tmp_path / 'pack.pdf'}" in out.getvalue()
    event = AuditEvent.objects.get(object_type="strategy.boardmeeting", object_id=str(latest.pk))
    assert event.action == AuditAction.EXPORT
    assert event.actor is None
    assert event.details["board_pack"] == "written on the server's command line"
    assert event.details["file"] == "pack.pdf"


def test_meeting_names_the_meeting(tmp_path: Path) -> None:
    named = BoardMeetingFactory(title="Autumn board", held_on=days_ago(60))
    BoardMeetingFactory(title="Winter board", held_on=days_ago(5))

    call_command(
        "board_pack",
        str(tmp_path / "p.pdf"),
        meeting=named.pk,
        stdout=StringIO(),
        stderr=StringIO(),
    )

    assert "Board pack: Autumn board" in _text(tmp_path / "p.pdf")


def test_an_unknown_meeting_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    meeting = BoardMeetingFactory()
    with pytest.raises(CommandError, match=f"There is no board meeting number {meeting.pk + 1}"):
        call_command("board_pack", str(tmp_path / "p.pdf"), meeting=meeting.pk + 1)
    assert not (tmp_path / "p.pdf").exists()
    assert not AuditEvent.objects.filter(details__board_pack__isnull=False).exists()


def test_no_meeting_at_all_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no board meeting yet"):
        call_command("board_pack", str(tmp_path / "p.pdf"))
    assert not (tmp_path / "p.pdf").exists()
