"""Every data table in every template scrolls inside its own region, never the page (WCAG 1.4.10).

The browser test at 320 px (tests/browser/test_every_page_at_320.py) finds a wide table on the
pages the demo shows; this finds, in a moment, a table that no demo page shows wide yet: each
<table> sits directly in a <div class="app-table-region" role="region" tabindex="0"> named by
aria-label or aria-labelledby (or its older name, app-table-scroll).
"""

from __future__ import annotations

import re
from pathlib import Path

import childtrust

SOURCE = Path(childtrust.__file__).parent

TABLE = re.compile(r"<table\b")

REGION = re.compile(
    r'<div class="app-table-(region|scroll)[^"]*" role="region" '
    r'aria-(label|labelledby)="[^"]+" tabindex="0">\s*$'
)


def _tables_outside_a_region() -> list[str]:
    found = []
    for template in sorted(SOURCE.glob("*/templates/**/*.html")):
        lines = template.read_text().splitlines()
        for number, line in enumerate(lines):
            if not TABLE.search(line):
                continue
            before = next((text for text in reversed(lines[:number]) if text.strip()), "")
            if not REGION.search(before):
                found.append(f"{template.relative_to(SOURCE)}:{number + 1}")
    return found


def test_every_table_scrolls_in_its_own_labelled_focusable_region() -> None:
    outside = _tables_outside_a_region()
    assert not outside, (
        "Put each of these tables in its own region, the line before it "
        '<div class="app-table-region" role="region" aria-label="(its caption)" tabindex="0">:\n'
        + "\n".join(outside)
    )
