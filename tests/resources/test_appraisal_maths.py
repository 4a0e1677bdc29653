"""The appraisal arithmetic against examples worked by hand (the working is in the comments):
Green Book discount factors across the steps of the declining schedule, present values,
optimism bias, risks, net present value, the benefit-cost ratio, rankings and switching values;
and the edge cases (no years, no costs, one option)."""

from __future__ import annotations

import itertools
import math

import pytest

from childtrust.resources.appraisal_maths import (
    GREEN_BOOK_SCHEDULE,
    OptionFigures,
    RiskFigures,
    YearFigures,
    appraise,
    discount_factor,
    discount_rate,
    option_appraise,
    present_value,
    ranks,
    schedule_used,
)

# --- The discount schedule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "rate"),
    [(0, 0.035), (1, 0.035), (30, 0.035), (31, 0.030), (75, 0.030), (76, 0.025), (125, 0.025)],
)
def test_the_green_book_rate_steps_down_after_years_30_and_75(year: int, rate: float) -> None:
    assert discount_rate(year) == rate


def test_no_rate_is_given_beyond_the_schedule() -> None:
    with pytest.raises(ValueError, match="outside the discount schedule"):
        discount_rate(126)


def test_year_0_is_not_discounted() -> None:
    assert discount_factor(0) == 1.0


def test_100_pounds_in_year_1_is_worth_96_62_today() -> None:
    # 100 / 1.035 = 96.6183574879...
    assert present_value([(1, 100.0)]) == pytest.approx(96.618357, abs=1e-6)


def test_year_2_is_discounted_twice_at_3_5_per_cent() -> None:
    # 1 / 1.035^2 = 1 / 1.071225 = 0.933511...
    assert discount_factor(2) == pytest.approx(1 / 1.071225, rel=1e-12)


def test_year_30_is_the_last_at_3_5_per_cent() -> None:
    # 1.035^30 = 2.806794...; 1 / 2.806794 = 0.356278...
    assert discount_factor(30) == pytest.approx(0.356278, abs=1e-6)
    assert discount_factor(30) == pytest.approx(1.035**-30, rel=1e-12)


def test_year_31_steps_on_from_year_30_at_3_per_cent() -> None:
    # D_31 = 1.035^-30 x 1.03^-1 = 0.356278 / 1.03 = 0.345901...
    assert discount_factor(31) == pytest.approx(1.035**-30 * 1.03**-1, rel=1e-12)
    assert discount_factor(31) == pytest.approx(0.345901, abs=1e-6)
    # Not 1.03^-31 (0.400986), which would value year 31 above year 30.
    assert discount_factor(31) < discount_factor(30)


def test_year_76_steps_on_at_2_5_per_cent() -> None:
    # D_76 = 1.035^-30 x 1.03^-45 x 1.025^-1
    assert discount_factor(76) == pytest.approx(1.035**-30 * 1.03**-45 * 1.025**-1, rel=1e-12)


def test_the_factors_fall_every_year_to_125() -> None:
    factors = [discount_factor(year) for year in range(126)]
    assert all(later < earlier for earlier, later in itertools.pairwise(factors))


def test_a_year_before_0_is_refused() -> None:
    with pytest.raises(ValueError, match="year"):
        discount_factor(-1)


def test_the_schedule_used_names_only_the_bands_reached() -> None:
    assert schedule_used(9) == [GREEN_BOOK_SCHEDULE[0]]
    assert schedule_used(31) == list(GREEN_BOOK_SCHEDULE[:2])
    assert schedule_used(-1) == [GREEN_BOOK_SCHEDULE[0]]
    assert GREEN_BOOK_SCHEDULE[1].label == "Years 31 to 75: 3.0% a year"


# --- One option --------------------------------------------------------------------------------

