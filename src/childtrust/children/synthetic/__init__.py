"""Synthetic children and their agencies' extracts, with the truth, for the linkage benchmark,
its tests and the demo partnership. Made-up names and addresses; valid-looking identifiers.

    records, truth = agency_extracts(3000, agencies=["community-health", "schools"], seed=7)
    extracts = generate(100_000, agencies=[...], seed=1)  # columnar, for large runs
    write_agency_csvs(extracts, Path("extracts"))
"""

from childtrust.children.synthetic.extracts import (
    COLUMNS,
    ERROR_RATES,
    Extracts,
    agency_extracts,
    agency_kind,
    generate,
)
from childtrust.children.synthetic.files import write_agency_csvs

__all__ = [
    "COLUMNS",
    "ERROR_RATES",
    "Extracts",
    "agency_extracts",
    "agency_kind",
    "generate",
    "write_agency_csvs",
]
