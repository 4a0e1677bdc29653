"""What the allocation result page and the founding alternatives page show, from the summary
stored with a run: the tables by service, locality and outcome with their charts, the marginal
values in words, the budget cut and raised by 10%, and the founding alternatives; and the
API's notes, by the same rules. A user who sees only their own agency's lines sees only its
services and the notes and marginal values about it (resources/access.py gives the scope)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from childtrust.core.charts import ChartPoint, bar_chart
from childtrust.resources.access import FigureScope
from childtrust.resources.models import AllocationRun, AllocationStatus
from childtrust.resources.selectors.allocation import (
    conflicts_for,
    run_conflicts,
    visible_service_rows,
    warnings_for,
)

# --- The result page ---------------------------------------------------------------------------

# Marginal values are per pound more on a limit; on capacity and demand, per pound's worth of
# places. Pages show them per £1,000.
PLACES_KINDS = frozenset({"capacity", "demand"})
POUNDS_STEP = 1000


MARGINAL_VALUES_SHOWN = 10
CHART_WIDTH = 900  # wider than the default, so that five outcomes' names fit under their bars
CHART_LABEL_LENGTH = 16


def _nice_max(largest: float) -> float:
    """The next 1, 2, 2.5 or 5 times a power of ten at or above the value, so that the chart's
    gridlines fall on round numbers."""
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest))
    return float(
        next(
            step * power
            for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
            if step * power >= largest
        )
    )


def _chart_label(name: str) -> str:
    """Long names overlap under narrow bars: whole words up to the length, then an ellipsis
    (the table below the chart gives every name in full)."""
    if len(name) <= CHART_LABEL_LENGTH + 2:
        return name
    words, kept = name.split(), ""
    for word in words:
        if len(f"{kept} {word}".strip()) > CHART_LABEL_LENGTH:
            break
        kept = f"{kept} {word}".strip()
    return f"{kept or name[:CHART_LABEL_LENGTH]}…"


def _count(value: float) -> str:
    """Children as a page shows them: whole numbers from 10, one decimal place below."""
    if abs(value) >= 10:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _small(value: float) -> str:
    """Children in a marginal value: two figures below 0.1, one decimal place below 10."""
    if value and abs(value) < 0.1:
        return f"{value:.2g}"
    if abs(value) >= 10:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def marginal_value_sentence(kind: str, constraint: str, benefit_per_pound: float) -> str:
    """ "£1,000 more on the budget would help 1.9 more children to a better outcome." """
    step = POUNDS_STEP * benefit_per_pound
    if kind in PLACES_KINDS:
        more = f"Raising {constraint} by £{POUNDS_STEP:,}'s worth of places"
    else:
        more = f"£{POUNDS_STEP:,} more on {constraint}"
    if step >= 0:
        return f"{more} would help bring {_small(step)} more better outcomes for children."
    return f"{more} would mean {_small(-step)} fewer better outcomes for children."


@dataclass(frozen=True)
class ServiceRow:
    name: str
    current_budget: float
    proposed: float
    change: float
    current_children: float
    proposed_children: float
    blocks: float | None
    statutory: bool = False  # funded at its statutory level, not optimised: never a saving

    @property
    def change_size(self) -> float:
        return abs(self.change)


@dataclass(frozen=True)
class AreaRow:
    name: str
    current_children: float
    proposed_children: float
    current_benefit: float
    proposed_benefit: float
    spend: float | None = None


@dataclass(frozen=True)
class SensitivityRow:
    label: str
    status: str
    budget: float
    children_reached: float | None
    total_benefit: float | None
    children_change: float | None
    benefit_change: float | None
    conflicts: list[str]


@dataclass(frozen=True)
class AlternativeRow:
    label: str
    independent: float | None
    one_trust: float | None
    places: str = "1g"  # floatformat's argument: children reached are shown whole ("0g")


@dataclass(frozen=True)
class AlternativesView:
    independent_status: str
    one_trust_status: str
    totals: list[AlternativeRow]
    by_locality: list[tuple[str, AlternativeRow, AlternativeRow]]  # locality, children, benefit
    sentence: str
    independent_conflicts: list[str]
    one_trust_conflicts: list[str]


@dataclass(frozen=True)
class AllocationResultPage:
    run: AllocationRun
    scope: FigureScope
    warnings: list[str]
    conflicts: list[str]
    current_children: float | None
    current_benefit: float | None
    services: list[ServiceRow]
    services_hidden: int
    localities: list[AreaRow]
    outcomes: list[AreaRow]
    locality_chart: str
    locality_sentence: str
    outcome_chart: str
    outcome_sentence: str
    marginal_values: list[str]
    marginal_values_more: list[str]
    sensitivity: list[SensitivityRow]
    alternatives: AlternativesView | None
    reach: Mapping[str, Any]  # places, children reached at most and at least (whole numbers)
    current_reach: Mapping[str, Any]
    reach_sentence: str
    rounding_sentence: str
    unallocated: float
    change_from_current: float  # pounds: the second objective's value


def _area_rows(
    names: Iterable[Mapping[str, Any]],
    current: Mapping[str, Mapping[str, float]],
    proposed: Mapping[str, Mapping[str, float]],
) -> list[AreaRow]:
    rows = []
    for item in names:
        now = current.get(str(item["id"]), {})
        then = proposed.get(str(item["id"]), {})
        rows.append(
            AreaRow(
                name=item["name"],
                current_children=now.get("children", 0.0),
                proposed_children=then.get("children", 0.0),
                current_benefit=now.get("benefit", 0.0),
                proposed_benefit=then.get("benefit", 0.0),
                spend=then.get("spend"),
            )
        )
    return rows


def _area_chart(
    rows: Sequence[AreaRow], value: Callable[[AreaRow], float], *, chart_id: str, title: str
) -> tuple[str, AreaRow]:
    """A bar chart of one figure for each locality or outcome, and the row with the most."""
    chart = bar_chart(
        [ChartPoint(_chart_label(row.name), value(row)) for row in rows],
        chart_id=chart_id,
        title=title,
        description=", ".join(f"{row.name} {_count(value(row))}" for row in rows),
        y_max=_nice_max(max(value(row) for row in rows)),
        width=CHART_WIDTH,
    )
    return chart, max(rows, key=value)


def _change_words(new: float, old: float, unit: str) -> str:
    if new > old:
        return f"{_count(new - old)} more {unit} than now"
    if new < old:
        return f"{_count(old - new)} fewer {unit} than now"
    return f"as many {unit} as now"


def alternatives_sentence(
    independent_benefit: float | None,
    one_trust_benefit: float | None,
    independent_children: float | None,
    one_trust_children: float | None,
) -> str:
    """Which founding alternative does more good, and by how much (the utilitarian rule: the
    option that benefits the most people is the right one)."""
    if independent_benefit is None or one_trust_benefit is None:
        missing = "One trust" if one_trust_benefit is None else "Independent agencies"
        return f"{missing} cannot meet every constraint on this data, so they cannot be compared."
    difference = one_trust_benefit - independent_benefit
    reach = ""
    if independent_children is not None and one_trust_children is not None:
        gap = one_trust_children - independent_children
        if abs(gap) >= 0.05:
            word = "more" if gap > 0 else "fewer"
            reach = f", and reaches at most {_count(abs(gap))} {word} children"
    if abs(difference) < 0.05:
        return (
            "One trust and independent agencies bring as many better outcomes for children "
            f"({_count(one_trust_benefit)}){reach}."
        )
    better, worse = (
        ("One trust", "independent agencies")
        if difference > 0
        else ("Independent agencies", "one trust")
    )
    share = (
        f" ({abs(difference) / min(one_trust_benefit, independent_benefit) * 100:.0f}% more)"
        if min(one_trust_benefit, independent_benefit) > 0
        else ""
    )
    # Better outcomes are an expected number: whole ones, or less than one, as the page says.
    more = round(abs(difference))
    gain = (
        "less than one more better outcome"
        if more < 1
        else f"{more:,} more better outcome{'' if more == 1 else 's'}"
    )
    return (
        f"{better} does more good: it is expected to bring {gain} for children than "
        f"{worse}{share}, {max(one_trust_benefit, independent_benefit):,.0f} against "
        f"{min(one_trust_benefit, independent_benefit):,.0f}{reach}."
    )


def alternatives_view(
    alternatives: Mapping[str, Any], localities: Iterable[Mapping[str, Any]], scope: FigureScope
) -> AlternativesView:
    """The founding alternatives as stored with a run; reasons naming another partner's
    services or money are counted, not given, for a user who sees only their own agency's."""
    independent = alternatives.get("independent", {})
    trust = alternatives.get("one_trust", {})
    by_locality = []
    for item in localities:
        key = str(item["id"])
        mine = independent.get("by_locality", {}).get(key, {})
        ours = trust.get("by_locality", {}).get(key, {})
        by_locality.append(
            (
                item["name"],
                AlternativeRow("Places funded", mine.get("children"), ours.get("children"), "0g"),
                AlternativeRow(
                    "Better outcomes expected", mine.get("benefit"), ours.get("benefit"), "0g"
                ),
            )
        )
    return AlternativesView(
        independent_status=independent.get("status", ""),
        one_trust_status=trust.get("status", ""),
        totals=[
            AlternativeRow(
                "Children reached, at most",
                independent.get("children_reached"),
                trust.get("children_reached"),
                "0g",
            ),
            AlternativeRow(
                "Better outcomes expected (child-outcomes)",
                independent.get("total_benefit"),
                trust.get("total_benefit"),
                "0g",
            ),
        ],
        by_locality=by_locality,
        sentence=alternatives_sentence(
            independent.get("total_benefit"),
            trust.get("total_benefit"),
            independent.get("children_reached"),
            trust.get("children_reached"),
        ),
        independent_conflicts=conflicts_for(independent.get("conflicts", []), scope),
        one_trust_conflicts=conflicts_for(trust.get("conflicts", []), scope),
    )


