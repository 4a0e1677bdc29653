"""`make bench` runs every benchmark; `python -m benchmarks.run NAME` runs one."""

from __future__ import annotations

import sys
from collections.abc import Callable

from benchmarks import (
    children_search,
    imports,
    outcomes_methods,
    resources,
    search,
    strategy,
    test_suite,
    voice_reach,
    web,
    workforce_import,
    workforce_measures,
    write_load,
)
from benchmarks.linkage import bench as linkage
from benchmarks.safeguarding import bench as safeguarding

BENCHMARKS: dict[str, Callable[[], None]] = {
    "web": web.run,
    "voice-reach": voice_reach.run,
    "outcomes": outcomes_methods.run,
    "resources": resources.run,
    "strategy": strategy.run,
    "workforce-measures": workforce_measures.run,
    "workforce-import": workforce_import.run,
    "imports": imports.run,
    "test-suite": test_suite.run,
    "write-load": write_load.run,
    "search": search.run,
    "children-search": children_search.run,
    "linkage": linkage.run,
    "safeguarding": safeguarding.run,
}

# Left out of `all`: the test suite runs CI twice from fresh clones (about 20 minutes) and needs
# the machine to itself, `make bench-tests` runs it; linkage at a million records uses both cores
# for about 15 minutes, `make bench-linkage` runs it.
NOT_IN_ALL = {"test-suite", "linkage"}


def main(argv: list[str]) -> int:
    everything = [name for name in BENCHMARKS if name not in NOT_IN_ALL]
    names = everything if argv[1:] in ([], ["all"]) else argv[1:]
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"Unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}.")
        return 2
    for name in names:
        print(f"== benchmark: {name}", flush=True)
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
