"""What the national comparison pages show: for each workforce measure, the partnership's local
authority beside its region, England and the comparator authorities, as published in the
national statistics, with childtrust's own figure for the partnership's social workers
(workforce.selectors.measures) beside the published one; each figure as the page words it (a
symbol in words, never a zero), a flagged figure marked with the one its counts give, and a
sentence saying what the figures show. This module builds the index (every measure in the
latest year); `statistics_measure` builds one measure's page over the years with its chart.

A measure with no published rate (the share of agency workers covering vacancies) is worked
out from the published counts, and says so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from childtrust.workforce.definitions import DEFINITIONS, MeasureDefinition, WorkforceMeasure, rate
from childtrust.workforce.models import StatisticSymbol, WorkforceStatistic
from childtrust.workforce.selectors import statistics as held
from childtrust.workforce.selectors.measures import census_years_held, social_work_figures

#: Each symbol as a table cell or a sentence says it.
SYMBOL_WORDS = {
    StatisticSymbol.SUPPRESSED: "suppressed",
    StatisticSymbol.LOW_RELIABILITY: "low reliability",
    StatisticSymbol.UNAVAILABLE: "not available",
    StatisticSymbol.NOT_APPLICABLE: "not applicable",
    StatisticSymbol.ROUNDS_TO_ZERO: "rounds to zero",
}
NO_FIGURE = "no figure"
NOT_SET = (
    "The partnership's local authority is not set, so its published figures cannot be shown. "
    "It is the local authority the outcomes pages use: load the outcome indicators' areas, "
    "with the partnership's localities in their local authority."
)


def measure_label(measure: WorkforceMeasure) -> str:
    """The measure's name as a sentence uses it: "turnover rate"."""
    label = str(measure.label)
    return label[0].lower() + label[1:]


def with_unit(value: float, definition: MeasureDefinition, *, long: bool = False) -> str:
    """16.2% for a rate; 16.2 for a caseload in a table, 16.2 cases per FTE in a sentence."""
    if definition.unit == "%":
        return f"{value:.1f}%"
    return f"{value:.1f} {definition.unit}" if long else f"{value:.1f}"


@dataclass(frozen=True)
class Shown:
    """One figure as a page shows it: `text` is the figure with its unit, a symbol in words or
    "no figure"; `note` says it is flagged or worked out from the counts."""

    value: float | None
    text: str
    note: str = ""
    flagged: bool = False


def _missing() -> Shown:
    return Shown(None, NO_FIGURE)


def shown_statistic(
    definition: MeasureDefinition,
    figures: dict[tuple[str, str, int], WorkforceStatistic],
    code: str,
    year: int,
) -> Shown:
    """An area's published figure for a measure and year (or the one its published counts give,
    for the measure with no published rate)."""
    if not definition.column:
        return _worked_out(definition, figures, code, year)
    statistic = figures.get((code, definition.column, year))
    if statistic is None:
        return _missing()
    if statistic.value is None:
        return Shown(None, SYMBOL_WORDS.get(StatisticSymbol(statistic.symbol), NO_FIGURE))
    text = with_unit(statistic.value, definition)
    if statistic.differs and statistic.recomputed is not None:
        note = f"Flagged: its published counts give {with_unit(statistic.recomputed, definition)}"
        return Shown(statistic.value, text, note, flagged=True)
    return Shown(statistic.value, text)


def _worked_out(
    definition: MeasureDefinition,
    figures: dict[tuple[str, str, int], WorkforceStatistic],
    code: str,
    year: int,
) -> Shown:
    counts = [figures.get((code, c, year)) for c in (definition.numerator, *definition.denominator)]
    if any(count is None for count in counts):
        return _missing()
    symbols = [count.symbol for count in counts if count is not None and count.value is None]
    if symbols:
        return Shown(None, SYMBOL_WORDS.get(StatisticSymbol(symbols[0]), NO_FIGURE))
    top, *bottom = (count.value or 0.0 for count in counts if count is not None)
    value = rate(top, sum(bottom), per=definition.per)
    if value is None:
        return Shown(None, "not calculated", "No agency workers to share out")
    # Said once on the page, not in every cell: the measure has no published rate.
    return Shown(value, with_unit(value, definition))