# Option A, worked by hand:
#   year 0: costs 1,000, benefits 0
#   year 1: benefits 1,035      -> 1,035 / 1.035   = 1,000
#   year 2: benefits 1,071.225  -> 1,071.225 / 1.035^2 = 1,000
#   PV costs as estimated 1,000; PV benefits as estimated 2,000.
#   Optimism bias: costs +20% -> 1,200; benefits -10% -> 1,800.
#   Risk: likelihood 0.5 of 207 in year 1 -> expected 103.50 -> PV 103.50 / 1.035 = 100.
#   PV costs = 1,200 + 100 = 1,300. NPV = 1,800 - 1,300 = 500. BCR = 1,800 / 1,300 = 1.3846.
OPTION_A = OptionFigures(
    name="A",
    years=[
        YearFigures(year=0, costs=1000.0, benefits=0.0),
        YearFigures(year=1, costs=0.0, benefits=1035.0),
        YearFigures(year=2, costs=0.0, benefits=1071.225),
    ],
    risks=[RiskFigures(likelihood=0.5, cost_if_it_happens=207.0, year=1)],
    optimism_bias_costs=20.0,
    optimism_bias_benefits=10.0,
    people_benefited=100,
)
# Option B: costs 500 in year 0; benefits 828 in year 1 -> 828 / 1.035 = 800. No bias, no risk.
#   NPV = 800 - 500 = 300. BCR = 1.6. It benefits more people (200).
OPTION_B = OptionFigures(
    name="B",
    years=[
        YearFigures(year=0, costs=500.0, benefits=0.0),
        YearFigures(year=1, costs=0.0, benefits=828.0),
    ],
    people_benefited=200,
)


def test_an_option_worked_by_hand() -> None:
    result = option_appraise(OPTION_A)

    assert result.pv_costs_estimated == pytest.approx(1000)
    assert result.pv_optimism_bias_costs == pytest.approx(200)
    assert result.pv_risks == pytest.approx(100)
    assert result.pv_costs == pytest.approx(1300)
    assert result.pv_benefits_estimated == pytest.approx(2000)
    assert result.pv_optimism_bias_benefits == pytest.approx(200)
    assert result.pv_benefits == pytest.approx(1800)
    assert result.npv == pytest.approx(500)
    assert result.bcr == pytest.approx(1800 / 1300)
    assert result.bcr_text == "1.38"


def test_optimism_bias_is_not_applied_to_risks() -> None:
    # Only the risk: PV 100, with or without a 50% uplift on costs.
    only_risk = OptionFigures(
        name="R",
        years=[],
        risks=[RiskFigures(likelihood=0.5, cost_if_it_happens=207.0, year=1)],
        optimism_bias_costs=50.0,
    )
    assert option_appraise(only_risk).pv_costs == pytest.approx(100)


def test_an_option_with_no_years_is_worth_nothing() -> None:
    result = option_appraise(OptionFigures(name="Nothing", years=[]))

    assert (result.pv_costs, result.pv_benefits, result.npv) == (0, 0, 0)
    assert result.bcr is None
    assert result.bcr_text == "no costs"


