"""Reads of allocation runs: the runs of each year, the run whose founding alternatives the
alternatives page shows, the lines and stored notes a user may read of a run (by the scope
resources/access.py gives them), and a run's lines as CSV.

A stored note (a warning, or a reason no allocation meets every constraint) is tagged with the
agencies whose services or money it names. A user who sees only their own agency's lines reads
a note only when every agency it names is their own; the others are counted, without names or
figures. Notes that name no agency (the budget, a locality's floor) are the whole
partnership's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from childtrust.resources.access import FigureScope
from childtrust.resources.models import (
    AllocationLine,
    AllocationRun,
    AllocationStatus,
    FinancialYear,
)
from childtrust.resources.selectors.allocation_problem import Note

#: A note as a run keeps it: stored, {"text", "agency_ids"} (JSON, so its values are Any); as
#: worked out, a Note; or a plain sentence, stored before notes were tagged.
StoredNote = Note | str | Mapping[str, Any]


@dataclass(frozen=True)
class VisibleNotes:
    shown: list[str]
    hidden: int  # notes naming another partner's services or money, not shown


def _text_and_agencies(note: StoredNote) -> tuple[str, list[int] | None]:
    """A note's sentence and the agencies it names (None when unknown: a plain sentence)."""
    if isinstance(note, Note):
        return str(note), list(note.agency_ids)
    if isinstance(note, str):
        return note, None
    agencies = note.get("agency_ids")
    return str(note.get("text", "")), None if agencies is None else [int(pk) for pk in agencies]


def notes_visible(notes: Iterable[StoredNote], scope: FigureScope) -> VisibleNotes:
    """The notes a user may read in full. A plain sentence (stored before notes were tagged)
    names agencies unknown, so only those who see every partner read it."""
    shown: list[str] = []
    hidden = 0
    for note in notes:
        text, agencies = _text_and_agencies(note)
        if scope.all_agencies or (
            agencies is not None and all(scope.allows(pk) for pk in agencies)
        ):
            shown.append(text)
        else:
            hidden += 1
    return VisibleNotes(shown=shown, hidden=hidden)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def warnings_for(notes: Iterable[StoredNote], scope: FigureScope) -> list[str]:
    """What was left out, as the user may read it: another partner's left-out services are
    counted, not named, and their figures (minimums, ring-fenced money) not given."""
    visible = notes_visible(notes, scope)
    if visible.hidden:
        count = visible.hidden
        visible.shown.append(
            f"{count} {_plural(count, 'service', 'services')} of other partners "
            f"{_plural(count, 'is', 'are')} left out as well; only those who see every "
            "partner's figures see which and why."
        )
    return visible.shown


def conflicts_for(notes: Iterable[StoredNote], scope: FigureScope) -> list[str]:
    """Why no allocation meets every constraint, as the user may read it: a reason that names
    another partner's services or money is counted, not given."""
    visible = notes_visible(notes, scope)
    if visible.hidden:
        count = visible.hidden
        visible.shown.append(
            f"{count} {_plural(count, 'reason involves', 'reasons involve')} other partners' "
            "services or money; only those who see every partner's figures see the details."
        )
    return visible.shown


def run_conflicts(run: AllocationRun) -> list[StoredNote]:
    """The run's reasons as stored: tagged in its summary, or (for a run stored before they
    were tagged) the lines of its explanation, untagged."""
    summary = run.summary or {}
    if "conflicts" in summary:
        return list(summary["conflicts"])
    return [line for line in run.explanation.splitlines() if line.strip()]


def allocation_lines_visible(run: AllocationRun, scope: FigureScope) -> QuerySet[AllocationLine]:
    lines = run.lines.select_related("service__agency", "locality").order_by(
        "service__agency__name", "service__name", "locality__name"
    )
    return scope.within(lines, "service__agency_id")


# --- Runs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRuns:
    year: FinancialYear
    runs: list[AllocationRun]


def allocation_runs_by_year() -> list[YearRuns]:
    """Every year, newest first, with its runs, newest first (two queries)."""
    runs: dict[int, list[AllocationRun]] = defaultdict(list)
    runs_held = (
        AllocationRun.objects.select_related("created_by")
        .defer("summary")
        .order_by("-created_at", "-pk")
    )
    for run in runs_held:
        run.floor_percent = run.locality_floor_share * 100  # type: ignore[attr-defined]
        runs[run.year_id].append(run)
    return [YearRuns(year=year, runs=runs[year.pk]) for year in FinancialYear.objects.all()]


def allocation_runs() -> QuerySet[AllocationRun]:
    """The runs, newest first, without their summaries (large JSON a list does not show)."""
    return allocation_runs_with_summary().defer("summary")


def allocation_runs_with_summary() -> QuerySet[AllocationRun]:
    return AllocationRun.objects.select_related("year", "created_by").order_by("-created_at", "-pk")


def alternatives_run(year: FinancialYear) -> AllocationRun | None:
    """The run whose founding alternatives the alternatives page shows: the year's proposed
    allocation, or else its latest run that meets every constraint."""
    runs = allocation_runs_with_summary().filter(year=year)
    return (
        runs.filter(proposed=True).first() or runs.filter(status=AllocationStatus.OPTIMAL).first()
    )


def proposed_allocation(year: FinancialYear) -> AllocationRun | None:
    return AllocationRun.objects.filter(year=year, proposed=True).first()


def visible_service_rows(
    rows: Iterable[Mapping[str, Any]], scope: FigureScope
) -> list[Mapping[str, Any]]:
    return [row for row in rows if scope.allows(row.get("agency_id"))]


def allocation_csv_rows(run: AllocationRun, scope: FigureScope) -> list[list[str]]:
    """The lines the user may see, one row each, with a header row: whole places (a child
    served by two services holds two), whole pounds, and the expected better outcomes (an
    expected number of child-outcomes, to two decimal places)."""
    rows = [["agency", "service", "locality", "places", "spend", "expected_better_outcomes"]]
    for line in allocation_lines_visible(run, scope):
        rows.append(
            [
                line.service.agency.name,
                line.service.name,
                line.locality.name,
                f"{line.children:.0f}",
                f"{line.spend:.0f}",
                f"{line.benefit:.2f}",
            ]
        )
    return rows