def _own(value: float | None, definition: MeasureDefinition) -> Shown:
    if value is None:
        return _missing()
    return Shown(value, with_unit(value, definition))


def _average(values: Sequence[Shown], definition: MeasureDefinition) -> Shown:
    numbers = [v.value for v in values if v.value is not None]
    if not numbers:
        return _missing()
    mean = sum(numbers) / len(numbers)
    if len(numbers) == len(values):
        return Shown(mean, with_unit(mean, definition))
    return Shown(
        mean,
        with_unit(mean, definition),
        f"The average of the {len(numbers)} of {len(values)} with a figure",
    )


def _compared(value: float, other: float) -> str:
    mine, theirs = round(value, 1), round(other, 1)
    if mine > theirs:
        return "above"
    if mine < theirs:
        return "below"
    return "the same as"


# --- Who is shown ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Areas:
    """The areas a comparison shows, by code, with their names."""

    authority: held.PartnershipAuthority | None
    authority_name: str
    england: held.AreaRef | None
    region: held.AreaRef | None
    comparators: list[held.AreaRef]

    @property
    def codes(self) -> list[str]:
        codes = [a.code for a in (self.england, self.region) if a is not None]
        if self.authority is not None:
            codes.append(self.authority.code)
        return codes + [c.code for c in self.comparators]


def comparison_areas() -> Areas:
    authority = held.partnership_authority()
    england = held.england_held() or held.AreaRef(held.ENGLAND_CODE, "England")
    comparators = [held.AreaRef(c.area_code, c.area_name) for c in held.comparators_chosen()]
    codes = [c.code for c in comparators]
    region = authority.region if authority is not None else None
    if authority is not None:
        codes += [authority.code] + ([region.code] if region else [])
    names = held.area_names(codes)
    if region is not None:
        region = held.AreaRef(region.code, names.get(region.code, region.name))
    return Areas(
        authority=authority,
        authority_name=names.get(authority.code, authority.name) if authority else "",
        england=england,
        region=region,
        comparators=[held.AreaRef(c.code, names.get(c.code, c.name)) for c in comparators],
    )


def columns_of(definition: MeasureDefinition) -> list[str]:
    return (
        [definition.column]
        if definition.column
        else [definition.numerator, *definition.denominator]
    )


# --- The sentence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Latest:
    """A measure's figures for one year, as the sentence and the index's table use them."""

    definition: MeasureDefinition
    year: int
    authority: Shown | None
    own: Shown
    region: Shown | None
    england: Shown
    average: Shown | None
    comparators: list[Shown]


def sentence(areas: Areas, latest: Latest | None) -> str:
    """What the figures show, in one or two sentences: "In 2024 the partnership's turnover rate
    was 16.2%, above England's 15.8%." """
    if latest is None:
        return "No national statistics have been loaded yet."
    definition, year = latest.definition, latest.year
    label = measure_label(definition.measure)
    england = latest.england
    england_text = (
        with_unit(england.value, definition, long=True)
        if england.value is not None
        else england.text
    )
    mine = latest.authority
    if mine is None:
        words = f"In {year} England's {label} was {england_text}."
    elif mine.value is None:
        where = (
            f"the national statistics hold no {label} for {areas.authority_name} in {year}"
            if mine.text == NO_FIGURE
            else f"the partnership's {label} in {year} is {mine.text} in the national statistics"
        )
        words = f"{where[0].upper()}{where[1:]}; England's was {england_text}."
    else:
        words = (
            f"In {year} the partnership's {label} was "
            f"{with_unit(mine.value, definition, long=True)}"
        )
        if england.value is not None:
            words += f", {_compared(mine.value, england.value)} England's {england_text}"
        else:
            words += f"; England's is {england_text}"
        region = latest.region
        if region is not None and region.value is not None and areas.region is not None:
            words += (
                f", and {_compared(mine.value, region.value)} {areas.region.name}'s "
                f"{with_unit(region.value, definition, long=True)}"
            )
        words += "."
    if latest.average is not None and latest.average.value is not None:
        average = with_unit(latest.average.value, definition, long=True)
        words += f" The comparators' average was {average}."
    if latest.own.value is not None:
        words += (
            f" childtrust's own figure for the partnership's social workers was "
            f"{with_unit(latest.own.value, definition, long=True)}."
        )
    return words


