"""An entry's id says what it is: its kind's band (and, for people, whether they are still in
post) times a trillion, plus the record's id. Both databases' full-text indexes give back the
ids of what matched, so the search can count and rank each kind, and leave out what the
searcher may not find, without reading the entries' table for every match: only the few it
shows are read."""

from __future__ import annotations

from childtrust.partnership.models import SearchKind

BAND = 10**12
_BANDS: dict[tuple[str, bool], int] = {
    (SearchKind.SERVICE, True): 1,
    (SearchKind.AGENCY, True): 2,
    (SearchKind.TEAM, True): 3,
    (SearchKind.LOCALITY, True): 4,
    (SearchKind.STAFF, True): 5,
    (SearchKind.STAFF, False): 6,  # no longer in post
}
_OF_BAND = {band: key for key, band in _BANDS.items()}


def entry_id(kind: str, object_id: int, *, is_current: bool = True) -> int:
    if not 0 < object_id < BAND:
        raise ValueError(f"A record id the search cannot hold: {object_id}")
    return _BANDS[(kind, is_current or kind != SearchKind.STAFF)] * BAND + object_id


def kind_of(entry: int) -> tuple[str, bool] | None:
    """(kind, still current) of an entry's id; None for an id in no band (an entry written
    before ids had bands: `childtrust search_index_rebuild` makes it anew)."""
    return _OF_BAND.get(entry // BAND)
