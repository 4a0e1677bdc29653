"""The board pack's PDF read back from the file with pypdf: more than one page, tagged, its
outline holding the section titles, its metadata title, its text holding the meeting, the date
it was generated, a figure from each section and "Page 1 of N" in the footer. The PDF is made
once for the module (it takes a second or two), from data rolled back afterwards."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from childtrust.strategy import access
from childtrust.strategy.board_pack.rendering import pack_pdf_write
from childtrust.strategy.board_pack.sections import SECTIONS, pack_gather
from tests.strategy.board_pack_setup import PackWorld, pack_world

# Each test reads the PDF made once below; the mark makes sure the test database is set up.
pytestmark = pytest.mark.django_db


def _generated_at() -> datetime.datetime:
    """Today at 14:05: the pack's figures (an action overdue by 4 days) count from today."""
    return timezone.localtime().replace(hour=14, minute=5, second=0, microsecond=0)


@dataclass(frozen=True)
class ReadBack:
    world: PackWorld
    pages: int
    text: str
    page_texts: list[str]
    outline: list[str]
    title: str
    tagged: bool


def _titles(outline: list[Any]) -> Iterator[str]:
    for entry in outline:
        if isinstance(entry, list):
            yield from _titles(entry)
        else:
            yield str(entry.title)


@pytest.fixture(scope="module")
def pdf(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> ReadBack:
    path: Path = tmp_path_factory.mktemp("pack") / "pack.pdf"
    with django_db_blocker.unblock(), transaction.atomic():
        world = pack_world()
        pack = pack_gather(world.meeting, reader=access.board_pack_reader(), now=_generated_at())
        pack_pdf_write(pack, path)
        transaction.set_rollback(True)
    reader = PdfReader(path)
    page_texts = [page.extract_text() for page in reader.pages]
    root = reader.trailer["/Root"]
    return ReadBack(
        world=world,
        pages=len(reader.pages),
        text=" ".join(" ".join(page_texts).split()),
        page_texts=page_texts,
        outline=[" ".join(title.split()) for title in _titles(reader.outline)],
        title=str((reader.metadata or {}).get("/Title", "")),
        tagged="/StructTreeRoot" in root and bool(root.get("/MarkInfo", {}).get("/Marked")),
    )


def test_the_pdf_has_several_pages_and_is_tagged(pdf: ReadBack) -> None:
    assert pdf.pages > 1
    assert pdf.tagged


def test_the_pdf_outline_holds_every_section_title(pdf: ReadBack) -> None:
    for section in SECTIONS:
        assert f"{section.number}. {section.title}" in pdf.outline
    assert "Contents" in pdf.outline


def test_the_pdf_title_names_the_meeting(pdf: ReadBack) -> None:
    assert pdf.world.meeting.title in pdf.title
    assert pdf.world.meeting.title in pdf.text


def test_the_cover_and_footer_say_when_it_was_generated(pdf: ReadBack) -> None:
    day = date_format(timezone.localdate(), "j F Y")  # such as 3 December 2026
    assert f"Generated on {day} at 14:05" in pdf.page_texts[0]
    assert all(f"Generated {day}, 14:05" in page for page in pdf.page_texts)


def test_every_page_is_numbered_of_the_total(pdf: ReadBack) -> None:
    for number, page in enumerate(pdf.page_texts, start=1):
        assert f"Page {number} of {pdf.pages}" in page


def test_the_contents_give_each_sections_page(pdf: ReadBack) -> None:
    """The contents page says which page each section starts on, and it does."""
    contents = " ".join(pdf.page_texts[1].split())
    for section in SECTIONS:
        found = re.search(rf"{section.number}\. {re.escape(section.title)}[ .]*(\d+)", contents)
        assert found, section.title
        page = int(found.group(1))
        heading = f"{section.number}. {section.title}"
        assert heading in " ".join(pdf.page_texts[page - 1].split())


def test_the_pdf_holds_a_figure_from_each_section(pdf: ReadBack) -> None:
    world, text = pdf.world, pdf.text
    # 1. The plan: the objective, its rating in words, its overdue milestone.
    assert world.objective in text
    assert "Off track" in text
    assert world.milestone in text
    assert "Overdue by 2 days" in text
    # 3. The outcome profile: the indicator worse than England, with its figures.
    assert world.indicator in text
    assert "90.0 per 100,000" in text
    assert "Worse than England" in text
    # 4. The budget: the line heading for overspend (£20,000 a month for twelve months).
    assert world.service in text
    assert "£240,000" in text
    # 5. Staff voice says what it holds; 6. the workforce's vacancy rate beside England's, and
    # the restructure in consultation with its legal dates, naming no one it affects.
    assert "No message has been published yet." in text
    assert "Vacancy rate" in text
    assert "50.0%" in text
    assert "17.8%" in text
    assert world.restructure in text
    assert "The collective duty applies" in text
    assert world.affected not in text
    # 7. The stage rated at this meeting; 8. the top risk; 9. the overdue action.
    assert world.stage_evidence in text
    assert "3, Progressing" in text
    assert world.risk in text
    assert "15, very high" in text
    assert world.action in text
    assert "Overdue by 4 days" in text
