"""The arithmetic of an option appraisal, in the manner of HM Treasury's Green Book: discounting
at the social time preference rate, optimism bias, risks priced at their expected cost, net
present value, the benefit-cost ratio, rankings, and switching values.

Pure functions on plain numbers (no Django), so that every figure an appraisal page shows can be
worked out by hand and checked in a test. Figures are floats: they are estimates, shown to the
pound, and float arithmetic keeps the discount factors exact to about 15 significant figures.

Conventions (the Green Book's):
- Year 0 is the first year of the appraisal and is not discounted; a figure in year t is
  multiplied by the discount factor D_t.
- Figures are in real terms (today's prices), so the discount rate is the real social time
  preference rate, not an interest rate.
- Optimism bias raises the option's costs by its percentage and lowers its benefits by its
  percentage (the supplementary guidance on optimism bias). It applies to the costs and
  benefits as estimated, not to the risks: a risk priced separately is already an allowance for
  something going wrong, and uplifting it too would count it twice.
- A risk adds its expected cost (likelihood x cost if it happens) to the option's costs in the
  year given, discounted like any other cost.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

# HM Treasury, The Green Book: Central Government Guidance on Appraisal and Evaluation (2022),
# Annex A6 "Discounting", and the Supplementary Green Book Guidance: Discounting
# (https://www.gov.uk/government/publications/green-book-supplementary-guidance-discounting):
# the standard social time preference rate is 3.5% a year for years 0 to 30, then declines in
# steps: 3.0% for years 31 to 75 and 2.5% for years 76 to 125 (2.0% to 200, 1.5% to 300, 1.0%
# beyond, which no appraisal here reaches: an option's years stop at 100). The rate for each
# year applies to that year's step from the year before, so the factors join without a jump.
# Checked against the schedule table published with the `greenbook` R package
# (charlescoverdale/greenbook, inst/extdata/stpr_schedule.csv: 0-30 0.035, 31-75 0.030,
# 76-125 0.025), which cites the same Annex A6.


@dataclass(frozen=True)
class DiscountBand:
    first_year: int
    last_year: int
    rate: float  # a year, as a fraction: 0.035 is 3.5%

    @property
    def label(self) -> str:
        return f"Years {self.first_year} to {self.last_year}: {self.rate * 100:.1f}% a year"


GREEN_BOOK_SCHEDULE: tuple[DiscountBand, ...] = (
    DiscountBand(first_year=0, last_year=30, rate=0.035),
    DiscountBand(first_year=31, last_year=75, rate=0.030),
    DiscountBand(first_year=76, last_year=125, rate=0.025),
)
LAST_YEAR = GREEN_BOOK_SCHEDULE[-1].last_year


def discount_rate(year: int) -> float:
    """The Green Book rate for the given year of an appraisal (year 0 is the first)."""
    for band in GREEN_BOOK_SCHEDULE:
        if band.first_year <= year <= band.last_year:
            return band.rate
    raise ValueError(f"Year {year} is outside the discount schedule (0 to {LAST_YEAR}).")


@cache
def discount_factor(year: int) -> float:
    """D_t = 1 / ((1 + r_1)(1 + r_2)...(1 + r_t)), with r_i the rate of year i; D_0 = 1.

    Applying the declining schedule step by step (rather than 1/(1 + r_t)^t with the rate of
    year t alone) keeps the factor falling smoothly: year 31's factor is year 30's divided by
    1.03, not 1.03^-31, which would be larger than year 30's."""
    if year < 0:
        raise ValueError("A year of an appraisal cannot be before year 0.")
    if year == 0:
        return 1.0
    return discount_factor(year - 1) / (1 + discount_rate(year))


def present_value(figures: Iterable[tuple[int, float]]) -> float:
    """The sum of each (year, amount) discounted to year 0."""
    return math.fsum(amount * discount_factor(year) for year, amount in figures)


def schedule_used(last_year: int) -> list[DiscountBand]:
    """The bands of the schedule that an appraisal running to `last_year` reaches."""
    return [band for band in GREEN_BOOK_SCHEDULE if band.first_year <= max(last_year, 0)]


