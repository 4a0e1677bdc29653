"""Python's garbage collector, set for a long-running server process.

A page such as the plan's makes tens of thousands of short-lived objects; with Python's default
thresholds the collector's full passes over everything the process has loaded (Django, the apps,
the templates) land in the middle of some requests, and those requests take two to three times
the median (docs/benchmarks.md). So, once a server process has loaded the application, what it
has loaded is frozen out of the collector's passes (`gc.freeze`, as large Django sites do) and
the youngest generation is collected less often. Called by gunicorn's post_worker_init hook and
by the benchmarks that time pages, so that they measure what production runs."""

from __future__ import annotations

import gc

# Objects allocated (less those freed) before the youngest generation is collected; Python's
# default is 700. The older generations keep their default proportions.
YOUNGEST_THRESHOLD = 20_000


def collector_set_for_server() -> None:
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, middle * 5, oldest * 10)
