"""Outcome indicator statistics for one million rows (20 indicators x 5,000 areas x 10
periods, random counts and denominators from a fixed seed): each row's value, its 95% and
99.8% confidence intervals and its comparison with the England value for the same indicator
and period at both levels. Ten indicators are proportions (Wilson intervals) and ten are
crude rates per 100,000 (exact Poisson below 10 events, Byar's from 10). Aim: under 2 seconds
with childtrust.outcomes.methods, vectorised with NumPy.

For contrast, the same work written row by row in plain Python (math module; exact Poisson
limits by bisection on the Poisson distribution) is timed on a random sample of 50,000 rows
and scaled up to a million; its results are checked against the vectorised ones on that
sample.

The methods added for issue 15 are timed over a million rows each too: funnel limits for a
million denominators and funnel positions for a million areas, indirectly standardised rates
and ratios for 52,632 areas x 19 age bands, means of a million values in 10,000 groups, and the
SII and RII of 100,000 areas x 10 deciles with limits from 1,000 simulated repetitions (and of
one area at the default 100,000).
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from benchmarks import machine, report
from childtrust.outcomes import methods

INDICATORS = 20
AREAS = 5_000
PERIODS = 10
SAMPLE = int(os.environ.get("BENCH_OUTCOMES_SAMPLE", "50000"))
RUNS = int(os.environ.get("BENCH_OUTCOMES_RUNS", "5"))
AIM_SECONDS = 2.0
MULTIPLIER = 100_000
LEVELS = (0.95, 0.998)
POLARITIES = ("high is good", "low is good", "no judgement")


def _data(seed: int = 20261126) -> dict[str, NDArray[np.float64]]:
    """One row per indicator x area x period, flattened: indicator number, count, denominator."""
    rng = np.random.default_rng(seed)
    shape = (INDICATORS, AREAS, PERIODS)
    indicator = np.broadcast_to(np.arange(INDICATORS)[:, None, None], shape).ravel()
    is_rate = indicator >= INDICATORS // 2
    # Proportions: cohorts of roughly 20 to 5,000 children; rates: populations of 1,000 to
    # 300,000 and true rates of 5 to 500 per 100,000, so many areas have fewer than 10 events.
    cohort = np.clip(rng.lognormal(6.0, 1.0, indicator.size), 20, 5_000).round()
    population = np.clip(rng.lognormal(10.5, 1.0, indicator.size), 1_000, 300_000).round()
    denominator = np.where(is_rate, population, cohort)
    # Areas differ from one another (the same area a little higher or lower on everything), so
    # that some are significantly better or worse than England.
    area = np.broadcast_to(np.arange(AREAS)[None, :, None], shape).ravel()
    area_effect = rng.lognormal(0.0, 0.2, AREAS)[area]
    share = np.clip(rng.uniform(0.05, 0.9, INDICATORS)[indicator] * area_effect, 0.01, 0.99)
    per_person = rng.uniform(5, 500, INDICATORS)[indicator] * area_effect / MULTIPLIER
    count = np.where(
        is_rate,
        rng.poisson(per_person * denominator),
        rng.binomial(cohort.astype(np.int64), share),
    ).astype(np.float64)
    return {
        "indicator": indicator.astype(np.float64),
        "period": np.tile(np.arange(PERIODS), INDICATORS * AREAS).astype(np.float64),
        "count": count,
        "denominator": denominator,
    }


def _england(data: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """The England value for each row's indicator and period (sum of counts over sum of
    denominators), the benchmark every area is compared with."""
    group = (data["indicator"] * PERIODS + data["period"]).astype(np.int64)
    counts = np.bincount(group, weights=data["count"])
    denominators = np.bincount(group, weights=data["denominator"])
    value = counts / denominators
    value[INDICATORS // 2 * PERIODS :] *= MULTIPLIER
    return value[group]


def vectorised(data: dict[str, NDArray[np.float64]]) -> dict[str, NDArray[np.generic]]:
    """Values, intervals and judgements for every row with childtrust.outcomes.methods."""
    is_rate = data["indicator"] >= INDICATORS // 2
    benchmark = _england(data)
    polarity = (data["indicator"] % len(POLARITIES)).astype(np.int64)
    count, denominator = data["count"], data["denominator"]
    out: dict[str, NDArray[np.generic]] = {"value": np.empty(count.size)}
    out["value"][~is_rate] = count[~is_rate] / denominator[~is_rate]
    for level in LEVELS:
        lower, upper = np.empty(count.size), np.empty(count.size)
        lower[~is_rate], upper[~is_rate] = methods.wilson_ci(
            count[~is_rate], denominator[~is_rate], level
        )
        value, lower[is_rate], upper[is_rate] = methods.rate(
            count[is_rate], denominator[is_rate], MULTIPLIER, level
        )
        out["value"][is_rate] = value
        judgement = np.empty(count.size, dtype="<U12")
        for number, name in enumerate(POLARITIES):
            rows = polarity == number
            judgement[rows] = methods.compare(lower[rows], upper[rows], benchmark[rows], name)
        out[f"lower {level}"], out[f"upper {level}"] = lower, upper
        out[f"judgement {level}"] = judgement
    return out


def _exact_poisson(count: int, confidence: float) -> tuple[float, float]:
    """Garwood's exact limits by bisection on the Poisson distribution, in plain Python."""

    def cdf(k: int, mean: float) -> float:
        term = total = math.exp(-mean)
        for i in range(1, k + 1):
            term *= mean / i
            total += term
        return total

    tail = (1 - confidence) / 2

    def solve(k: int, target: float) -> float:
        low, high = 0.0, 100.0
        for _ in range(60):
            middle = (low + high) / 2
            low, high = (middle, high) if cdf(k, middle) > target else (low, middle)
        return (low + high) / 2

    lower = 0.0 if count == 0 else solve(count - 1, 1 - tail)
    return lower, solve(count, tail)