# --- Inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """An option's costs and benefits in one year, in pounds at today's prices, before
    discounting and optimism bias."""

    year: int
    costs: float
    benefits: float


@dataclass(frozen=True)
class RiskFigures:
    likelihood: float  # 0 to 1
    cost_if_it_happens: float
    year: int

    @property
    def expected_cost(self) -> float:
        return self.likelihood * self.cost_if_it_happens


@dataclass(frozen=True)
class OptionFigures:
    name: str
    years: Sequence[YearFigures]
    risks: Sequence[RiskFigures] = ()
    optimism_bias_costs: float = 0.0  # per cent added to costs
    optimism_bias_benefits: float = 0.0  # per cent taken off benefits
    people_benefited: int = 0


def _check_years(option: OptionFigures) -> None:
    seen: set[int] = set()
    for row in option.years:
        if row.year in seen:
            raise ValueError(f"{option.name}: year {row.year} is given twice.")
        seen.add(row.year)
        if not 0 <= row.year <= LAST_YEAR:
            raise ValueError(f"{option.name}: year {row.year} is outside 0 to {LAST_YEAR}.")
        if row.costs < 0 or row.benefits < 0:
            raise ValueError(f"{option.name}: costs and benefits cannot be negative.")


def _check(option: OptionFigures) -> None:
    """The rules the database also enforces, so that the maths can be trusted on its own."""
    _check_years(option)
    for risk in option.risks:
        if not 0 <= risk.likelihood <= 1:
            raise ValueError(f"{option.name}: a risk's likelihood must be between 0 and 1.")
        if risk.cost_if_it_happens < 0:
            raise ValueError(f"{option.name}: a risk's cost cannot be negative.")
        if not 0 <= risk.year <= LAST_YEAR:
            raise ValueError(f"{option.name}: a risk's year is outside 0 to {LAST_YEAR}.")
    if option.optimism_bias_costs < 0:
        raise ValueError(f"{option.name}: optimism bias on costs cannot be negative.")
    if not 0 <= option.optimism_bias_benefits <= 100:
        raise ValueError(f"{option.name}: optimism bias on benefits must be 0 to 100 per cent.")
    if option.people_benefited < 0:
        raise ValueError(f"{option.name}: people benefited cannot be negative.")


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionAppraised:
    name: str
    pv_costs_estimated: float  # the costs as estimated, discounted
    pv_optimism_bias_costs: float  # what optimism bias adds to them
    pv_risks: float  # the risks' expected costs, discounted
    pv_costs: float  # all three: the costs the appraisal compares
    pv_benefits_estimated: float
    pv_optimism_bias_benefits: float  # what optimism bias takes off the benefits
    pv_benefits: float  # after optimism bias
    npv: float  # pv_benefits - pv_costs
    bcr: float | None  # pv_benefits / pv_costs; None when there are no costs (no finite ratio)
    people_benefited: int
    rank_by_npv: int  # 1 is the highest net present value; equal values share a rank
    rank_by_people: int  # 1 benefits the most people

    @property
    def bcr_text(self) -> str:
        if self.bcr is None:
            return "no costs" if self.pv_benefits == 0 else "infinite (no costs)"
        return f"{self.bcr:.2f}"


@dataclass(frozen=True)
class SwitchingValue:
    """How far one option's present value of costs would have to rise, or of benefits fall,
    for the comparison named to change. None: no change of that kind alone is enough (the
    benefits cannot fall by more than all of them) or there is nothing to change (no costs)."""

    option: str
    compared_with: str  # the runner-up's name, or "" for the option's own net present value of 0
    gap: float  # the net present value that has to be lost
    costs_rise_percent: float | None
    benefits_fall_percent: float | None


@dataclass(frozen=True)
class AppraisalFigures:
    options: list[OptionAppraised]  # in the order given
    best: OptionAppraised | None  # first by net present value
    runner_up: OptionAppraised | None
    switch_to_runner_up: SwitchingValue | None
    switch_to_zero: list[SwitchingValue]  # one for each option with a positive NPV
    last_year: int  # the last year with a figure; -1 when there are none

    @property
    def bands(self) -> list[DiscountBand]:
        return schedule_used(self.last_year)

    def by_npv(self) -> list[OptionAppraised]:
        return sorted(self.options, key=lambda o: (o.rank_by_npv, self.options.index(o)))


def option_appraise(option: OptionFigures) -> OptionAppraised:
    """One option's present values, net present value and benefit-cost ratio (ranks 1)."""
    _check(option)
    pv_costs_estimated = present_value((row.year, row.costs) for row in option.years)
    pv_benefits_estimated = present_value((row.year, row.benefits) for row in option.years)
    pv_bias_costs = pv_costs_estimated * option.optimism_bias_costs / 100
    pv_bias_benefits = pv_benefits_estimated * option.optimism_bias_benefits / 100
    pv_risks = present_value((risk.year, risk.expected_cost) for risk in option.risks)
    pv_costs = pv_costs_estimated + pv_bias_costs + pv_risks
    pv_benefits = pv_benefits_estimated - pv_bias_benefits
    return OptionAppraised(
        name=option.name,
        pv_costs_estimated=pv_costs_estimated,
        pv_optimism_bias_costs=pv_bias_costs,
        pv_risks=pv_risks,
        pv_costs=pv_costs,
        pv_benefits_estimated=pv_benefits_estimated,
        pv_optimism_bias_benefits=pv_bias_benefits,
        pv_benefits=pv_benefits,
        npv=pv_benefits - pv_costs,
        bcr=pv_benefits / pv_costs if pv_costs > 0 else None,
        people_benefited=option.people_benefited,
        rank_by_npv=1,
        rank_by_people=1,
    )


