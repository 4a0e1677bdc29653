"""Benchmark stub for issue 13: filled in by its work."""

from __future__ import annotations


def run() -> None:
    raise SystemExit("Not written yet")
