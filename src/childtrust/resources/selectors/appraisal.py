"""Reading option appraisals: the list, one appraisal with its options, and every figure the
decision record shows (worked out when read, by appraisal_maths, from the stored years and
risks: nothing computed is stored, so a changed figure shows on the next page)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from childtrust.core import money
from childtrust.core.charts import ChartPoint, bar_chart
from childtrust.resources.appraisal_maths import (
    AppraisalFigures,
    DiscountBand,
    OptionAppraised,
    OptionFigures,
    RiskFigures,
    SwitchingValue,
    YearFigures,
    appraise,
)
from childtrust.resources.models import Appraisal, AppraisalOption, OptionRisk, OptionYear

CHART_LABEL_LENGTH = 32


def appraisals_list() -> QuerySet[Appraisal]:
    return (
        Appraisal.objects.select_related("chosen_option")
        .annotate(option_count=Count("options"))
        .order_by("-created_at", "-pk")
    )


def appraisal_with_options(pk: int) -> Appraisal:
    """One appraisal with its options, their years and risks, in order; 404 if there is none."""
    options = AppraisalOption.objects.order_by("position", "pk").prefetch_related(
        Prefetch("years", queryset=OptionYear.objects.order_by("year_index")),
        Prefetch("risks", queryset=OptionRisk.objects.order_by("pk")),
    )
    return get_object_or_404(
        Appraisal.objects.select_related("chosen_option").prefetch_related(
            Prefetch("options", queryset=options)
        ),
        pk=pk,
    )


def appraisal_with_id(pk: int) -> Appraisal | None:
    return Appraisal.objects.filter(pk=pk).first()


def option_with_id(pk: int) -> AppraisalOption | None:
    return AppraisalOption.objects.select_related("appraisal").filter(pk=pk).first()


def option_of(appraisal_id: int, option_id: int) -> AppraisalOption | None:
    """One of the appraisal's options, with its years; None if it has no such option."""
    return (
        AppraisalOption.objects.select_related("appraisal")
        .prefetch_related("years")
        .filter(pk=option_id, appraisal_id=appraisal_id)
        .first()
    )


def risk_of(appraisal_id: int, risk_id: int) -> OptionRisk | None:
    """A risk to one of the appraisal's options; None if it has no such risk."""
    return (
        OptionRisk.objects.select_related("option__appraisal")
        .filter(pk=risk_id, option__appraisal_id=appraisal_id)
        .first()
    )


def option_figures(option: AppraisalOption) -> OptionFigures:
    return OptionFigures(
        name=option.name,
        years=[
            YearFigures(year=y.year_index, costs=float(y.costs), benefits=float(y.benefits))
            for y in option.years.all()
        ],
        risks=[
            RiskFigures(
                likelihood=float(r.likelihood),
                cost_if_it_happens=float(r.cost_if_it_happens),
                year=r.year_index,
            )
            for r in option.risks.all()
        ],
        optimism_bias_costs=float(option.optimism_bias_costs),
        optimism_bias_benefits=float(option.optimism_bias_benefits),
        people_benefited=option.people_benefited,
    )


def appraisal_figures(appraisal: Appraisal) -> AppraisalFigures:
    """Every option's present values, NPV, BCR and ranks, and the switching values."""
    return appraise([option_figures(option) for option in appraisal.options.all()])


# --- Showing the figures -------------------------------------------------------------------------


def pounds(value: float | Decimal) -> str:
    """£1,234,567 to the pound, as every page shows money (core.money)."""
    return money.pounds(value)


def percent(value: float | None) -> str:
    return "not possible" if value is None else f"{value:.1f}%"


@dataclass(frozen=True)
class RiskRow:
    risk: OptionRisk
    calendar_year: int
    expected_cost: Decimal

    @property
    def cost_if_it_happens_text(self) -> str:
        return pounds(self.risk.cost_if_it_happens)

    @property
    def expected_cost_text(self) -> str:
        return pounds(self.expected_cost)


@dataclass(frozen=True)
class YearRow:
    year_index: int
    calendar_year: int
    costs: str
    benefits: str


@dataclass(frozen=True)
class SwitchingRow:
    option: str
    compared_with: str
    gap: str
    costs_rise: str
    benefits_fall: str