def latest_figures(
    definition: MeasureDefinition,
    areas: Areas,
    figures: dict[tuple[str, str, int], WorkforceStatistic],
    year: int,
    own: float | None,
) -> Latest:
    comparators = [shown_statistic(definition, figures, c.code, year) for c in areas.comparators]
    return Latest(
        definition=definition,
        year=year,
        authority=(
            shown_statistic(definition, figures, areas.authority.code, year)
            if areas.authority
            else None
        ),
        own=_own(own, definition),
        region=shown_statistic(definition, figures, areas.region.code, year)
        if areas.region
        else None,
        england=(
            shown_statistic(definition, figures, areas.england.code, year)
            if areas.england
            else _missing()
        ),
        average=_average(comparators, definition) if comparators else None,
        comparators=comparators,
    )


# --- The index: every measure, the latest year ---------------------------------------------------


@dataclass(frozen=True)
class IndexMeasure:
    measure: WorkforceMeasure
    definition: MeasureDefinition
    latest: Latest | None
    sentence: str


@dataclass(frozen=True)
class IndexPage:
    areas: Areas
    year: int | None
    measures: list[IndexMeasure]
    #: One row for each area: its name, what it is, and its figure for each measure.
    rows: list[tuple[str, str, list[Shown]]] = field(default_factory=list)

    @property
    def flagged(self) -> list[str]:
        return [
            f"{name}'s {measure_label(m.measure)} ({shown.text}). {shown.note}."
            for name, _kind, cells in self.rows
            for m, shown in zip(self.measures, cells, strict=True)
            if shown.flagged
        ]


def _ownlatest_figures(year: int) -> dict[WorkforceMeasure, float | None]:
    """childtrust's own figure for each measure in a census year, from the establishment."""
    if year not in census_years_held():
        return {measure: None for measure in WorkforceMeasure}
    whole = social_work_figures(year)["partnership"][0]
    return {measure: whole.value(measure) for measure in WorkforceMeasure}


def index_page() -> IndexPage:
    areas = comparison_areas()
    year = held.statistics_latest_year()
    if year is None:
        return IndexPage(
            areas,
            None,
            [
                IndexMeasure(measure, DEFINITIONS[measure], None, sentence(areas, None))
                for measure in WorkforceMeasure
            ],
        )
    columns = {c for d in DEFINITIONS.values() for c in columns_of(d)}
    figures = {
        key: value
        for key, value in held.statistics_for(areas.codes, columns).items()
        if key[2] == year
    }
    own = _ownlatest_figures(year)
    measures = []
    for measure in WorkforceMeasure:
        definition = DEFINITIONS[measure]
        latest = latest_figures(definition, areas, figures, year, own[measure])
        measures.append(IndexMeasure(measure, definition, latest, sentence(areas, latest)))
    rows: list[tuple[str, str, list[Shown]]] = []
    if areas.authority is not None:
        rows.append(
            (
                areas.authority_name,
                "The partnership's authority, published",
                [m.latest.authority or _missing() for m in measures if m.latest],
            )
        )
    rows.append(
        (
            "The partnership",
            "childtrust's own figures",
            [m.latest.own for m in measures if m.latest],
        )
    )
    if areas.region is not None:
        rows.append(
            (
                areas.region.name,
                "Region",
                [m.latest.region or _missing() for m in measures if m.latest],
            )
        )
    if areas.england is not None:
        rows.append(
            (areas.england.name, "England", [m.latest.england for m in measures if m.latest])
        )
    if areas.comparators:
        rows.append(
            (
                "Comparators' average",
                f"{len(areas.comparators)} comparator authorities",
                [m.latest.average or _missing() for m in measures if m.latest],
            )
        )
        for index, comparator in enumerate(areas.comparators):
            rows.append(
                (
                    comparator.name,
                    "Comparator",
                    [m.latest.comparators[index] for m in measures if m.latest],
                )
            )
    return IndexPage(areas, year, measures, rows)