def test_benefits_with_no_costs_have_an_infinite_ratio_shown_in_words() -> None:
    result = option_appraise(
        OptionFigures(name="Free", years=[YearFigures(year=0, costs=0.0, benefits=50.0)])
    )

    assert result.bcr is None
    assert result.bcr_text == "infinite (no costs)"
    assert result.npv == 50


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            OptionFigures(
                name="X",
                years=[YearFigures(year=1, costs=1, benefits=1), YearFigures(1, 2, 2)],
            ),
            "year 1 is given twice",
        ),
        (OptionFigures(name="X", years=[YearFigures(0, -1.0, 0.0)]), "cannot be negative"),
        (OptionFigures(name="X", years=[YearFigures(126, 1.0, 0.0)]), "outside 0 to 125"),
        (
            OptionFigures(name="X", years=[], risks=[RiskFigures(1.5, 10.0, 0)]),
            "between 0 and 1",
        ),
        (OptionFigures(name="X", years=[], optimism_bias_benefits=101), "0 to 100"),
    ],
)
def test_figures_the_database_would_refuse_are_refused(option: OptionFigures, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        option_appraise(option)


# --- Several options -------------------------------------------------------------------------


def test_options_are_ranked_by_net_present_value_and_by_people_benefited() -> None:
    figures = appraise([OPTION_A, OPTION_B])
    a, b = figures.options

    assert (a.rank_by_npv, b.rank_by_npv) == (1, 2)  # NPV 500 against 300
    assert (a.rank_by_people, b.rank_by_people) == (2, 1)  # 100 people against 200
    assert figures.best == a
    assert figures.runner_up == b
    assert figures.last_year == 2
    assert [o.name for o in figures.by_npv()] == ["A", "B"]


def test_the_switching_value_against_the_runner_up_worked_by_hand() -> None:
    # A leads B by 500 - 300 = 200. A's PV costs would have to rise by 200 / 1,300 = 15.38%,
    # or its PV benefits fall by 200 / 1,800 = 11.11%, for B to draw level.
    switch = appraise([OPTION_A, OPTION_B]).switch_to_runner_up

    assert switch is not None
    assert switch.option == "A"
    assert switch.compared_with == "B"
    assert switch.gap == pytest.approx(200)
    assert switch.costs_rise_percent == pytest.approx(200 / 1300 * 100)
    assert switch.benefits_fall_percent == pytest.approx(200 / 1800 * 100)


def test_the_switching_values_to_a_net_present_value_of_zero() -> None:
    # A: 500 / 1,300 = 38.46% on costs, 500 / 1,800 = 27.78% on benefits.
    # B: 300 / 500 = 60% on costs, 300 / 800 = 37.5% on benefits.
    a, b = appraise([OPTION_A, OPTION_B]).switch_to_zero

    assert (a.option, a.compared_with) == ("A", "")
    assert a.costs_rise_percent == pytest.approx(38.461538)
    assert a.benefits_fall_percent == pytest.approx(27.777778)
    assert b.costs_rise_percent == pytest.approx(60)
    assert b.benefits_fall_percent == pytest.approx(37.5)


def test_options_with_a_net_present_value_of_zero_or_less_have_no_switching_value_to_zero() -> None:
    losing = OptionFigures(name="Loss", years=[YearFigures(0, 100.0, 40.0)])
    figures = appraise([OPTION_B, losing])

    assert [s.option for s in figures.switch_to_zero] == ["B"]
    assert figures.options[1].npv == -60


def test_a_single_option_has_no_runner_up() -> None:
    figures = appraise([OPTION_B])

    assert figures.best is not None
    assert figures.best.name == "B"
    assert figures.runner_up is None
    assert figures.switch_to_runner_up is None
    assert len(figures.switch_to_zero) == 1


def test_no_options_gives_no_best_and_no_switching_values() -> None:
    figures = appraise([])

    assert figures.best is None
    assert figures.switch_to_runner_up is None
    assert figures.switch_to_zero == []
    assert figures.last_year == -1


def test_when_the_best_leads_by_more_than_all_its_benefits_no_fall_in_benefits_switches() -> None:
    # Best: benefits 100, no costs (NPV 100). Runner-up: costs 300, benefits 100 (NPV -200).
    # The gap is 300: losing all 100 of its benefits still leaves the best ahead, and with no
    # costs no percentage rise in them can close the gap.
    best = OptionFigures(name="Best", years=[YearFigures(0, 0.0, 100.0)])
    worse = OptionFigures(name="Worse", years=[YearFigures(0, 300.0, 100.0)])
    switch = appraise([worse, best]).switch_to_runner_up

    assert switch is not None
    assert switch.option == "Best"
    assert switch.benefits_fall_percent is None
    assert switch.costs_rise_percent is None


def test_equal_options_share_first_place_and_switch_at_0_per_cent() -> None:
    twin = OptionFigures(name="B twin", years=OPTION_B.years, people_benefited=200)
    figures = appraise([OPTION_B, twin])

    assert [o.rank_by_npv for o in figures.options] == [1, 1]
    assert [o.rank_by_people for o in figures.options] == [1, 1]
    assert figures.switch_to_runner_up is not None
    assert figures.switch_to_runner_up.costs_rise_percent == 0
    assert figures.switch_to_runner_up.benefits_fall_percent == 0


def test_two_options_with_one_name_are_refused() -> None:
    with pytest.raises(ValueError, match="same name"):
        appraise([OPTION_B, OPTION_B])


def test_ranks_share_places_and_skip_the_next() -> None:
    assert ranks([100, 80, 80, 50]) == [1, 2, 2, 4]
    assert ranks([]) == []


def test_present_values_add_with_full_precision() -> None:
    # 10 years of 1 pound: the annuity factor (1 - 1.035^-10) / 0.035 = 8.316605 (years 1-10).
    assert present_value((year, 1.0) for year in range(1, 11)) == pytest.approx(
        (1 - 1.035**-10) / 0.035, rel=1e-12
    )
    assert math.isclose(present_value([]), 0.0)
