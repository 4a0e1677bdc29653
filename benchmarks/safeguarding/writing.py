"""The safeguarding benchmark's section of docs/benchmarks.md, from its results."""

from __future__ import annotations

from typing import Any

from benchmarks import harness
from benchmarks.safeguarding import data, measures

AIM_MS = 50.0
AIM_NIGHTLY_SECONDS = 60.0
NIGHTS = (("first_night", "first, over the history"), ("next_night", "the next night"))


def _met(met: bool) -> str:
    return "met" if met else "NOT met"


def _aims(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = harness.p95_aim_lines(
        {label: result["concerns"] for label, result in results.items()}, AIM_MS
    )
    for label, result in results.items():
        for key, name in NIGHTS:
            seconds = result[key]["seconds"]
            lines.append(
                f"- {label}: the nightly evaluation ({name}) {seconds:.1f} s "
                f"(aim: under {AIM_NIGHTLY_SECONDS:.0f} s): "
                f"{_met(seconds < AIM_NIGHTLY_SECONDS)}."
            )
    return lines


def _per_alert(results: dict[str, dict[str, Any]]) -> list[str]:
    """Where a night's time goes: per alert raised, its share of the time and statements."""
    lines = []
    for label, result in results.items():
        for key, name in NIGHTS:
            night = result[key]
            if night["alerts_raised"]:
                lines.append(
                    f"- {label}, {name}: {night['alerts_raised']:,} alerts raised, "
                    f"{night['seconds'] * 1000 / night['alerts_raised']:.1f} ms for each (the "
                    f"whole run's time, divided), in {night['statements']:,} statements in all."
                )
    return lines


def _raising(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for label, result in results.items():
        new = result["concerns"]
        if "raising" in new:
            lines.append(
                f"- {label}, new concerns: the {new['raising']:,} that raised a new alert, "
                f"p95 {new['raising_p95_ms']:.1f} ms; the other "
                f"{new['concerns'] - new['raising']:,}, p95 {new['other_p95_ms']:.1f} ms."
            )
    return lines


def section(
    results: dict[str, dict[str, Any]], scale: data.Scale, load: harness.Load | None
) -> str:
    first = next(iter(results.values()))["build"] if results else {}
    timed = next(iter(results.values()))["concerns"]["concerns"] if results else 0
    lines = [
        f"## Safeguarding: from a new concern to its alert, and the nightly evaluation, over "
        f"{scale.concerns:,} concerns (`make bench-safeguarding`)",
        "",
        f"{first.get('children', scale.children):,} children in the child index and "
        f"{first.get('concerns', scale.concerns):,} concerns about them over {data.YEARS} years "
        f"from {len(data.AGENCIES)} agencies (police, social care, health, CAMHS, youth, a "
        f"charity and three schools), in {len(data.CATEGORIES)} categories and three "
        f"severities, skewed as a city's are: {first.get('children_with_concerns', 0):,} "
        f"children have any, the median of those {first.get('per_child_median', 0):.0f}, one "
        f"in a hundred over {first.get('per_child_p99', 0):.0f} and the most "
        f"{first.get('per_child_max', 0):,}, most of each child's falling within a few weeks. "
        f"{first.get('open_plans', scale.open_plans):,} open child protection plans (and "
        f"{scale.ended_plans:,} ended) and the default alert rules "
        f"({'; '.join(first.get('rules', [])) or 'none'}). Written in bulk (COPY on "
        "PostgreSQL, executemany on SQLite), then analysed.",
        "",
        "Each step then runs in a process of its own: the first nightly evaluation "
        "(`alerts_evaluate_all`), which raises every alert two years of history call for; then "
        f"{timed:,} new concerns, each "
        "recorded through `concern_record` (which runs the rules for that child in its "
        "transaction, `alerts_for_concern`) by a front door officer of a random agency, about "
        "a child with an open plan, a child with a recent concern or any child, in turn, after "
        f"{measures.WARM_UP} not timed; then the next night's evaluation. The time is the "
        "service call's, end to end, with its audit event.",
        "",
        "| database | loaded s | concerns timed | p50 ms | p95 ms | max ms | alerted | "
        "alerts raised | statements, median (most) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, result in results.items():
        new = result["concerns"]
        lines.append(
            f"| {label} | {result['build']['load_seconds']:.0f} | {new['concerns']:,} | "
            f"{new['p50_ms']:.1f} | {new['p95_ms']:.1f} | {new['max_ms']:.1f} | "
            f"{new['alerted']:,} | {new['alerts_raised']:,} | "
            f"{new['statements_median']:.0f} ({new['statements_max']:,}) |"
        )
    lines += [
        "",
        "'Alerted': the new concerns an alert names (raised or extended by it). 'Statements': "
        "those one `concern_record` call sends to the database, savepoints included (each a "
        "round trip).",
        "",
        "| database | nightly evaluation | wall s | peak MB | of which before the run MB | "
        "alerts raised | open after | statements |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, result in results.items():
        for key, name in NIGHTS:
            night = result[key]
            lines.append(
                f"| {label} | {name} | {night['seconds']:.1f} | {night['process_peak_mb']:,.0f}"
                f" | {night['peak_before_mb']:,.0f} | {night['alerts_raised']:,} | "
                f"{night['alerts_open']:,} | {night['statements']:,} |"
            )
    lines += ["", *_per_alert(results), *_raising(results), "", *_aims(results)]
    lines += harness.machine_lines(load)
    return "\n".join(lines)