def _sensitivity_label(scale: float) -> str:
    percent = round(abs(scale - 1) * 100)
    if scale < 1:
        return f"Budget cut by {percent}%"
    if scale > 1:
        return f"Budget raised by {percent}%"
    return "This allocation"


def allocation_result_page(run: AllocationRun, scope: FigureScope) -> AllocationResultPage:
    """Everything the result page shows, from the run's stored summary. A user who sees only
    their own agency's lines sees only its services in the table by service, only the
    marginal values of its own services and money, and only the warnings and reasons that name
    no other agency (the others are counted, without names or figures); the totals,
    localities, outcomes, the 10% table and the founding alternatives are the whole
    partnership's and shown to all."""
    summary: Mapping[str, Any] = run.summary or {}
    current = summary.get("current", {})
    proposed = summary.get("proposed", {})
    all_services = summary.get("services", [])
    visible = visible_service_rows(all_services, scope)
    services = [
        ServiceRow(
            name=row["name"],
            current_budget=row["current_budget"],
            proposed=row["proposed_spend"],
            change=row["proposed_spend"] - row["current_budget"],
            current_children=row["current_children"],
            proposed_children=row["proposed_children"],
            blocks=row.get("blocks"),
            statutory=bool(row.get("statutory")),
        )
        for row in visible
    ]
    localities = _area_rows(
        summary.get("localities", []),
        current.get("by_locality", {}),
        proposed.get("by_locality", {}),
    )
    outcomes = _area_rows(
        summary.get("outcomes", []), current.get("by_outcome", {}), proposed.get("by_outcome", {})
    )
    locality_chart = outcome_chart = locality_sentence = outcome_sentence = ""
    optimal = run.status == AllocationStatus.OPTIMAL
    if optimal and localities:
        locality_chart, top = _area_chart(
            localities,
            lambda r: r.proposed_children,
            chart_id=f"run-{run.pk}-localities",
            title="Children reached by locality under this allocation",
        )
        locality_sentence = (
            f"The chart shows the children each locality's services would reach under this "
            f"allocation. {top.name} would have the most: {_count(top.proposed_children)} "
            f"children, {_change_words(top.proposed_children, top.current_children, 'children')}."
        )
    if optimal and outcomes:
        outcome_chart, top = _area_chart(
            outcomes,
            lambda r: r.proposed_benefit,
            chart_id=f"run-{run.pk}-outcomes",
            title="Children helped to a better outcome, by outcome, under this allocation",
        )
        outcome_sentence = (
            "The chart shows how many more children would reach a good result on each outcome "
            f"under this allocation. The most gain is on “{top.name}”: "
            f"{_count(top.proposed_benefit)} children, "
            f"{_change_words(top.proposed_benefit, top.current_benefit, 'children')}."
        )
    # The optimiser lists the limits worth most first; the page shows the first few.
    marginal_all = [
        marginal_value_sentence(m["kind"], m["constraint"], m["benefit_per_pound"])
        for m in summary.get("marginal_values", [])
        if m.get("agency_id") is None or scope.allows(m["agency_id"])
    ]
    marginal, marginal_more = (
        marginal_all[:MARGINAL_VALUES_SHOWN],
        marginal_all[MARGINAL_VALUES_SHOWN:],
    )
    sensitivity = []
    if optimal:
        sensitivity.append(
            SensitivityRow(
                label="This allocation",
                status=run.status,
                budget=float(run.budget or 0),
                children_reached=run.children_reached,
                total_benefit=run.total_benefit,
                children_change=None,
                benefit_change=None,
                conflicts=[],
            )
        )
    for row in summary.get("sensitivity", []):
        sensitivity.append(
            SensitivityRow(
                label=_sensitivity_label(row["scale"]),
                status=row["status"],
                budget=row["budget"],
                children_reached=row.get("children_reached"),
                total_benefit=row.get("total_benefit"),
                children_change=row.get("children_change"),
                benefit_change=row.get("benefit_change"),
                conflicts=conflicts_for(row.get("conflicts", []), scope),
            )
        )
    sensitivity.sort(key=lambda r: r.budget)
    alternatives = summary.get("alternatives")
    reach = proposed.get("reach", {})
    return AllocationResultPage(
        run=run,
        scope=scope,
        warnings=warnings_for(summary.get("warnings", []), scope),
        conflicts=conflicts_for(run_conflicts(run), scope),
        current_children=current.get("children_reached"),
        current_benefit=current.get("total_benefit"),
        services=services,
        services_hidden=len(all_services) - len(visible),
        localities=localities,
        outcomes=outcomes,
        locality_chart=locality_chart,
        locality_sentence=locality_sentence,
        outcome_chart=outcome_chart,
        outcome_sentence=outcome_sentence,
        marginal_values=marginal,
        marginal_values_more=marginal_more,
        sensitivity=sensitivity,
        alternatives=(
            alternatives_view(alternatives, summary.get("localities", []), scope)
            if alternatives
            else None
        ),
        reach=reach,
        current_reach=current.get("reach", {}),
        reach_sentence=reach_sentence(reach, summary.get("localities", [])),
        rounding_sentence=rounding_sentence(
            proposed.get("benefit_before_rounding"), run.total_benefit, proposed
        ),
        unallocated=float(proposed.get("unallocated", 0.0)),
        change_from_current=float(proposed.get("change_from_current", 0.0)),
    )


