"""Reads of the board packs generated: those of a meeting, and one pack with its meeting."""

from __future__ import annotations

from childtrust.strategy.models import BoardMeeting, BoardPack

#: The meeting's pack page lists this many of its latest PDFs.
PACKS_LISTED = 5


def packs_of(meeting: BoardMeeting) -> list[BoardPack]:
    """The meeting's latest packs, newest first."""
    return list(meeting.packs.order_by("-created_at", "-pk")[:PACKS_LISTED])


def pack_with_id(pk: int) -> BoardPack | None:
    return BoardPack.objects.select_related("meeting", "created_by").filter(pk=pk).first()
