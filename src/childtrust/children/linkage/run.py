"""One linkage run against the database: reads the agencies' records, links them (all of them
afresh, or only the unlinked ones against the index) and stores the children, statuses and
pairs for review. No permission check and no audit here: the service and the worker do both."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from childtrust.children.linkage.cleaning import RecordRow
from childtrust.children.linkage.pipeline import Outcome, Thresholds, link_all, link_new
from childtrust.children.linkage.store import outcome_store, reviews_supersede
from childtrust.children.models import AgencyRecord, LinkReview, LinkStatus, ReviewStatus
from childtrust.children.search_keys import search_keys_refresh_children

# A run that makes more children than this (a partnership's first load) stores its links
# without waiting for the new children's search keys (a minute at 600,000 children): the worker
# makes them straight after. Children it changed otherwise are keyed in the run, found at once.
KEYS_AT_ONCE = 20_000

_FIELDS = (
    "pk",
    "agency_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "nhs_number",
    "upn",
    "child_id",
    "link_status",
)


@dataclass
class LinkCounts:
    full: bool
    records: int = 0
    children_created: int = 0
    reviews_proposed: int = 0
    pairs_scored: int = 0
    #: Children made or changed by the run, whose search keys were refreshed (the only ones).
    children_changed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: New children whose search keys the worker makes after the run (KEYS_AT_ONCE).
    children_keys_waiting: int = 0

    def as_details(self) -> dict[str, object]:
        return {
            "full": self.full,
            "records": self.records,
            "children_created": self.children_created,
            "children_changed": self.children_changed,
            "children_keys_waiting": self.children_keys_waiting,
            "reviews_proposed": self.reviews_proposed,
            "pairs_scored": self.pairs_scored,
            "by_status": self.by_status,
        }


def linkage_thresholds() -> Thresholds:
    return Thresholds(upper=settings.CHILDTRUST_LINK_UPPER, lower=settings.CHILDTRUST_LINK_LOWER)


def model_path() -> Path:
    """Where the trained model is kept for incremental runs."""
    return Path(settings.VAR_DIR) / "linkage" / "model.json"


def _read() -> tuple[dict[int, RecordRow], dict[int, tuple[int | None, str]]]:
    rows: dict[int, RecordRow] = {}
    current: dict[int, tuple[int | None, str]] = {}
    records = AgencyRecord.objects.filter(anonymised_at__isnull=True).order_by()
    for values in records.values_list(*_FIELDS).iterator(chunk_size=20000):
        pk, agency, given, family, dob, sex, address, postcode, nhs, upn, child, status = values
        rows[pk] = RecordRow(pk, agency, given, family, dob, sex, address, postcode, nhs, upn)
        current[pk] = (child, status)
    return rows, current


def _decided() -> tuple[list[tuple[int, int]], list[list[int]]]:
    """Pairs a reviewer rejected, and pairs they accepted (kept together in a full run)."""
    decided = LinkReview.objects.filter(status__in=[ReviewStatus.REJECTED, ReviewStatus.ACCEPTED])
    rejected: list[tuple[int, int]] = []
    accepted: list[tuple[int, int]] = []
    for record, other, status in decided.values_list("record_id", "other_id", "status"):
        (rejected if status == ReviewStatus.REJECTED else accepted).append((record, other))
    return rejected, [list(pair) for pair in accepted]


def records_link_run(*, full: bool = False) -> LinkCounts:
    """Links the records: incrementally (only unlinked records, against the index) when a
    trained model and linked records exist and `full` is not asked for; else everything."""
    started = time.perf_counter()
    rows, current = _read()
    if not rows:  # nothing to link (Splink cannot train on no records)
        return LinkCounts(full=full, seconds=time.perf_counter() - started)
    rejected, accepted = _decided()
    new = [rid for rid, (_, status) in current.items() if status == LinkStatus.UNLINKED]
    linked = [
        (rows[rid], child)
        for rid, (child, status) in current.items()
        if child is not None and status != LinkStatus.UNLINKED
    ]
    outcome: Outcome | None = None
    if not full and linked:
        if not new:
            return LinkCounts(full=False, seconds=time.perf_counter() - started)
        outcome = link_new(
            linked,
            [rows[rid] for rid in new],
            linkage_thresholds(),
            model_path=model_path(),
            rejected=rejected,
            backend=settings.CHILDTRUST_LINKAGE_BACKEND,
        )
    counts = LinkCounts(full=outcome is None)
    if outcome is None:
        confirmed: dict[int, list[int]] = {}
        for rid, (child, status) in current.items():
            if status == LinkStatus.CONFIRMED and child is not None:
                confirmed.setdefault(child, []).append(rid)
        outcome = link_all(
            list(rows.values()),
            linkage_thresholds(),
            rejected=rejected,
            kept_together=[*confirmed.values(), *accepted],
            model_path=model_path(),
            backend=settings.CHILDTRUST_LINKAGE_BACKEND,
        )
    write = list(rows) if counts.full else new
    with transaction.atomic():
        stored = outcome_store(outcome, rows, current, write=write)
        reviews_supersede(
            {(p.left, p.right) for p in outcome.clusters.review},
            None if counts.full else set(new),
        )
        # A child made or changed by the run is found by name at once; the others' keys (most
        # of them, in a full run of a settled index) are not rewritten.
        keyed = stored.children_changed
        if len(stored.children_made) > KEYS_AT_ONCE:
            keyed -= stored.children_made
            transaction.on_commit(_search_keys_fill_enqueue)
            counts.children_keys_waiting = len(stored.children_made)
        search_keys_refresh_children(keyed)
    counts.records = stored.records
    counts.children_changed = len(stored.children_changed)
    counts.children_created = stored.children_created
    counts.reviews_proposed = stored.reviews_proposed
    counts.by_status = stored.by_status
    counts.pairs_scored = outcome.pairs_scored
    counts.seconds = time.perf_counter() - started
    return counts


def _search_keys_fill_enqueue() -> None:
    from childtrust.children.linkage.tasks import search_keys_fill  # the task module reads this one

    search_keys_fill.enqueue()
