"""Background work for the strategic plan, run by `childtrust worker` (see
childtrust.core.schedule): the board pack's PDF, and ending packs whose worker was stopped.

A pack gathers nine sections from live data and lays out a PDF of a dozen pages or more: a few
seconds, too long for a web request at a large partnership. The page queues it
(board_pack_start) and shows its progress until it is ready. The work is done on behalf of the
person who asked, whose permission is checked again when it starts. Tests use the immediate
backend, which runs the task as soon as it is enqueued."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks import task

from childtrust.accounts.models import User
from childtrust.strategy.models import BoardMeeting, BoardPack
from childtrust.strategy.services import board_pack as services

logger = logging.getLogger(__name__)

NOT_STARTED_MESSAGE = (
    "The board pack could not be queued. Try again in a few minutes, and if it fails again, "
    "tell the system's administrators."
)


@task()
def board_pack_generate(pack_id: int) -> str:
    """Generate a queued board pack. Returns its status ("" if another worker took it)."""
    pack = services.board_pack_work(pack_id=pack_id)
    return pack.status if pack is not None else ""


@task()
def board_packs_stopped_end() -> int:
    """End the packs whose worker was stopped (the worker's timetable)."""
    return services.board_packs_stopped_end()


def board_pack_start(*, actor: User, meeting: BoardMeeting) -> BoardPack:
    """Queues a pack (stored and audited, so its page exists) and enqueues its work, all or
    nothing: the pack and the task's row commit together (the database task backend writes it
    in the same database), so that no pack waits for ever for work never queued; a failure to
    queue is said in words (ValidationError). The pack as it stands after enqueueing: still
    queued with a worker, already generated with the immediate backend."""
    with transaction.atomic():
        pack = services.board_pack_queue(actor=actor, meeting=meeting)
        try:
            board_pack_generate.enqueue(pack.pk)
        except Exception as error:  # the queue or the database: told, never a 500
            logger.exception("Board pack for meeting %s not queued", meeting.pk)
            raise ValidationError(NOT_STARTED_MESSAGE, code="not_started") from error
    pack.refresh_from_db()
    return pack
