"""The board pack's section 6, the workforce, read through the workforce app's selectors:

- the national workforce measures of the whole partnership's social workers at the latest
  census held (30 September), as the Department for Education's statistics define them
  (workforce.selectors.measures), beside England's latest published figures from the national
  statistics held (workforce.selectors.statistics); without those, the partnership's own
  figures alone, saying England's are not loaded;
- the restructures in consultation, with what the law on collective redundancy asks of each
  (workforce.selectors.restructures and consultation_law): the establishment, how many people
  it affects and redundancies it proposes, the collective duty, the earliest day the first
  dismissal may take effect, the HR1 deadline and any warning. Counts and dates only: the
  board's papers never name who is affected (workforce.access.restructures_for_board_papers).

Figures, not people: those who read board packs (strategic leads and administrators) read the
workforce measures too (workforce.access.can_view_workforce_measures)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from childtrust.strategy.board_pack.context import PackContext, day_words
from childtrust.workforce import access as workforce_access
from childtrust.workforce.definitions import DEFINITIONS, MeasureDefinition, census_date
from childtrust.workforce.selectors import statistics as published
from childtrust.workforce.selectors.measures import census_years_held, social_work_figures
from childtrust.workforce.selectors.restructures import (
    restructure_assessment,
    restructures_listed,
)
from childtrust.workforce.selectors.statistics_pages import columns_of, shown_statistic

NOT_CALCULATED = "Not calculated (nothing to divide by)"


@dataclass(frozen=True)
class WorkforceLine:
    measure: str  # "Turnover rate"
    partnership: str  # "16.2%", "17.4 cases per FTE", or NOT_CALCULATED
    england: str  # "15.8%", a symbol in words, "no figure"; "" when not loaded
    better: str  # "Lower is better", or "" where neither is


@dataclass(frozen=True)
class ConsultationLine:
    title: str
    agency: str
    people: int
    redundancies: int
    consultation: str  # "From 5 January 2026 to 4 March 2026", "Not yet begun"
    planned_first_dismissal: str  # a day, or "Not yet planned"
    duty: str
    earliest: str
    hr1: str
    warning: str  # "" when none


@dataclass(frozen=True)
class WorkforceSection:
    census_day: datetime.date | None  # None: no census held yet
    lines: list[WorkforceLine]
    england_year: int | None  # None: England's published figures are not loaded
    in_consultation: list[ConsultationLine]

    @property
    def england_loaded(self) -> bool:
        return self.england_year is not None


def _figure(value: float | None, definition: MeasureDefinition) -> str:
    if value is None:
        return NOT_CALCULATED
    if definition.unit == "%":
        return f"{value:.1f}%"
    return f"{value:.1f} {definition.unit}"


def _better(definition: MeasureDefinition) -> str:
    if definition.lower_is_better is None:
        return ""
    return "Lower is better" if definition.lower_is_better else "Higher is better"


def _england() -> tuple[int | None, dict[MeasureDefinition, str]]:
    """England's latest published year held and each measure's figure in it, in words."""
    england = published.england_held()
    if england is None:
        return None, {}
    columns = [column for d in DEFINITIONS.values() for column in columns_of(d)]
    figures = published.statistics_for([england.code], columns)
    years = [year for (_code, _column, year) in figures]
    if not years:
        return None, {}
    year = max(years)
    return year, {
        d: shown_statistic(d, figures, england.code, year).text for d in DEFINITIONS.values()
    }


def _measures() -> tuple[datetime.date | None, list[WorkforceLine], int | None]:
    years = census_years_held()
    england_year, england = _england()
    whole = social_work_figures(years[-1])["partnership"][0] if years else None
    lines = [
        WorkforceLine(
            measure=str(definition.measure.label),
            partnership=_figure(whole.value(definition.measure), definition) if whole else "",
            england=england.get(definition, ""),
            better=_better(definition),
        )
        for definition in DEFINITIONS.values()
    ]
    return (census_date(years[-1]) if years else None), lines, england_year


def _consultations(today: datetime.date) -> list[ConsultationLine]:
    found = []
    for restructure in restructures_listed(workforce_access.restructures_for_board_papers()):
        law = restructure_assessment(restructure, today)
        starts, ends = restructure.consultation_starts_on, restructure.consultation_ends_on
        if starts is None:
            consultation = "Not yet begun"
        elif ends is None:
            consultation = f"From {day_words(starts)}"
        else:
            consultation = f"From {day_words(starts)} to {day_words(ends)}"
        planned = restructure.first_dismissal_on
        found.append(
            ConsultationLine(
                title=restructure.title,
                agency=restructure.agency.name,
                people=getattr(restructure, "people", 0),
                redundancies=restructure.proposed_redundancies,
                consultation=consultation,
                planned_first_dismissal=day_words(planned) if planned else "Not yet planned",
                duty=law.duty_words,
                earliest=law.earliest_words,
                hr1=law.hr1_words,
                warning=law.warning or "",
            )
        )
    return found


def workforce_section(context: PackContext) -> WorkforceSection:
    """The partnership's workforce measures beside England's, and the restructures in
    consultation with their legal dates."""
    census_day, lines, england_year = _measures()
    return WorkforceSection(
        census_day=census_day,
        lines=lines,
        england_year=england_year,
        in_consultation=_consultations(context.today),
    )
