"""Reads for the allocation part: the optimiser's problem built from the database, who may see
which lines, the runs of each year, and the figures the result and alternatives pages show.

The problem is read in a fixed handful of queries whatever the number of services (costings,
budget lines, demand, benefits, contributions, localities), then assembled in Python."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from childtrust.core import money
from childtrust.core.charts import ChartPoint, bar_chart
from childtrust.partnership.models import Locality, Outcome, ServiceStatus
from childtrust.resources.models import (
    AllocationLine,
    AllocationRun,
    AllocationStatus,
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
)
from childtrust.resources.optimiser import AllocationProblem, Key, PartnerFunds, ServiceOption
from childtrust.resources.selectors.agency import resources_agency_id_for, sees_every_partner

# --- Money in words --------------------------------------------------------------------------


def pounds(value: float | Decimal | None) -> str:
    """£1,234,567: whole pounds, as every page shows money (core.money)."""
    return money.pounds(value)


# --- Notes tagged with the agencies they name ----------------------------------------------------


class Note(str):
    """A sentence for a page (a warning, or a reason no allocation meets every constraint),
    tagged with the agencies whose services or money it names. A partner who sees only their
    own agency's lines sees a note only when every agency it names is their own; notes that
    name no agency (the budget, a locality's floor) are the whole partnership's."""

    agency_ids: tuple[int, ...]

    def __new__(cls, text: str, agency_ids: Iterable[Any] = ()) -> Note:
        note = super().__new__(cls, text)
        note.agency_ids = tuple(sorted({int(pk) for pk in agency_ids}))
        return note

    def as_json(self) -> dict[str, Any]:
        return {"text": str(self), "agency_ids": list(self.agency_ids)}


def notes_as_json(notes: Iterable[str]) -> list[dict[str, Any]]:
    return [note.as_json() if isinstance(note, Note) else Note(note).as_json() for note in notes]


# --- Building the problem ----------------------------------------------------------------------


def _agency_label(name: str, short_name: str) -> str:
    return short_name or name


def allocation_problem_for_year(
    year: FinancialYear,
    *,
    locality_floor_share: float,
    whole_blocks: bool,
    budget_scale: float = 1.0,
) -> tuple[AllocationProblem, list[Note]]:
    """The year's allocation problem, and in words what was left out of it and why (each
    warning tagged with the agency whose service it names).

    A service takes part when it has a costing, demand in at least one locality and an expected
    benefit on at least one outcome, and is active (or only temporarily closed). Its statutory
    minimum comes from the year's budget line; money ring-fenced to it from the contributions.
    Each partner's pooled and aligned contributions make up the budget. A locality where no
    service taking part has demand is left out of the locality floor: no money could reach it."""
    warnings: list[Note] = []
    costings = {c.service_id: c for c in ServiceCosting.objects.select_related("service__agency")}
    budget_lines = {
        b.service_id: b
        for b in BudgetLine.objects.filter(year=year).select_related("service__agency")
    }
    demand = _positive_figures(
        LocalityDemand.objects.values_list("service_id", "locality_id", "children")
    )
    benefits = _positive_figures(
        ServiceBenefit.objects.values_list("service_id", "outcome_id", "benefit_per_child")
    )
    funds = _contributions(year)
    ring_fenced, ring_fenced_names = funds.ring_fenced, funds.ring_fenced_names
    pooled, aligned, partner_names = funds.pooled, funds.aligned, funds.partner_names
    localities = list(Locality.objects.order_by("name").values_list("pk", "name"))

    services: list[ServiceOption] = []
    candidates = sorted(
        set(costings) | set(budget_lines) | set(ring_fenced),
        key=lambda pk: _service_name(pk, costings, budget_lines, ring_fenced_names).lower(),
    )
    for service_id in candidates:
        name = _service_name(service_id, costings, budget_lines, ring_fenced_names)
        line = budget_lines.get(service_id)
        minimum = float(line.statutory_minimum) if line is not None else 0.0
        reason = _left_out_because(
            costings.get(service_id), demand.get(service_id), benefits.get(service_id)
        )
        if reason:
            kept_outside = _keep_outside(funds, service_id, line)
            warnings.append(
                Note(
                    _left_out_warning(name, reason, minimum, kept_outside),
                    [_service_agency(service_id, costings, budget_lines, funds)],
                )
            )
            continue
        costing = costings[service_id]
        agency = costing.service.agency
        services.append(
            ServiceOption(
                key=service_id,
                name=f"{name} ({_agency_label(agency.name, agency.short_name)})",
                partner=agency.pk,
                cost_per_child=float(costing.cost_per_child),
                capacity=float(costing.capacity),
                benefit_per_child=sum(benefits[service_id].values()),
                demand=dict(demand[service_id]),
                statutory_minimum=minimum,
                ring_fenced=ring_fenced.get(service_id, 0.0),
                ring_fenced_from={
                    giver: amount
                    for giver, amount in funds.ring_fenced_from.get(service_id, {}).items()
                },
                block_cost=float(costing.block_cost) if costing.block_cost is not None else None,
                block_children=(
                    float(costing.block_children) if costing.block_children is not None else None
                ),
                benefit_by_outcome=dict(benefits[service_id]),
            )
        )
        partner_names.setdefault(agency.pk, _agency_label(agency.name, agency.short_name))

    with_demand = {locality for s in services for locality in s.demand}
    kept: list[tuple[int, str]] = []
    for locality_id, locality_name in localities:
        if locality_id in with_demand:
            kept.append((locality_id, locality_name))
        elif services:
            warnings.append(
                Note(
                    f"No service in the allocation has demand recorded in {locality_name}, so it "
                    "is left out of the locality floor."
                )
            )
    partners = [
        PartnerFunds(
            key=agency_id,
            name=partner_names[agency_id],
            pooled=pooled.get(agency_id, 0.0),
            aligned=aligned.get(agency_id, 0.0),
        )
        for agency_id in sorted(partner_names, key=lambda pk: partner_names[pk].lower())
    ]
    if not pooled and not aligned:
        warnings.append(Note(f"No contributions are recorded for {year}: the budget is £0."))
    problem = AllocationProblem(
        services=services,
        partners=partners,
        localities=[locality_id for locality_id, _ in kept],
        locality_names=dict(kept),
        locality_floor_share=locality_floor_share,
        whole_blocks=whole_blocks,
        budget_scale=budget_scale,
    )
    return problem, warnings


def _positive_figures(rows: Iterable[tuple[int, int, Any]]) -> dict[int, dict[Key, float]]:
    """service -> (locality or outcome) -> figure, leaving out noughts."""
    figures: dict[int, dict[Key, float]] = defaultdict(dict)
    for service_id, other_id, value in rows:
        if value > 0:
            figures[service_id][other_id] = float(value)
    return figures


def _left_out_warning(name: str, reason: str, minimum: float, kept: float) -> str:
    warning = f"{name} is left out of the allocation: {reason}."
    if minimum > 0:
        warning += f" The allocation cannot give it its statutory minimum of {pounds(minimum)}."
    if kept > 0:
        warning += (
            f" Its {pounds(kept)} (its budget line, or the money ring-fenced to it if more) stays "
            "with it, outside the allocation's budget."
        )
    return warning


def _take(source: dict[int, float], agency_id: int, amount: float) -> float:
    """Takes up to `amount` from the agency's money in `source`; what is left to take."""
    taken = min(amount, max(source.get(agency_id, 0.0), 0.0))
    source[agency_id] = source.get(agency_id, 0.0) - taken
    return amount - taken