@dataclass(frozen=True)
class OptionView:
    option: AppraisalOption
    result: OptionAppraised
    risks: list[RiskRow]
    chosen: bool

    @cached_property
    def years(self) -> list[YearRow]:
        first = self.option.appraisal.first_year
        return [
            YearRow(
                year_index=y.year_index,
                calendar_year=first + y.year_index,
                costs=pounds(y.costs),
                benefits=pounds(y.benefits),
            )
            for y in self.option.years.all()
        ]

    @property
    def pros(self) -> list[str]:
        return [line.strip() for line in self.option.pros.splitlines() if line.strip()]

    @property
    def cons(self) -> list[str]:
        return [line.strip() for line in self.option.cons.splitlines() if line.strip()]

    # The figures as the page shows them (to the pound).
    @property
    def pv_costs_estimated(self) -> str:
        return pounds(self.result.pv_costs_estimated)

    @property
    def pv_optimism_bias_costs(self) -> str:
        return pounds(self.result.pv_optimism_bias_costs)

    @property
    def pv_risks(self) -> str:
        return pounds(self.result.pv_risks)

    @property
    def pv_costs(self) -> str:
        return pounds(self.result.pv_costs)

    @property
    def pv_benefits_estimated(self) -> str:
        return pounds(self.result.pv_benefits_estimated)

    @property
    def pv_optimism_bias_benefits(self) -> str:
        return pounds(self.result.pv_optimism_bias_benefits)

    @property
    def pv_benefits(self) -> str:
        return pounds(self.result.pv_benefits)

    @property
    def npv(self) -> str:
        return pounds(self.result.npv)

    @property
    def people_benefited(self) -> str:
        return f"{self.option.people_benefited:,}"


@dataclass(frozen=True)
class AppraisalPage:
    appraisal: Appraisal
    figures: AppraisalFigures
    options: list[OptionView]  # in the order the options were added
    bands: list[DiscountBand]
    last_calendar_year: int | None
    ranking_sentence: str
    switching_sentence: str
    chart: SafeString | None
    chart_sentence: str
    decision_against_ranking: bool

    @property
    def switching_rows(self) -> list[SwitchingRow]:
        """The best option against the runner-up first, then each option with a positive net
        present value against zero."""
        rows = []
        switches = [self.figures.switch_to_runner_up, *self.figures.switch_to_zero]
        for switch in switches:
            if switch is None:
                continue
            rows.append(
                SwitchingRow(
                    option=switch.option,
                    compared_with=(
                        f"Lose first place to “{switch.compared_with}”"
                        if switch.compared_with
                        else "Net present value falls to zero"
                    ),
                    gap=pounds(switch.gap),
                    costs_rise=percent(switch.costs_rise_percent),
                    benefits_fall=percent(switch.benefits_fall_percent),
                )
            )
        return rows

    @property
    def ranked(self) -> list[OptionView]:
        return sorted(self.options, key=lambda v: (v.result.rank_by_npv, self.options.index(v)))


def _ranking_sentence(figures: AppraisalFigures) -> str:
    if figures.best is None:
        return "The appraisal has no options yet."
    most_people = min(figures.options, key=lambda o: o.rank_by_people)
    if figures.runner_up is None:
        return (
            f"There is only one option, “{figures.best.name}”, with a net present value of "
            f"{pounds(figures.best.npv)}: there is nothing yet to compare it with."
        )
    same = most_people.name == figures.best.name
    return (
        f"“{figures.best.name}” has the highest net present value, {pounds(figures.best.npv)}, "
        f"{pounds(figures.best.npv - figures.runner_up.npv)} more than “{figures.runner_up.name}”. "
        + (
            "It also benefits the most people "
            f"({most_people.people_benefited:,}), so both measures agree."
            if same
            else f"“{most_people.name}” benefits the most people "
            f"({most_people.people_benefited:,}), so the two measures point different ways."
        )
    )


def _switching_sentence(switch: SwitchingValue | None) -> str:
    if switch is None:
        return "With only one option there is no runner-up, so no switching value between options."
    if switch.gap == 0:
        return (
            f"“{switch.option}” and “{switch.compared_with}” have the same net present value: "
            "the smallest change would put either first."
        )
    parts = []
    if switch.costs_rise_percent is not None:
        parts.append(f"its costs rose by {percent(switch.costs_rise_percent)}")
    if switch.benefits_fall_percent is not None:
        parts.append(f"its benefits fell by {percent(switch.benefits_fall_percent)}")
    if not parts:
        return (
            f"“{switch.option}” stays ahead of “{switch.compared_with}” whatever happens to its "
            "own costs or benefits alone."
        )
    return (
        f"“{switch.option}” would lose first place to “{switch.compared_with}” only if "
        + " or if ".join(parts)
        + " (in present value, after optimism bias and risks). The larger these are, the more "
        "robust the ranking."
    )


def _round_scale(largest: float) -> float:
    """The top of the chart's scale: the next 1, 2, 4, 5 or 8 times a power of ten at or above
    the largest value, so that the four gridlines fall on round numbers."""
    if largest <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(largest))
    return next(step * power for step in (1, 2, 4, 5, 8, 10) if step * power >= largest)