# Present values within a penny of each other are equal: sums of discounted floats differ in
# the last bits, and a ranking should not turn on those.
_SAME = 0.005


def ranks(values: Sequence[float]) -> list[int]:
    """Competition ranks, highest first: equal values share a rank and the next is skipped
    (100, 80, 80, 50 -> 1, 2, 2, 4)."""
    return [1 + sum(1 for other in values if other > value + _SAME) for value in values]


def switching_value(
    option: OptionAppraised, *, gap: float, compared_with: str = ""
) -> SwitchingValue:
    """The percentage rise in `option`'s PV costs, or fall in its PV benefits, that takes `gap`
    off its net present value: gap / PV costs and gap / PV benefits."""
    gap = max(gap, 0.0)

    def share(of: float) -> float | None:
        if gap <= _SAME:
            return 0.0
        return gap / of * 100 if of > 0 else None

    falls = share(option.pv_benefits)
    return SwitchingValue(
        option=option.name,
        compared_with=compared_with,
        gap=gap,
        costs_rise_percent=share(option.pv_costs),
        # Benefits cannot fall by more than all of them.
        benefits_fall_percent=falls if falls is not None and falls <= 100 else None,
    )


def appraise(options: Sequence[OptionFigures]) -> AppraisalFigures:
    """Every option appraised, ranked by net present value and by people benefited, with the
    switching values: for the best option, what would make it lose first place to the
    runner-up; for each option with a positive NPV, what would bring its NPV to zero."""
    names = [option.name for option in options]
    if len(set(names)) != len(names):
        raise ValueError("Two options have the same name.")
    single = [option_appraise(option) for option in options]
    by_npv = ranks([o.npv for o in single])
    by_people = ranks([float(o.people_benefited) for o in single])
    appraised = [
        replace(o, rank_by_npv=n, rank_by_people=p)
        for o, n, p in zip(single, by_npv, by_people, strict=True)
    ]
    ordered = sorted(appraised, key=lambda o: (o.rank_by_npv, appraised.index(o)))
    best = ordered[0] if ordered else None
    runner_up = ordered[1] if len(ordered) > 1 else None
    switch = (
        switching_value(best, gap=best.npv - runner_up.npv, compared_with=runner_up.name)
        if best is not None and runner_up is not None
        else None
    )
    last_year = max(
        [row.year for option in options for row in option.years]
        + [risk.year for option in options for risk in option.risks],
        default=-1,
    )
    return AppraisalFigures(
        options=appraised,
        best=best,
        runner_up=runner_up,
        switch_to_runner_up=switch,
        switch_to_zero=[switching_value(o, gap=o.npv) for o in ordered if o.npv > _SAME],
        last_year=last_year,
    )