def reach_sentence(reach: Mapping[str, Any], localities: Iterable[Mapping[str, Any]]) -> str:
    """What "children reached" means on this run, with the figures: places can pass the
    children there are (a child may use several services); children cannot."""
    if not reach:
        return ""
    populations = [item.get("child_population") for item in localities]
    known = [p for p in populations if p]
    population = (
        f" The localities' child population (aged 0 to 17, from the outcomes data) is "
        f"{sum(known):,.0f}{'' if len(known) == len(populations) else ' where it is held'}."
        if known
        else " No child population is held for the localities, so only places cap it."
    )
    return (
        f"{reach['places']:,} places are funded. A child may use several services, so the "
        f"children reached are at most the places in each locality and at most its child "
        f"population: at most {reach['at_most']:,}, and at least {reach['at_least']:,} (the "
        f"places of the largest service in each locality).{population}"
    )


def rounding_sentence(
    before: float | None, after: float | None, proposed: Mapping[str, Any]
) -> str:
    """The whole-place rounding's effect on the expected benefit, and any shortfall it left."""
    if before is None or after is None:
        return ""
    change = after - before
    if abs(change) < 0.05:  # the figures would read the same to one decimal place
        words = "leaves the better outcomes expected as they were"
    elif abs(change) < 0.5:
        words = (
            f"changes the better outcomes expected by less than one "
            f"(from {before:,.1f} to {after:,.1f})"
        )
    else:
        words = (
            f"lowers the better outcomes expected by {abs(change):,.0f} "
            f"(from {before:,.1f} to {after:,.1f})"
        )
    note = proposed.get("rounding_note") or ""
    return (
        f"Places are funded whole: rounding the optimiser's answer to whole places {words}."
        f"{(' ' + note) if note else ''}"
    ).strip()


def allocation_api_notes(run: AllocationRun, scope: FigureScope) -> dict[str, Any]:
    """The API's explanation, warnings, 10% table and founding alternatives, by the same rule
    as the result page: what names another partner's services or money is counted, not given."""
    summary: Mapping[str, Any] = run.summary or {}
    alternatives = summary.get("alternatives") or None
    return {
        "explanation": conflicts_for(run_conflicts(run), scope),
        "warnings": warnings_for(summary.get("warnings", []), scope),
        "sensitivity": [
            {**row, "conflicts": conflicts_for(row.get("conflicts", []), scope)}
            for row in summary.get("sensitivity", [])
        ],
        "alternatives": (
            {
                "independent_agencies": _alternative_for_api(alternatives["independent"], scope),
                "one_trust": _alternative_for_api(alternatives["one_trust"], scope),
                "sentence": alternatives_view(alternatives, [], scope).sentence,
            }
            if alternatives
            else None
        ),
    }


def _alternative_for_api(figures: Mapping[str, Any], scope: FigureScope) -> dict[str, Any]:
    return {**figures, "conflicts": conflicts_for(figures.get("conflicts", []), scope)}