def _chart(figures: AppraisalFigures) -> tuple[SafeString | None, str]:
    if not figures.options:
        return None, ""
    bars = [
        ChartPoint(
            label=(
                o.name
                if len(o.name) <= CHART_LABEL_LENGTH
                else o.name[: CHART_LABEL_LENGTH - 1].rstrip() + "…"
            ),
            value=o.npv / 1_000_000,
        )
        for o in figures.options
    ]
    best = figures.best
    assert best is not None
    sentence = (
        f"The chart shows the net present value of each option in millions of pounds: "
        f"“{best.name}” is highest, at {pounds(best.npv)}."
    )
    negative = [o.name for o in figures.options if o.npv < 0]
    if negative:
        sentence += (
            " A bar below the line at zero is an option whose net present value is below zero ("
            + ", ".join(f"“{name}”" for name in negative)
            + ")."
        )
    lowest = min(bar.value for bar in bars)
    chart = bar_chart(
        bars,
        chart_id="appraisal-npv",
        title="Net present value by option",
        description=sentence,
        y_max=_round_scale(max(bar.value for bar in bars)),
        y_min=-_round_scale(-lowest) if lowest < 0 else None,
        y_label="£ million",
    )
    return chart, sentence


def appraisal_page(appraisal: Appraisal) -> AppraisalPage:
    """Everything the decision record shows. `appraisal` should come from
    appraisal_with_options, so that the options, years and risks are read once."""
    figures = appraisal_figures(appraisal)
    options = list(appraisal.options.all())
    views = [
        OptionView(
            option=option,
            result=result,
            risks=[
                RiskRow(
                    risk=risk,
                    calendar_year=appraisal.first_year + risk.year_index,
                    expected_cost=(risk.likelihood * risk.cost_if_it_happens).quantize(
                        Decimal("0.01")
                    ),
                )
                for risk in option.risks.all()
            ],
            chosen=appraisal.chosen_option_id == option.pk,
        )
        for option, result in zip(options, figures.options, strict=True)
    ]
    chart, chart_sentence = _chart(figures)
    chosen = next((v for v in views if v.chosen), None)
    return AppraisalPage(
        appraisal=appraisal,
        figures=figures,
        options=views,
        bands=figures.bands,
        last_calendar_year=(
            appraisal.first_year + figures.last_year if figures.last_year >= 0 else None
        ),
        ranking_sentence=_ranking_sentence(figures),
        switching_sentence=_switching_sentence(figures.switch_to_runner_up),
        chart=chart,
        chart_sentence=chart_sentence,
        decision_against_ranking=chosen is not None and chosen.result.rank_by_npv != 1,
    )


CSV_HEADER = [
    "Option",
    "PV costs as estimated (£)",
    "Optimism bias on costs (£)",
    "PV of risks (£)",
    "PV costs (£)",
    "PV benefits as estimated (£)",
    "Optimism bias on benefits (£)",
    "PV benefits (£)",
    "Net present value (£)",
    "Benefit-cost ratio",
    "People benefited",
    "Rank by net present value",
    "Rank by people benefited",
    "Costs rise to lose first place (%)",
    "Benefits fall to lose first place (%)",
    "Costs rise to NPV zero (%)",
    "Benefits fall to NPV zero (%)",
    "Chosen",
]


def _csv_percent(value: float | None) -> str:
    return "not possible" if value is None else f"{value:.2f}"


def appraisal_csv_rows(page: AppraisalPage) -> list[list[str]]:
    """The results table as CSV rows, header first, with the switching values: against the
    runner-up for the best option only, and to a net present value of zero for every option
    whose NPV is above zero (blank where there is none; "not possible" where no change of that
    kind alone is enough)."""
    zero = {s.option: s for s in page.figures.switch_to_zero}
    switch = page.figures.switch_to_runner_up
    rows = [CSV_HEADER]
    for view in page.options:
        r = view.result
        first = switch if switch is not None and switch.option == r.name else None
        own = zero.get(r.name)
        rows.append(
            [
                r.name,
                f"{r.pv_costs_estimated:.2f}",
                f"{r.pv_optimism_bias_costs:.2f}",
                f"{r.pv_risks:.2f}",
                f"{r.pv_costs:.2f}",
                f"{r.pv_benefits_estimated:.2f}",
                f"{r.pv_optimism_bias_benefits:.2f}",
                f"{r.pv_benefits:.2f}",
                f"{r.npv:.2f}",
                "" if r.bcr is None else f"{r.bcr:.4f}",
                str(r.people_benefited),
                str(r.rank_by_npv),
                str(r.rank_by_people),
                _csv_percent(first.costs_rise_percent) if first else "",
                _csv_percent(first.benefits_fall_percent) if first else "",
                _csv_percent(own.costs_rise_percent) if own else "",
                _csv_percent(own.benefits_fall_percent) if own else "",
                "yes" if view.chosen else "",
            ]
        )
    return rows
