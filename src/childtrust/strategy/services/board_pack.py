"""Generating board packs: asking for one (stored and audited at once, so its progress page
exists), the background work that gathers each section from live data and writes the PDF,
saying how far it has got, a pack whose worker was stopped ended in words, a download recorded
in the audit log, and the same pack written to a file on the server's command line.

Only those who prepare the board's papers generate and read packs (access.can_view_board_pack).
The work is done on behalf of the person who asked: their permission is checked again when it
starts, since a role may be taken away while the pack waited."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.core.stopped_jobs import STOPPED_AFTER as STOPPED_AFTER
from childtrust.core.stopped_jobs import job_end_if_unchanged, silent_jobs
from childtrust.strategy import access
from childtrust.strategy.board_pack.rendering import pack_pdf_write
from childtrust.strategy.board_pack.sections import (
    STEPS_TOTAL,
    Section,
    pack_gather,
    step_words,
)
from childtrust.strategy.board_pack.storage import new_stored_name, pack_dir, stored_path
from childtrust.strategy.models import BoardMeeting, BoardPack, BoardPackStatus

logger = logging.getLogger(__name__)

GENERATE = "generate or read board packs"
#: A running pack says how far it has got before each of its ten steps, and the slowest (laying
#: out the PDF) takes seconds: one silent this long was stopped with its worker. A pack still
#: waiting (queued) is left alone: the worker may simply be down, and its page says so.
STOPPED_MESSAGE = (
    "The pack stopped before it was finished (the background worker was stopped). "
    "Generate it again."
)


def _meeting_details(meeting: BoardMeeting) -> dict[str, object]:
    return {"id": meeting.pk, "name": meeting.title, "held_on": meeting.held_on.isoformat()}


@transaction.atomic
def board_pack_queue(*, actor: User, meeting: BoardMeeting) -> BoardPack:
    """Stores a pack waiting to be generated in the background (strategy.tasks), with one
    audit event; its page shows its progress."""
    require(access.can_view_board_pack(actor), to=GENERATE)
    pack = BoardPack(meeting=meeting, steps_total=STEPS_TOTAL)
    save_and_record(
        actor=actor,
        instance=pack,
        action=AuditAction.CREATE,
        details={"meeting": _meeting_details(meeting), "status": pack.status},
    )
    return pack


def _step_set(pack_id: int, steps_done: int) -> None:
    """Says how far a running pack has got, at once (a one-row update)."""
    BoardPack.objects.filter(pk=pack_id, status=BoardPackStatus.RUNNING).update(
        steps_done=steps_done, modified_at=timezone.now()
    )


def board_pack_work(*, pack_id: int) -> BoardPack | None:
    """Generates a queued pack (the background task's work) on behalf of the person who asked
    for it: their permission is checked first (a refusal fails the pack, saying why). The pack
    is marked running, each section gathered in turn saying which it is on, the PDF written
    under var/board_packs by a random name, and the pack marked ready with one audit event.
    Any error fails the pack with a plain message and an audit event. A pack already taken by
    another worker, or gone, is left alone (None)."""
    queued = (
        BoardPack.objects.select_related("meeting", "created_by")
        .filter(pk=pack_id, status=BoardPackStatus.QUEUED)
        .first()
    )
    if queued is None:
        return None
    actor = queued.created_by
    try:
        require(access.can_view_board_pack(actor), to=GENERATE)
    except PermissionDenied as refusal:
        logger.info("Board pack %s not generated: %s", pack_id, refusal)
        return _pack_fail(
            pack_id, actor, f"The pack was not generated: {refusal}", was=BoardPackStatus.QUEUED
        )
    taken = BoardPack.objects.filter(pk=pack_id, status=BoardPackStatus.QUEUED).update(
        status=BoardPackStatus.RUNNING, steps_done=0, modified_at=timezone.now()
    )
    if not taken:
        return None
    path = pack_dir() / new_stored_name()
    try:
        pack = pack_gather(
            queued.meeting,
            reader=access.board_pack_reader(),
            on_section=lambda index, _section: _step_set(pack_id, index),
        )
        _step_set(pack_id, STEPS_TOTAL - 1)
        size = pack_pdf_write(pack, path)
        with transaction.atomic():
            done = BoardPack.objects.select_for_update().get(pk=pack_id)
            if done.status != BoardPackStatus.RUNNING:  # ended as stopped meanwhile
                path.unlink(missing_ok=True)
                return done
            done.status = BoardPackStatus.DONE
            done.steps_done = STEPS_TOTAL
            done.stored_name = path.name
            done.size_bytes = size
            done.finished_at = timezone.now()
            done.modified_by = actor
            done.save()
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                target=done,
                details={
                    "meeting": _meeting_details(queued.meeting),
                    "status": {"from": BoardPackStatus.RUNNING, "to": BoardPackStatus.DONE},
                    "size_bytes": size,
                },
            )
        return done
    except Exception as error:  # any failure is told on the pack's page, in words
        logger.exception("Board pack %s failed", pack_id)
        path.unlink(missing_ok=True)
        return _pack_fail(
            pack_id,
            actor,
            "The pack could not be generated: an error stopped it. Generate it again; if it "
            f"fails again, tell the system's administrators (error {type(error).__name__}, "
            f"board pack {pack_id}).",
            was=BoardPackStatus.RUNNING,
        )


@transaction.atomic
def _pack_fail(pack_id: int, actor: User | None, problem: str, *, was: str) -> BoardPack | None:
    """Fails the pack, if it is still `was` (None if another worker has taken it since)."""
    pack = BoardPack.objects.select_for_update().get(pk=pack_id)
    if pack.status != was:
        return None
    pack.status = BoardPackStatus.FAILED
    pack.problem = problem
    pack.finished_at = timezone.now()
    pack.modified_by = actor
    pack.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=pack,
        details={
            "status": {"from": was, "to": BoardPackStatus.FAILED},
            "steps_done": pack.steps_done,
            "problem": problem,
        },
    )
    return pack


def board_packs_stopped_end() -> int:
    """Ends every pack whose worker was stopped (running, silent for STOPPED_AFTER) as failed,
    with one audit event each: by the worker and when a pack's page is opened. Returns how
    many."""
    stopped = silent_jobs(BoardPack.objects.all(), running=BoardPackStatus.RUNNING)
    ended = 0
    for pack in stopped:  # a handful at most, and usually none
        with transaction.atomic():
            if job_end_if_unchanged(pack, status=BoardPackStatus.FAILED, problem=STOPPED_MESSAGE):
                audit_record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    target=pack,
                    details={
                        "status": {"from": BoardPackStatus.RUNNING, "to": BoardPackStatus.FAILED},
                        "steps_done": pack.steps_done,
                        "problem": STOPPED_MESSAGE,
                    },
                )
                logger.warning("Board pack %s ended: its worker stopped", pack.pk)
                ended += 1
    return ended


def board_pack_download_record(*, actor: User, pack: BoardPack) -> Path:
    """The ready pack's file, with its download recorded in the audit log (the pack brings the
    budget's and staff voice's figures together)."""
    require(access.can_view_board_pack(actor), to=GENERATE)
    if pack.status != BoardPackStatus.DONE or not pack.stored_name:
        raise FileNotFoundError("The board pack is not ready")
    path = stored_path(pack.stored_name)
    if not path.is_file():
        raise FileNotFoundError("The board pack's file is missing")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=pack,
        details={"meeting": _meeting_details(pack.meeting), "size_bytes": pack.size_bytes},
    )
    return path


def board_pack_command_line_write(
    *, meeting: BoardMeeting, path: Path, progress: Callable[[str], None]
) -> int:
    """Writes the meeting's pack to `path` at once (`childtrust board_pack`), saying each
    section as it goes, and records it in the audit log as the system's, made on the server's
    command line (no one is signed in there). Returns the file's size in bytes."""

    def said(index: int, _section: Section) -> None:
        progress(step_words(index))

    pack = pack_gather(meeting, reader=access.board_pack_reader(), on_section=said)
    progress(step_words(STEPS_TOTAL - 1))
    size = pack_pdf_write(pack, path)
    audit_record(
        actor=None,
        action=AuditAction.EXPORT,
        target=meeting,
        details={
            "board_pack": "written on the server's command line",
            "meeting": _meeting_details(meeting),
            "file": path.name,
            "size_bytes": size,
        },
    )
    return size
