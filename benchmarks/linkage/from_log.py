"""Writes the Linkage section from a benchmark run's log (`python -m benchmarks.linkage.from_log
LOG`), for a run stopped before its end: each size's lines as measured, the rest marked."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from benchmarks import machine, report
from benchmarks.linkage.writing import section

_LINE = re.compile(
    r"^(?P<mode>service|splink) at (?P<records>[\d,]+) records: (?P<seconds>[\d.]+) s, "
    r"peak (?P<peak>[\d,]+) MB, precision (?P<precision>[\d.]+), recall (?P<recall>[\d.]+), "
    r"F1 (?P<f1>[\d.]+), (?P<reviews>[\d,]+) pairs"
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def results_of(log: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    by_size: dict[int, dict[str, dict[str, Any]]] = {}
    for line in log.splitlines():
        match = _LINE.match(line)
        if match:
            result = {
                "records": int(_number(match["records"])),
                "seconds": _number(match["seconds"]),
                "peak_mb": _number(match["peak"]),
                "precision": _number(match["precision"]),
                "recall": _number(match["recall"]),
                "f1": _number(match["f1"]),
                "reviews": int(_number(match["reviews"])),
            }
            by_size.setdefault(int(_number(match["records"])), {})[match["mode"]] = result
    return [
        (modes["service"], modes.get("splink"))
        for _, modes in sorted(by_size.items())
        if "service" in modes
    ]


def main(argv: list[str]) -> int:
    results = results_of(Path(argv[0]).read_text())
    running = argv[1] if len(argv) > 1 else "nothing else of note"
    report.write_section("linkage", section(results, None, machine.describe(), running))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
