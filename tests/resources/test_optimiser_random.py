"""The optimiser on smaller versions of the benchmark's random problem: every allocation it
proposes keeps every constraint (checked independently by the benchmark's checker), whole
blocks never beat fractions, and neither does the greedy baseline."""

from __future__ import annotations

from dataclasses import replace

import pytest
from benchmarks.resources import check, generate, greedy_solve

from childtrust.resources.optimiser import allocation_sensitivity, allocation_solve


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_allocations_keep_every_constraint_and_beat_the_greedy_baseline(seed: int) -> None:
    problem = generate(seed, services_wanted=150)
    linear_problem = replace(problem, whole_blocks=False)
    linear, whole = allocation_solve(linear_problem), allocation_solve(problem)
    assert linear.status == whole.status == "optimal"
    assert whole.mip_gap == 0
    assert all(blocks == round(blocks) for blocks in whole.blocks.values())
    for solved, posed in ((linear, linear_problem), (whole, problem)):
        outcome = check(posed, solved.children, solved.blocks)
        assert outcome.broken == []
        assert outcome.benefit == pytest.approx(solved.total_benefit)
        assert outcome.spend == pytest.approx(solved.total_spend)
        greedy = greedy_solve(posed)
        baseline = check(posed, greedy.children, greedy.blocks)
        if not baseline.broken:
            assert solved.total_benefit >= baseline.benefit - 1e-6
    assert whole.total_benefit <= linear.total_benefit + 1e-6
    assert {mv.kind for mv in linear.marginal_values} >= {"budget", "locality_floor"}


def test_random_budget_sensitivity_is_monotone() -> None:
    problem = replace(generate(4, services_wanted=150), whole_blocks=False)
    results = allocation_sensitivity(problem, (0.9, 1.0, 1.1))
    benefits = [results[scale].total_benefit for scale in (0.9, 1.0, 1.1)]
    assert benefits[0] < benefits[1] < benefits[2]
