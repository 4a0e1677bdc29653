"""What the board pack says, gathered from live data: each section is a function returning plain
data (words, dates and figures with their units), so that the printable page, the PDF and the
tests all read the same. The sections are read through each app's selectors: the plan's (here),
the measures' (measures.py), the outcome profile's, the pooled budget's and the staff voice's
(partners.py), the workforce's (workforce.py), and the change programme's and the board's
(board.py).

`pack_gather` gathers them in order, saying before each which one it is on, so that a pack made
in the background can show its progress ("Section 4 of 10: the pooled budget")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.core.permissions import PermissionHolder
from childtrust.strategy.board_pack.board import (
    ActionLine,
    RisksSection,
    StageLine,
    actions_section,
    change_section,
    risks_section,
)
from childtrust.strategy.board_pack.context import PackContext, day_words
from childtrust.strategy.board_pack.measures import MeasuresSection, measures_section
from childtrust.strategy.board_pack.partners import (
    BudgetSection,
    OutcomesHeadline,
    VoiceSection,
    budget_section,
    outcomes_headline,
    voice_section,
)
from childtrust.strategy.board_pack.workforce import WorkforceSection, workforce_section
from childtrust.strategy.models import BoardMeeting
from childtrust.strategy.selectors import plan as plan_selectors

# --- 1. The plan's progress ---------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneLine:
    title: str
    due_on: datetime.date
    timing: str  # "Overdue by 3 days", "Due in 20 days"
    status: str
    owner: str


@dataclass(frozen=True)
class ObjectiveLine:
    title: str
    owner: str
    rag: str  # in words: "Off track", "At risk", "On track"
    overdue: int
    milestones: list[MilestoneLine]  # open ones overdue or due within DUE_SOON_DAYS


@dataclass(frozen=True)
class PlanProgress:
    title: str
    period: str
    objectives: list[ObjectiveLine]
    rag_counts: list[tuple[str, int]]
    overdue: int
    rule: str
    due_soon_days: int


def plan_progress(context: PackContext) -> PlanProgress | None:
    """Each objective's rating in words, with its milestones overdue or due in the next 90 days
    (the plan page's own read, so the pack and the page agree)."""
    if context.plan is None:
        return None
    page = plan_selectors.plan_page(context.plan, context.today)
    objectives = [
        ObjectiveLine(
            title=row.objective.title,
            owner=str(row.objective.owner),
            rag=str(row.rag),
            overdue=len(row.overdue),
            milestones=[
                MilestoneLine(
                    title=m.title,
                    due_on=m.due_on,
                    timing=plan_selectors.milestone_timing(m, context.today),
                    status=m.get_status_display(),
                    owner=str(m.owner),
                )
                for m in row.milestones
            ],
        )
        for row in page.rows
    ]
    return PlanProgress(
        title=context.plan.title,
        period=context.plan.period_label,
        objectives=objectives,
        rag_counts=[(str(rag), count) for rag, count in page.rag_counts],
        overdue=page.overdue_count,
        rule=plan_selectors.RAG_RULE,
        due_soon_days=plan_selectors.DUE_SOON_DAYS,
    )


# --- The pack -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: int
    key: str  # the Pack's attribute, and the heading's anchor (section-<key>)
    title: str  # the heading
    doing: str  # said while it is gathered: "Section 4 of 10: the pooled budget"
    gather: Callable[[PackContext], Any]

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


SECTIONS: tuple[Section, ...] = (
    Section(1, "plan", "Plan progress", "the plan's progress", plan_progress),
    Section(2, "measures", "Measures against trajectory", "the measures", measures_section),
    Section(3, "outcomes", "Outcome profile: worse than England", "the outcome profile",
            outcomes_headline),
    Section(4, "budget", "The pooled budget", "the pooled budget", budget_section),
    Section(5, "voice", "Staff voice", "staff voice", voice_section),
    Section(6, "workforce", "Workforce", "the workforce", workforce_section),
    Section(7, "change", "The change programme", "the change programme", change_section),
    Section(8, "risks", "Top risks", "the risk register", risks_section),
    Section(9, "actions", "Open actions", "the board's actions", actions_section),
)  # fmt: skip
#: The last step of a pack made as a PDF, after the sections: laying out its pages.
LAYOUT_STEP = "laying out the PDF's pages"
STEPS_TOTAL = len(SECTIONS) + 1


def step_words(steps_done: int, steps_total: int = STEPS_TOTAL) -> str:
    """What a pack being made is doing: "Section 4 of 10: the pooled budget"."""
    doing = SECTIONS[steps_done].doing if steps_done < len(SECTIONS) else LAYOUT_STEP
    return f"Section {min(steps_done + 1, steps_total)} of {steps_total}: {doing}"


@dataclass(frozen=True)
class Pack:
    meeting: BoardMeeting
    partnership: str
    plan_title: str
    generated_at: datetime.datetime  # local time
    demo: bool
    plan: PlanProgress | None
    measures: MeasuresSection | None
    outcomes: OutcomesHeadline | None
    budget: BudgetSection | None
    voice: VoiceSection
    workforce: WorkforceSection
    change: list[StageLine]
    risks: RisksSection
    actions: list[ActionLine]

    @property
    def contents(self) -> tuple[Section, ...]:
        return SECTIONS

    @property
    def title(self) -> str:
        return f"Board pack: {self.meeting.title}, {day_words(self.meeting.held_on)}"

    @property
    def generated_words(self) -> str:
        """ "Generated on 3 December 2026 at 14:05"."""
        at = date_format(self.generated_at, "H:i")
        return f"Generated on {day_words(self.generated_at.date())} at {at}"


def pack_gather(
    meeting: BoardMeeting,
    *,
    reader: PermissionHolder | None,
    now: datetime.datetime | None = None,
    on_section: Callable[[int, Section], None] | None = None,
) -> Pack:
    """Every section of the meeting's pack from live data, in order; `on_section(index,
    section)` is told before each is gathered."""
    now = timezone.localtime(now or timezone.now())
    plan = plan_selectors.plan_current()
    context = PackContext(meeting=meeting, plan=plan, today=now.date(), reader=reader)
    gathered: dict[str, Any] = {}
    for index, section in enumerate(SECTIONS):
        if on_section is not None:
            on_section(index, section)
        gathered[section.key] = section.gather(context)
    return Pack(
        meeting=meeting,
        partnership=settings.SERVICE_NAME,
        plan_title=plan.title if plan else "",
        generated_at=now,
        demo=settings.DEMO,
        **gathered,
    )
