"""Where the pooled budget does the most good: a linear (or, with whole blocks, mixed-integer)
programme solved by HiGHS through SciPy.

This package knows nothing of Django: it takes plain figures (an `AllocationProblem`) and returns
plain figures (an `AllocationResult`), so that the service layer, the benchmark and the tests all
use the same code. It is a package by subject: problem.py (the figures and their checks),
programme.py (the rows and columns), solve.py, infeasible.py (conflicts in words) and
alternatives.py (sensitivity, independent agencies). SciPy is imported only inside the
functions that solve: importing it costs over a second in every process that never optimises.

The programme (the utilitarian criterion: the most expected benefit to children):

    maximise    sum over services s and localities l of  benefit_s * children[s, l]
    subject to  children[s, l] <= demand[s, l]                    (no more than need it)
                sum_l children[s, l] <= capacity_s                (each service's capacity)
                sum_s spend_s <= budget                           (the pooled and aligned money)
                spend on services outside partner p <= budget - aligned_p
                                                                  (aligned money stays with p)
                spend_s >= statutory_minimum_s and >= ring_fenced_s
                spend on places in locality l >= floor_share * sum_s spend_s
                                                                  (no area left out)
                a statutory service's places and spend fixed at its statutory level
    where       spend_s = cost_per_child_s * sum_l children[s, l], or, for a service funded in
                whole blocks, block_cost_s * blocks_s with sum_l children[s, l] <=
                block_children_s * blocks_s and blocks_s a whole number when whole_blocks is set.

then, lexicographically, with the benefit held at that best (within BENEFIT_TOLERANCE, a
hundred-millionth), minimise the total change from this year's spend on places: the sum over
(service, locality) of |places - this year's places| x the cost of a place, linearised with a
deviation column per pair. The answer is rounded to whole places by solving the same two steps
again with each pair's places a whole number between its value rounded down and up.

Choices made here (and why):

- The locality floor is a share of the money allocated (what every service spends), not of the
  budget. As a
  share of the budget it rose with the money until a locality's services could take no more, and
  the demo at a 30% floor became infeasible with 10% more money. Any allocation that met a share
  of the budget meets the same share of what it spends (it spends no more than the budget), so
  the floors are never tighter than before, and more money never makes a feasible problem
  infeasible nor its best benefit lower (a property test holds it). Money a floor holds back is
  left unallocated, and the page says so. Written against the partners' spend columns (the budget
  row's own sum) it costs HiGHS little; against a column of the places' cost alone, the
  benchmark's mixed-integer solve was five times slower (docs/benchmarks.md).
- A statutory service (its budget line names a statutory basis) is not optimised: its places are
  every child who needs it within its capacity (shared by demand in whole places), its spend
  those places' cost or its statutory minimum if more, fixed before the rest is chosen.
- Among equally good allocations the one nearest this year's is chosen, and the programme is
  built in one order (services, localities and partners by key) whatever the input's, so that
  HiGHS breaks any tie that remains alike: shuffling the input changes nothing. The blocks are
  those the first (mixed-integer) solve chose; the second solve is linear.
- Places are whole. A minimum is money the service must be given: when whole places cost a
  little less, the part of a place it pays for is given too (a top-up column of less than one
  place, open only when rounding). A floor may miss its share by no more than the cost of its
  locality's part-places (one place for each pair the first answer left in part). The
  rounding's effect on the benefit is kept (benefit_before_rounding).

- Only (service, locality) pairs with demand above nought get a variable: the benchmark's 2,000
  services in 16 localities stay a sparse programme.
- A block-costed service always has a blocks variable; with `whole_blocks` it is an integer
  (scipy.optimize.milp), otherwise continuous, which is the same as paying block_cost /
  block_children per child. A service never runs more blocks than its capacity needs
  (blocks <= ceil(capacity / block_children)). After solving, blocks bought beyond what the
  children served and the service's minimum need are given back: they add nothing.
- For the locality floor a block service's spend is attributed at block_cost / block_children per
  child served there; the unused part of its last block counts towards no locality. In the result
  a block service's whole spend is shared over its localities in proportion to children served.
- `budget_scale` scales the pooled and aligned money (the budget and each partner's aligned
  limit). Money ring-fenced to a service does not scale, any more than a statutory minimum set by
  law: a grant comes with its own conditions, which do not change when the other money does, so
  its service must still be given it. In effect a cut or a rise falls on the money that is not
  ring-fenced. (Scaling the ring-fenced minimums too made a 10% rise impossible whenever a grant
  already paid for a service's every place.)
- The mixed-integer problem has no duals, so its blocks are fixed at their optimal whole numbers
  and the linear programme solved again: the marginal values are those of that programme.
- Marginal values are the change in total benefit for one more pound on the limit. "The budget" is
  one more pound of pooled money (so it includes what that pound does to the aligned limits). An
  aligned pound is a pound moved from pooled to aligned (usually < 0); a minimum's or a floor's
  value is that of raising it by a pound (usually < 0); capacity and demand
  are per pound's worth of places (the dual per child divided by the cost per child).
- Results hold only (service, locality) pairs with children or spend above nought.
- A service that cannot serve everyone who needs it serves each locality in proportion to its
  demand, unless that breaks a locality floor (the solver's own split is then kept): that split
  is among the nearest to this year's (which is spread by demand too), see _spread_by_demand.
- Money rows count thousands of pounds and each partner's spend is a column of its own, so the
  budget and aligned rows have one entry per partner: HiGHS is several times faster that way.
- An infeasible problem is explained in words: first cheap direct checks (a minimum a service
  cannot spend, minimums above the budget, floors above the budget or out of reach of the services
  in a locality, minimums outside a partner above what its aligned money leaves), and if none
  applies an elastic programme that lets the budget, aligned limits, minimums and floors give way
  at a cost of one per pound: the constraints with a dual above nought there are the ones
  pressing against each other, named together with the pounds they are short. When only whole
  blocks make it infeasible, that is said too.
"""

from __future__ import annotations

from childtrust.resources.optimiser.alternatives import (
    allocation_sensitivity,
    independent_agencies_solve,
)
from childtrust.resources.optimiser.infeasible import allocation_conflicts
from childtrust.resources.optimiser.problem import (
    AllocationProblem,
    AllocationResult,
    Key,
    MarginalValue,
    PartnerFunds,
    ServiceOption,
    allocation_problem_validate,
    money,
)
from childtrust.resources.optimiser.solve import allocation_solve

__all__ = [
    "AllocationProblem",
    "AllocationResult",
    "Key",
    "MarginalValue",
    "PartnerFunds",
    "ServiceOption",
    "allocation_conflicts",
    "allocation_problem_validate",
    "allocation_sensitivity",
    "allocation_solve",
    "independent_agencies_solve",
    "money",
]
