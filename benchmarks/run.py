"""`make bench` runs every benchmark; `python -m benchmarks.run NAME` runs one."""

from __future__ import annotations

import sys
from collections.abc import Callable

from benchmarks import outcomes_methods, resources, voice_reach, web

BENCHMARKS: dict[str, Callable[[], None]] = {
    "web": web.run,
    "voice-reach": voice_reach.run,
    "outcomes": outcomes_methods.run,
    "resources": resources.run,
}


def main(argv: list[str]) -> int:
    names = list(BENCHMARKS) if argv[1:] in ([], ["all"]) else argv[1:]
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