def _row_by_row(rows: list[tuple[int, float, float, float]]) -> list[list[float | str]]:
    """The same work one row at a time with the math module, as a spreadsheet-minded script
    would do it: (indicator, count, denominator, benchmark) in, value and per-level limits and
    judgement out."""
    results = []
    z_for = {level: NormalDist().inv_cdf(0.5 + level / 2) for level in LEVELS}
    for indicator, count, denominator, benchmark in rows:
        is_rate = indicator >= INDICATORS // 2
        polarity = POLARITIES[indicator % len(POLARITIES)]
        value = count / denominator * (MULTIPLIER if is_rate else 1)
        row: list[float | str] = [value]
        for level in LEVELS:
            z = z_for[level]
            if not is_rate:
                root = z * math.sqrt(z * z + 4 * count * (1 - count / denominator))
                lower = (
                    0.0 if count == 0 else (2 * count + z * z - root) / 2 / (denominator + z * z)
                )
                upper = (
                    1.0
                    if count == denominator
                    else (2 * count + z * z + root) / 2 / (denominator + z * z)
                )
            else:
                if count < 10:
                    low_count, high_count = _exact_poisson(int(count), level)
                else:
                    low_count = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
                    o1 = count + 1
                    high_count = o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3
                lower = low_count / denominator * MULTIPLIER
                upper = high_count / denominator * MULTIPLIER
            if benchmark < lower:
                judgement = {"high is good": "better", "low is good": "worse"}.get(
                    polarity, "higher"
                )
            elif benchmark > upper:
                judgement = {"high is good": "worse", "low is good": "better"}.get(
                    polarity, "lower"
                )
            else:
                judgement = "similar"
            row += [lower, upper, judgement]
        results.append(row)
    return results


def _check(
    sample: NDArray[np.int64],
    fast: dict[str, NDArray[np.generic]],
    slow: list[list[float | str]],
) -> float:
    """The largest relative difference between the two on the sample; judgements must match."""
    worst = 0.0
    for position, index in enumerate(sample):
        value, lower95, upper95, judgement95, lower998, upper998, judgement998 = slow[position]
        pairs = [
            (value, fast["value"][index]),
            (lower95, fast["lower 0.95"][index]),
            (upper95, fast["upper 0.95"][index]),
            (lower998, fast["lower 0.998"][index]),
            (upper998, fast["upper 0.998"][index]),
        ]
        for expected, got in pairs:
            if float(expected) != 0:
                worst = max(worst, abs(float(got) - float(expected)) / abs(float(expected)))
        if (judgement95, judgement998) != (
            fast["judgement 0.95"][index],
            fast["judgement 0.998"][index],
        ):
            raise AssertionError(f"Row {index}: the row-by-row judgement differs.")
    return worst


