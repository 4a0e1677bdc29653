"""The duplication candidates as a table for the CSV download (the candidates themselves are
selectors.costings.duplication_candidates)."""

from __future__ import annotations

from collections.abc import Sequence

from childtrust.core.csv_files import spreadsheet_safe
from childtrust.resources.selectors.costings import DuplicationCandidate


def duplication_table(candidates: Sequence[DuplicationCandidate]) -> list[list[str]]:
    """The candidates as rows of text for the CSV download, with a header row."""
    rows = [
        [
            "Dearer service",
            "Dearer agency",
            "Dearer cost per child (£)",
            "Dearer children in shared localities",
            "Cheaper service",
            "Cheaper agency",
            "Cheaper cost per child (£)",
            "Cheaper children in shared localities",
            "Target group",
            "Outcomes in common",
            "Localities in common",
            "Children moved",
            "Potential saving (£)",
            "Children involved with both",
        ]
    ]
    for c in candidates:
        rows.append(
            [
                spreadsheet_safe(c.dearer.service.name),
                spreadsheet_safe(c.dearer.agency.name),
                str(c.dearer.costing.cost_per_child),
                str(c.dearer.children_in_shared),
                spreadsheet_safe(c.cheaper.service.name),
                spreadsheet_safe(c.cheaper.agency.name),
                str(c.cheaper.costing.cost_per_child),
                str(c.cheaper.children_in_shared),
                c.target_group_label,
                "; ".join(o.name for o in c.outcomes),
                "; ".join(loc.name for loc in c.localities),
                str(c.children_moved),
                str(c.saving),
                c.children_in_both_words,
            ]
        )
    return rows
