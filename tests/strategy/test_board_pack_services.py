"""Generating board packs: who may, the background work's progress and its end (ready, failed,
stopped with its worker), the download recorded, each write with its audit event. The immediate
task backend runs a pack's work as soon as it is queued."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy import tasks
from childtrust.strategy.board_pack import sections
from childtrust.strategy.board_pack.storage import new_stored_name, pack_dir
from childtrust.strategy.models import BoardPack, BoardPackStatus
from childtrust.strategy.services import board_pack as services
from tests.strategy.factories_board import BoardMeetingFactory

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


@pytest.fixture(autouse=True)
def _packs_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


def _events(pack: BoardPack) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="strategy.boardpack", object_id=str(pack.pk)
        ).order_by("sequence")
    )


@pytest.mark.parametrize("role", list(Role))
def test_only_those_who_prepare_the_boards_papers_queue_a_pack(
    role: Role, user_with_role: Callable[[str], User]
) -> None:
    actor, meeting = user_with_role(role), BoardMeetingFactory()
    if role in KEEPERS:
        pack = services.board_pack_queue(actor=actor, meeting=meeting)
        assert pack.status == BoardPackStatus.QUEUED
        assert pack.steps_total == sections.STEPS_TOTAL == 10
        (event,) = _events(pack)
        assert event.action == AuditAction.CREATE
        assert event.actor == actor
        assert event.details["meeting"]["name"] == meeting.title
    else:
        with pytest.raises(PermissionDenied):
            services.board_pack_queue(actor=actor, meeting=meeting)
        assert not BoardPack.objects.exists()
        assert not AuditEvent.objects.filter(object_type="strategy.boardpack").exists()


def test_a_queued_pack_is_generated_section_by_section_and_kept_by_a_random_name(
    user_with_role: Callable[[str], User], monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[int] = []
    step_set = services._step_set

    def recorded(pack_id: int, steps_done: int) -> None:
        step_set(pack_id, steps_done)
        steps.append(BoardPack.objects.get(pk=pack_id).steps_done)

    monkeypatch.setattr(services, "_step_set", recorded)
    meeting = BoardMeetingFactory(title="Board; rm -rf /")
    pack = tasks.board_pack_start(actor=user_with_role(Role.STRATEGIC_LEAD), meeting=meeting)

    assert steps == list(range(10)), "each section said before it, then the layout"
    assert pack.status == BoardPackStatus.DONE
    assert pack.steps_done == pack.steps_total == 10
    stored = pack_dir() / pack.stored_name
    assert stored.read_bytes().startswith(b"%PDF")
    assert pack.size_bytes == stored.stat().st_size
    assert len(pack.stored_name) == 36
    assert "Board" not in pack.stored_name
    assert pack.finished_at is not None
    created, ready = _events(pack)
    assert (created.action, ready.action) == (AuditAction.CREATE, AuditAction.UPDATE)
    assert ready.details["status"] == {"from": "running", "to": "done"}


def test_the_words_for_each_step_name_the_section() -> None:
    assert sections.step_words(3) == "Section 4 of 10: the pooled budget"
    assert sections.step_words(0) == "Section 1 of 10: the plan's progress"
    assert sections.step_words(9) == "Section 10 of 10: laying out the PDF's pages"


def test_a_pack_whose_asker_lost_their_role_while_it_waited_fails_saying_why(
    user_with_role: Callable[[str], User],
) -> None:
    asker = user_with_role(Role.STRATEGIC_LEAD)
    pack = BoardPack.objects.create(meeting=BoardMeetingFactory(), steps_total=10, created_by=asker)
    asker.role = Role.PRACTITIONER
    asker.save()

    failed = services.board_pack_work(pack_id=pack.pk)

    assert failed is not None
    assert failed.status == BoardPackStatus.FAILED
    assert "Your role does not allow you to generate or read board packs." in failed.problem
    assert not failed.stored_name
    (event,) = _events(pack)
    assert event.details["status"] == {"from": "queued", "to": "failed"}


def test_an_error_fails_the_pack_in_words_leaving_no_file(
    user_with_role: Callable[[str], User], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(pack: Any, path: Path) -> int:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a PDF")
        raise OSError("disk full")

    monkeypatch.setattr(services, "pack_pdf_write", broken)
    pack = tasks.board_pack_start(
        actor=user_with_role(Role.PARTNERSHIP_ADMIN), meeting=BoardMeetingFactory()
    )

    assert pack.status == BoardPackStatus.FAILED
    assert pack.problem.startswith("The pack could not be generated: an error stopped it.")
    assert "OSError" in pack.problem
    assert "disk full" not in pack.problem
    assert pack.steps_done == 9, "it got as far as laying out the pages"
    assert not list(pack_dir().glob("*"))
    assert [e.details.get("status") for e in _events(pack)][-1] == {
        "from": "running",
        "to": "failed",
    }


def test_a_pack_silent_for_ten_minutes_is_ended_as_stopped_and_others_are_left() -> None:
    meeting = BoardMeetingFactory()
    stopped, running, queued = (
        BoardPack.objects.create(meeting=meeting, steps_total=10, status=status, steps_done=4)
        for status in (BoardPackStatus.RUNNING, BoardPackStatus.RUNNING, BoardPackStatus.QUEUED)
    )
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    BoardPack.objects.filter(pk__in=[stopped.pk, queued.pk]).update(modified_at=long_ago)

    assert services.board_packs_stopped_end() == 1

    stopped.refresh_from_db(), running.refresh_from_db(), queued.refresh_from_db()
    assert stopped.status == BoardPackStatus.FAILED
    assert stopped.problem == services.STOPPED_MESSAGE
    assert running.status == BoardPackStatus.RUNNING
    assert queued.status == BoardPackStatus.QUEUED
    (event,) = _events(stopped)
    assert event.actor is None
    assert event.details["steps_done"] == 4
    assert services.board_packs_stopped_end() == 0


def _ready_pack() -> BoardPack:
    """A pack marked ready with a file standing in for its PDF (making one takes a second)."""
    name = new_stored_name()
    pack_dir().mkdir(parents=True, exist_ok=True)
    (pack_dir() / name).write_bytes(b"%PDF-1.7 stand-in")
    return BoardPack.objects.create(
        meeting=BoardMeetingFactory(),
        status=BoardPackStatus.DONE,
        steps_done=10,
        steps_total=10,
        stored_name=name,
        size_bytes=17,
    )


@pytest.mark.parametrize("role", list(Role))
def test_downloading_a_pack_is_for_the_keepers_and_is_recorded(
    role: Role, user_with_role: Callable[[str], User]
) -> None:
    pack = _ready_pack()
    reader = user_with_role(role)
    before = len(_events(pack))
    if role in KEEPERS:
        path = services.board_pack_download_record(actor=reader, pack=pack)
        assert path.read_bytes().startswith(b"%PDF")
        event = _events(pack)[-1]
        assert event.action == AuditAction.EXPORT
        assert event.actor == reader
    else:
        with pytest.raises(PermissionDenied):
            services.board_pack_download_record(actor=reader, pack=pack)
        assert len(_events(pack)) == before


def test_a_pack_not_ready_cannot_be_downloaded(user_with_role: Callable[[str], User]) -> None:
    pack = BoardPack.objects.create(meeting=BoardMeetingFactory(), steps_total=10)
    with pytest.raises(FileNotFoundError):
        services.board_pack_download_record(actor=user_with_role(Role.STRATEGIC_LEAD), pack=pack)
    assert not _events(pack)