def _median_seconds(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _new_methods(seed: int = 20261203) -> list[str]:
    """Median times of the issue 15 methods over a million rows each, as report lines."""
    rng = np.random.default_rng(seed)
    runs = min(RUNS, 3)
    million = 1_000_000
    population = rng.integers(1_000, 300_000, million).astype(np.float64)
    events = rng.poisson(population * 250 / MULTIPLIER).astype(np.float64)
    cohort = rng.integers(20, 5_000, million).astype(np.float64)
    successes = rng.binomial(cohort.astype(np.int64), 0.3).astype(np.float64)
    areas, bands = 52_632, 19
    local = rng.integers(50, 5_000, (areas, bands)).astype(np.float64)
    reference_count = rng.integers(100, 10_000, bands).astype(np.float64)
    reference_population = rng.integers(50_000, 100_000, bands).astype(np.float64)
    observed = rng.poisson((local * reference_count / reference_population).sum(axis=1))
    values = rng.normal(50, 10, (10_000, 100))
    sii_areas = 100_000
    decile_value = np.sort(rng.normal(78, 3, (sii_areas, 10)), axis=1)
    decile_population = rng.integers(5_000, 30_000, (sii_areas, 10)).astype(np.float64)
    decile_se = rng.uniform(0.5, 2.0, (sii_areas, 10))
    timings = [
        (
            "rate_funnel_limits, 1,000,000 populations, 95% and 99.8%",
            lambda: [
                methods.rate_funnel_limits(population, 250.0, MULTIPLIER, level) for level in LEVELS
            ],
        ),
        (
            "proportion_funnel_limits, 1,000,000 cohorts (4,980 distinct sizes), 95% and 99.8%",
            lambda: [methods.proportion_funnel_limits(cohort, 0.3, level) for level in LEVELS],
        ),
        (
            "funnel_position, 1,000,000 rate areas and 1,000,000 proportion areas",
            lambda: (
                methods.funnel_position(events, population, 250.0, "rate"),
                methods.funnel_position(successes, cohort, 0.3, "proportion"),
            ),
        ),
        (
            f"isr and isr_ratio, {areas:,} areas x {bands} age bands ({areas * bands:,} rows)",
            lambda: (
                methods.isr(observed, local, reference_count, reference_population),
                methods.isr_ratio(observed, local, reference_count, reference_population, 100),
            ),
        ),
        (
            "mean_ci, 1,000,000 values in 10,000 groups of 100",
            lambda: methods.mean_ci(values),
        ),
        (
            f"sii, {sii_areas:,} areas x 10 deciles (1,000,000 rows), 1,000 repetitions",
            lambda: methods.sii(
                decile_value, decile_population, decile_se, repetitions=1_000, seed=1
            ),
        ),
        (
            "sii, one area x 10 deciles, the default 100,000 repetitions",
            lambda: methods.sii(decile_value[0], decile_population[0], decile_se[0], seed=1),
        ),
    ]
    lines = [
        "",
        f"The methods added for issue 15, each over about a million rows (median of {runs} runs):",
        "",
    ]
    for label, call in timings:
        lines.append(f"- {label}: {_median_seconds(call, runs):.2f} s")
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    lines += [
        "",
        f"Load average (1, 5, 15 minutes) at the end of these runs: {load}; on a machine busy",
        "with other work the figures stretch accordingly.",
    ]
    return lines


def run() -> None:
    data = _data()
    rows = data["count"].size
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fast = vectorised(data)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)

    rng = np.random.default_rng(7)
    sample = rng.choice(rows, size=min(SAMPLE, rows), replace=False)
    benchmark = _england(data)
    sample_rows = [
        (
            int(data["indicator"][i]),
            float(data["count"][i]),
            float(data["denominator"][i]),
            float(benchmark[i]),
        )
        for i in sample
    ]
    started = time.perf_counter()
    slow = _row_by_row(sample_rows)
    sample_seconds = time.perf_counter() - started
    scaled = sample_seconds * rows / len(sample)
    worst = _check(sample, fast, slow)

    small = int(((data["indicator"] >= INDICATORS // 2) & (data["count"] < 10)).sum())
    judgements = {
        level: dict(zip(*np.unique(fast[f"judgement {level}"], return_counts=True), strict=True))
        for level in LEVELS
    }
    verdict = "within" if median < AIM_SECONDS else "OVER"
    lines = [
        "## Outcomes: indicator statistics for a million rows (`make bench-outcomes`)",
        "",
        f"{rows:,} rows ({INDICATORS} indicators x {AREAS:,} areas x {PERIODS} periods; half",
        "proportions with Wilson intervals, half rates per 100,000 with exact Poisson or Byar's",
        f"limits; {small:,} rate rows have fewer than 10 events), each with its value, 95% and",
        "99.8% intervals and its comparison with the England value at both levels.",
        "Run with `python -m benchmarks.run outcomes`.",
        "",
        f"- vectorised (childtrust.outcomes.methods, NumPy): median {median:.2f} s of {RUNS} runs"
        f" (each: {', '.join(f'{t:.2f}' for t in times)} s); aim {AIM_SECONDS:.0f} s: {verdict}",
        f"- row by row in plain Python (math module): {sample_seconds:.2f} s for a random sample"
        f" of {len(sample):,} rows, scaled up to {scaled:.1f} s for {rows:,}"
        f" (about {scaled / median:.0f} times slower)",
        f"- the two agree on the sample: every judgement the same, largest relative difference"
        f" in a value or limit {worst:.1e}",
        "- judgements at 95%: "
        + ", ".join(f"{name} {number:,}" for name, number in judgements[0.95].items()),
        "- judgements at 99.8%: "
        + ", ".join(f"{name} {number:,}" for name, number in judgements[0.998].items()),
        *_new_methods(),
        "",
        "Machine:",
        "",
        machine.as_markdown(machine.describe()),
    ]
    body = "\n".join(lines)
    print(body)
    report.write_section("outcomes", body)
