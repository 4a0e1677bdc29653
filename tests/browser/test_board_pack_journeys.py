"""The board pack in a real browser, with axe-core checks: a strategic lead opens a meeting,
generates the pack's PDF, sees it ready, downloads it and opens the printable pack; the pack's
pages reflow at 320 px without scrolling sideways. (The test settings run a pack's work as soon
as it is queued, so the progress page shows it ready at once; tests/strategy covers the words
while it runs.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.strategy.models import BoardPack
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.factories import UserFactory
from tests.strategy.board_pack_setup import pack_world


@pytest.fixture(autouse=True)
def _packs_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


def test_a_strategic_lead_generates_downloads_and_prints_the_pack(page: Page) -> None:
    world = pack_world()
    UserFactory(username="sam", role=Role.STRATEGIC_LEAD)

    sign_in(page, "sam")
    page.goto(f"/plan/board/meetings/{world.meeting.pk}/")
    page.get_by_role("button", name="Generate the board pack as a PDF").click()

    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name="Download the board pack (PDF")
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename.endswith("-childrens-trust-board-winter.pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    pack = BoardPack.objects.get()
    answer = page.request.get(f"/plan/board/packs/{pack.pk}/pdf/")
    assert answer.headers["content-type"] == "application/pdf"

    page.get_by_role("link", name="Back to the board pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Board pack: {world.meeting.title}")
    expect(page.get_by_role("heading", name="9. Open actions")).to_be_visible()
    expect(page.get_by_text("Overdue by 4 days")).to_be_visible()
    page.get_by_role("link", name="8. Top risks").click()
    expect(page.get_by_role("heading", name="8. Top risks")).to_be_in_viewport()
    assert_accessible(page)


def test_the_pack_pages_reflow_at_320_pixels(page: Page) -> None:
    world = pack_world()
    UserFactory(username="sam", role=Role.STRATEGIC_LEAD)
    page.set_viewport_size({"width": 320, "height": 800})

    sign_in(page, "sam")
    page.goto(f"/plan/board/meetings/{world.meeting.pk}/pack/")
    page.get_by_role("button", name="Generate the PDF").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    for path in (f"/plan/board/meetings/{world.meeting.pk}/pack/", page.url):
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"