def _keep_outside(funds: _Funds, service_id: int, line: BudgetLine | None) -> float:
    """A service left out of the allocation keeps its budget line (and any money ring-fenced to
    it, which may be spent on nothing else): the optimiser cannot weigh what it does, so its
    money is not the optimiser's to move elsewhere. The money ring-fenced to it leaves its
    givers' pooled money (then aligned); the rest of the line leaves its own agency's aligned
    money (then pooled). Returns the pounds kept outside."""
    fenced = funds.ring_fenced_from.get(service_id, {})
    for giver, amount in fenced.items():
        _take(funds.aligned, giver, _take(funds.pooled, giver, amount))
    rest = float(line.budget) - sum(fenced.values()) if line is not None else 0.0
    if rest > 0 and line is not None:
        agency_id = line.service.agency_id
        _take(funds.pooled, agency_id, _take(funds.aligned, agency_id, rest))
    return sum(fenced.values()) + max(rest, 0.0)


@dataclass
class _Funds:
    pooled: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    aligned: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    ring_fenced: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    ring_fenced_names: dict[int, str] = field(default_factory=dict)
    # service -> the agency giving money ring-fenced to it -> pounds
    ring_fenced_from: dict[int, dict[int, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    partner_names: dict[int, str] = field(default_factory=dict)
    ring_fenced_agency: dict[int, int] = field(default_factory=dict)  # service -> its agency


def _contributions(year: FinancialYear) -> _Funds:
    """Each partner's pooled and aligned money for the year, and the money ring-fenced to each
    service (which also counts in its partner's pooled or aligned total)."""
    funds = _Funds()
    for contribution in Contribution.objects.filter(year=year).select_related(
        "agency", "ring_fenced_service"
    ):
        agency = contribution.agency
        funds.partner_names[agency.pk] = _agency_label(agency.name, agency.short_name)
        amount = float(contribution.amount)
        if contribution.kind == ContributionKind.ALIGNED:
            funds.aligned[agency.pk] += amount
        else:
            funds.pooled[agency.pk] += amount
        service = contribution.ring_fenced_service
        if service is not None:
            funds.ring_fenced[service.pk] += amount
            funds.ring_fenced_from[service.pk][agency.pk] += amount
            funds.ring_fenced_names[service.pk] = service.name
            funds.ring_fenced_agency[service.pk] = service.agency_id
    return funds


def _service_name(
    service_id: int,
    costings: Mapping[int, ServiceCosting],
    budget_lines: Mapping[int, BudgetLine],
    ring_fenced_names: Mapping[int, str],
) -> str:
    if service_id in costings:
        return costings[service_id].service.name
    if service_id in budget_lines:
        return budget_lines[service_id].service.name
    return ring_fenced_names.get(service_id, f"Service {service_id}")


def _service_agency(
    service_id: int,
    costings: Mapping[int, ServiceCosting],
    budget_lines: Mapping[int, BudgetLine],
    funds: _Funds,
) -> int:
    if service_id in costings:
        return costings[service_id].service.agency_id
    if service_id in budget_lines:
        return budget_lines[service_id].service.agency_id
    return funds.ring_fenced_agency[service_id]


def _left_out_because(
    costing: ServiceCosting | None,
    demand: Mapping[Key, float] | None,
    benefits: Mapping[Key, float] | None,
) -> str:
    if costing is None:
        return "it has no costing (cost per child and capacity)"
    if costing.service.status not in (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED):
        return f"it is {costing.service.get_status_display().lower()}"
    missing = []
    if not demand:
        missing.append("no demand recorded in any locality")
    if not benefits:
        missing.append("no expected benefit recorded on any outcome")
    return "it has " + " and ".join(missing) if missing else ""


def current_budgets(year: FinancialYear) -> dict[int, float]:
    """Each service's budget for the year as it stands (its budget line), in pounds."""
    return {
        service_id: float(budget)
        for service_id, budget in BudgetLine.objects.filter(year=year).values_list(
            "service_id", "budget"
        )
    }


def outcome_names() -> dict[int, str]:
    return dict(Outcome.objects.order_by("position", "name").values_list("pk", "name"))


# --- Who sees which lines ------------------------------------------------------------------------


@dataclass(frozen=True)
class LineScope:
    """Which agencies' lines a user may see: every agency's (VIEW_ALL_RESOURCES), or only those
    of the agency they work for. Someone with no staff record sees no lines."""

    all_agencies: bool
    agency_id: int | None = None

    def allows(self, agency_id: int | None) -> bool:
        return self.all_agencies or (self.agency_id is not None and agency_id == self.agency_id)


def line_scope_for(user: Any) -> LineScope:
    """The same rule as the budget and costings pages (selectors/agency.py): every agency for
    those who see every partner, else the agency of the user's active staff record."""
    if sees_every_partner(user):
        return LineScope(all_agencies=True)
    return LineScope(all_agencies=False, agency_id=resources_agency_id_for(user))


@dataclass(frozen=True)
class VisibleNotes:
    shown: list[str]
    hidden: int  # notes naming another partner's services or money, not shown


def notes_visible(notes: Iterable[Any], scope: LineScope) -> VisibleNotes:
    """The notes a user may read in full. A stored note is {"text", "agency_ids"}; a plain
    string (stored before notes were tagged) names agencies unknown, so only those who see
    every partner read it."""
    shown: list[str] = []
    hidden = 0
    for note in notes:
        if isinstance(note, Mapping):
            text, agencies = str(note.get("text", "")), note.get("agency_ids")
        else:
            text, agencies = str(note), getattr(note, "agency_ids", None)
        if scope.all_agencies or (
            agencies is not None and all(scope.allows(int(pk)) for pk in agencies)
        ):
            shown.append(text)
        else:
            hidden += 1
    return VisibleNotes(shown=shown, hidden=hidden)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def warnings_for(notes: Iterable[Any], scope: LineScope) -> list[str]:
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


def conflicts_for(notes: Iterable[Any], scope: LineScope) -> list[str]:
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


def run_conflicts(run: AllocationRun) -> list[Any]:
    """The run's reasons as stored: tagged in its summary, or (for a run stored before they
    were tagged) the lines of its explanation, untagged."""
    summary = run.summary or {}
    if "conflicts" in summary:
        return list(summary["conflicts"])
    return [line for line in run.explanation.splitlines() if line.strip()]


def allocation_lines_visible(run: AllocationRun, scope: LineScope) -> QuerySet[AllocationLine]:
    lines = run.lines.select_related("service__agency", "locality").order_by(
        "service__agency__name", "service__name", "locality__name"
    )
    if scope.all_agencies:
        return lines
    if scope.agency_id is None:
        return lines.none()
    return lines.filter(service__agency_id=scope.agency_id)


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
    rows: Iterable[Mapping[str, Any]], scope: LineScope
) -> list[Mapping[str, Any]]:
    return [row for row in rows if scope.allows(row.get("agency_id"))]


# --- The result page ---------------------------------------------------------------------------

# Marginal values are per pound more on a limit; on capacity and demand, per pound's worth of
# places. Pages show them per £1,000.
SERVICE_KINDS = frozenset({"statutory_minimum", "ring_fenced", "capacity", "demand"})
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
    scope: LineScope
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
            reach = f", and fills {_count(abs(gap))} {word} places"
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
    return (
        f"{better} does more good: it brings {abs(difference):,.1f} more better outcomes for "
        f"children than {worse}{share}, {max(one_trust_benefit, independent_benefit):,.1f} "
        f"against {min(one_trust_benefit, independent_benefit):,.1f}{reach}."
    )


def alternatives_view(
    alternatives: Mapping[str, Any], localities: Iterable[Mapping[str, Any]], scope: LineScope
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
                AlternativeRow(
                    "Children reached", mine.get("children"), ours.get("children"), "0g"
                ),
                AlternativeRow("Better outcomes", mine.get("benefit"), ours.get("benefit")),
            )
        )
    return AlternativesView(
        independent_status=independent.get("status", ""),
        one_trust_status=trust.get("status", ""),
        totals=[
            AlternativeRow(
                "Children reached",
                independent.get("children_reached"),
                trust.get("children_reached"),
                "0g",
            ),
            AlternativeRow(
                "Better outcomes expected (child-outcomes)",
                independent.get("total_benefit"),
                trust.get("total_benefit"),
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


def allocation_result_page(run: AllocationRun, scope: LineScope) -> AllocationResultPage:
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
        locality_chart = bar_chart(
            [ChartPoint(_chart_label(r.name), r.proposed_children) for r in localities],
            chart_id=f"run-{run.pk}-localities",
            title="Children reached by locality under this allocation",
            description=", ".join(f"{r.name} {_count(r.proposed_children)}" for r in localities),
            y_max=_nice_max(max(r.proposed_children for r in localities)),
            width=CHART_WIDTH,
        )
        top = max(localities, key=lambda r: r.proposed_children)
        locality_sentence = (
            f"The chart shows the children each locality's services would reach under this "
            f"allocation. {top.name} would have the most: {_count(top.proposed_children)} "
            f"children, {_change_words(top.proposed_children, top.current_children, 'children')}."
        )
    if optimal and outcomes:
        outcome_chart = bar_chart(
            [ChartPoint(_chart_label(r.name), r.proposed_benefit) for r in outcomes],
            chart_id=f"run-{run.pk}-outcomes",
            title="Children helped to a better outcome, by outcome, under this allocation",
            description=", ".join(f"{r.name} {_count(r.proposed_benefit)}" for r in outcomes),
            y_max=_nice_max(max(r.proposed_benefit for r in outcomes)),
            width=CHART_WIDTH,
        )
        top = max(outcomes, key=lambda r: r.proposed_benefit)
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
    )


def allocation_api_notes(run: AllocationRun, scope: LineScope) -> dict[str, Any]:
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


def _alternative_for_api(figures: Mapping[str, Any], scope: LineScope) -> dict[str, Any]:
    return {**figures, "conflicts": conflicts_for(figures.get("conflicts", []), scope)}


def allocation_csv_rows(run: AllocationRun, scope: LineScope) -> list[list[str]]:
    """The lines the user may see, one row each, with a header row."""
    rows = [["agency", "service", "locality", "children", "spend", "benefit"]]
    for line in allocation_lines_visible(run, scope):
        rows.append(
            [
                line.service.agency.name,
                line.service.name,
                line.locality.name,
                f"{line.children:.2f}",
                f"{line.spend:.2f}",
                f"{line.benefit:.4f}",
            ]
        )
    return rows
