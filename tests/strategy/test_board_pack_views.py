"""The board pack's pages: every role at each (the printable pack, generating the PDF, its
progress, its download: the plan's keepers only, everyone else 403), the printable page showing
the same sections as the PDF, the progress page's words, the download's headers, and the meeting
page's links for those who may."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.strategy.board_pack.sections import SECTIONS
from childtrust.strategy.board_pack.storage import new_stored_name, pack_dir
from childtrust.strategy.models import BoardMeeting, BoardPack, BoardPackStatus
from tests.strategy.board_pack_setup import pack_world
from tests.strategy.factories_board import BoardMeetingFactory

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


@pytest.fixture(autouse=True)
def _packs_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


def _pack(meeting: BoardMeeting, status: str = BoardPackStatus.DONE, **fields: Any) -> BoardPack:
    """A pack in the given state; a ready one with a file standing in for its PDF."""
    if status == BoardPackStatus.DONE:
        fields["stored_name"] = new_stored_name()
        pack_dir().mkdir(parents=True, exist_ok=True)
        (pack_dir() / fields["stored_name"]).write_bytes(b"%PDF-1.7 stand-in")
        fields.setdefault("size_bytes", 17)
        fields.setdefault("steps_done", 10)
    return BoardPack.objects.create(meeting=meeting, status=status, steps_total=10, **fields)


@pytest.mark.parametrize("role", list(Role))
def test_every_pack_page_is_for_the_keepers_alone(
    role: Role, client_for: Callable[[str], Client]
) -> None:
    meeting = BoardMeetingFactory()
    pack = _pack(meeting)
    client = client_for(role)
    pages = [
        client.get(reverse("strategy:board_pack", args=[meeting.pk])),
        client.get(reverse("strategy:board_pack_progress", args=[pack.pk])),
        client.get(reverse("strategy:board_pack_download", args=[pack.pk])),
    ]
    generate = client.post(reverse("strategy:board_pack_generate", args=[meeting.pk]))
    if role in KEEPERS:
        assert [page.status_code for page in pages] == [200, 200, 200]
        new = BoardPack.objects.exclude(pk=pack.pk).get()
        assert generate.status_code == 302
        assert generate["Location"] == reverse("strategy:board_pack_progress", args=[new.pk])
    else:
        assert [page.status_code for page in pages] == [403, 403, 403]
        assert generate.status_code == 403
        assert BoardPack.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    meeting = BoardMeetingFactory()
    response = Client().get(reverse("strategy:board_pack", args=[meeting.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign-in" in response["Location"]


def test_the_printable_page_shows_the_same_sections_as_the_pdf(
    client_for: Callable[[str], Client],
) -> None:
    world = pack_world()
    page = client_for(Role.STRATEGIC_LEAD).get(
        reverse("strategy:board_pack", args=[world.meeting.pk])
    )
    html = page.content.decode()
    for section in SECTIONS:
        assert f'id="{section.anchor}">{section.number}. {section.title}</h2>' in html
        assert f'href="#{section.anchor}"' in html
    for figure in (world.objective, world.indicator, world.service, world.risk, world.action):
        assert figure in html
    assert "Overdue by 2 days" in html
    assert "Overdue by 4 days" in html
    assert "Worse than England" in html
    assert html.count("<h1") == 1
    assert 'href="/static/strategy/board-pack.css"' in html or "board-pack" in html


def test_a_missing_meeting_is_not_found(client_for: Callable[[str], Client]) -> None:
    client = client_for(Role.STRATEGIC_LEAD)
    assert client.get(reverse("strategy:board_pack", args=[999])).status_code == 404
    assert client.post(reverse("strategy:board_pack_generate", args=[999])).status_code == 404
    assert client.get(reverse("strategy:board_pack_progress", args=[999])).status_code == 404


def test_generating_runs_the_pack_and_its_page_offers_the_download(
    client_for: Callable[[str], Client],
) -> None:
    meeting = BoardMeetingFactory(title="Winter board")
    client = client_for(Role.STRATEGIC_LEAD)
    response = client.post(reverse("strategy:board_pack_generate", args=[meeting.pk]), follow=True)
    html = response.content.decode()
    pack = BoardPack.objects.get()
    assert pack.status == BoardPackStatus.DONE
    assert "Ready" in html
    assert reverse("strategy:board_pack_download", args=[pack.pk]) in html
    download = client.get(reverse("strategy:board_pack_download", args=[pack.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="board-pack-')
    assert download["Content-Disposition"].endswith('-winter-board.pdf"')
    assert "no-store" in download["Cache-Control"]
    assert download.content.startswith(b"%PDF")


def test_the_progress_page_says_which_section_it_is_on(
    client_for: Callable[[str], Client],
) -> None:
    meeting = BoardMeetingFactory()
    running = _pack(meeting, BoardPackStatus.RUNNING, steps_done=3)
    queued = _pack(meeting, BoardPackStatus.QUEUED)
    client = client_for(Role.PARTNERSHIP_ADMIN)

    html = client.get(reverse("strategy:board_pack_progress", args=[running.pk])).content.decode()
    assert "Section 4 of 10: the pooled budget." in html
    assert "Check progress now" in html
    assert 'value="3"' in html
    assert "progress.js" in html
    html = client.get(reverse("strategy:board_pack_progress", args=[queued.pk])).content.decode()
    assert "Waiting for the background worker" in html


def test_a_failed_pack_says_why_and_offers_to_generate_it_again(
    client_for: Callable[[str], Client],
) -> None:
    meeting = BoardMeetingFactory()
    failed = _pack(meeting, BoardPackStatus.FAILED, problem="The pack could not be generated.")
    client = client_for(Role.STRATEGIC_LEAD)
    html = client.get(reverse("strategy:board_pack_progress", args=[failed.pk])).content.decode()
    assert "The pack could not be generated." in html
    assert "Generate it again" in html
    download = client.get(reverse("strategy:board_pack_download", args=[failed.pk]))
    assert download.status_code == 404


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.PRACTITIONER])
def test_the_meeting_page_links_to_the_pack_for_those_who_may_read_it(
    role: Role, client_for: Callable[[str], Client]
) -> None:
    meeting = BoardMeetingFactory()
    html = client_for(role).get(reverse("strategy:meeting", args=[meeting.pk])).content.decode()
    shown = reverse("strategy:board_pack", args=[meeting.pk]) in html
    assert shown == (role in KEEPERS)
    assert ("Generate the board pack as a PDF" in html) == (role in KEEPERS)


def test_in_the_demo_the_pack_says_its_figures_are_demonstration_figures(
    client_for: Callable[[str], Client], settings: Any
) -> None:
    meeting = BoardMeetingFactory()
    client = client_for(Role.STRATEGIC_LEAD)
    url = reverse("strategy:board_pack", args=[meeting.pk])
    assert "Demonstration figures" not in client.get(url).content.decode()
    settings.DEMO = True
    assert "Demonstration figures" in client.get(url).content.decode()
