"""Writing a linkage outcome to the child index: each component of records becomes a child
(the existing child most of its records already have, else a new one with the next
reference), each record gets its child, how it was linked and its match probability, and each
pair left uncertain a LinkReview with its evidence. Written in bulk: a million records must
store in seconds, not hours."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from childtrust.children.index_upkeep import Shown, child_references_next, child_summary_fields
from childtrust.children.linkage.cleaning import RecordRow
from childtrust.children.linkage.clustering import Kind
from childtrust.children.linkage.pipeline import Outcome
from childtrust.children.models import AgencyRecord, Child, LinkReview, LinkStatus, ReviewStatus

_STATUS = {
    Kind.NHS_NUMBER: LinkStatus.NHS_NUMBER,
    Kind.AUTOMATIC: LinkStatus.AUTOMATIC,
    Kind.NEW_CHILD: LinkStatus.NEW_CHILD,
    Kind.REVIEW: LinkStatus.REVIEW,
}
_BATCH = 5000


@dataclass(frozen=True)
class Stored:
    records: int
    children_created: int
    reviews_proposed: int
    by_status: dict[str, int]
    #: The children whose search keys no longer hold (children.search_keys): made by this run,
    #: given or losing a record, holding a record that was new or changed (unlinked before the
    #: run), or showing another name or postcode. Every other child's keys are as they were.
    children_changed: frozenset[int] = frozenset()
    #: The children made by this run (among those changed).
    children_made: frozenset[int] = frozenset()


def outcome_store(
    outcome: Outcome,
    rows: dict[int, RecordRow],
    current: dict[int, tuple[int | None, str]],
    *,
    write: Iterable[int],
) -> Stored:
    """Stores the outcome for the records in `write` (all of them in a full run, the new
    ones in an incremental run). `current`: each record's child and link status now."""
    write = list(write)
    components: dict[int, list[int]] = {}
    for rid, root in outcome.clusters.component.items():
        components.setdefault(root, []).append(rid)
    child_of = _children_for(components, current, {outcome.clusters.component[r] for r in write})
    created = _children_create(child_of, components, rows)
    changed = _children_refresh_existing(child_of, components, rows, created) | created
    statuses: Counter[str] = Counter()
    updates = []
    for rid in write:
        status = _STATUS[outcome.clusters.kind.get(rid, Kind.NEW_CHILD)]
        if current[rid][1] == LinkStatus.CONFIRMED and status != LinkStatus.REVIEW:
            status = LinkStatus.CONFIRMED
        statuses[status] += 1
        child = child_of[outcome.clusters.component[rid]]
        updates.append((child, str(status), outcome.clusters.probability.get(rid), rid))
        was, was_status = current[rid]
        if was != child or was_status == LinkStatus.UNLINKED:
            changed.update(c for c in (was, child) if c is not None)
    _records_update(updates)
    proposed = _reviews_store(outcome)
    return Stored(
        len(updates),
        len(created),
        proposed,
        dict(statuses),
        frozenset(changed),
        frozenset(created),
    )


def _children_for(
    components: dict[int, list[int]],
    current: dict[int, tuple[int | None, str]],
    roots: set[int],
) -> dict[int, int | None]:
    """{component root: its existing child, or None for a new one}: the child most of its
    records have, each existing child given to one component only (the largest share)."""
    claims: list[tuple[int, int, int]] = []  # (records agreeing, root, child)
    for root in roots:
        held = Counter(c for r in components[root] if (c := current[r][0]) is not None)
        claims += [(count, root, child) for child, count in held.items()]
    child_of: dict[int, int | None] = dict.fromkeys(roots)
    taken: set[int] = set()
    for _, root, child in sorted(claims, key=lambda c: (-c[0], c[1])):
        if child_of[root] is None and child not in taken:
            child_of[root] = child
            taken.add(child)
    return child_of


def _summary(members: list[int], rows: dict[int, RecordRow]) -> Shown:
    return child_summary_fields([rows[r] for r in sorted(members)])


def _children_create(
    child_of: dict[int, int | None], components: dict[int, list[int]], rows: dict[int, RecordRow]
) -> set[int]:
    """Makes a child for each component without one; returns the new children's keys."""
    needing = [root for root, child in child_of.items() if child is None]
    references = child_references_next(len(needing))
    made = _children_insert(
        [
            (reference, _summary(components[root], rows))
            for root, reference in zip(needing, references, strict=True)
        ]
    )
    for root, reference in zip(needing, references, strict=True):
        child_of[root] = made[reference]
    return set(made.values())


_CHILD_COLUMNS = (
    "reference",
    "given_name",
    "family_name",
    "date_of_birth",
    "postcode",
    "shielded",
    "shielded_reason",
    "care_leaver",
    "created_at",
    "modified_at",
)


def _children_insert(children: list[tuple[str, Shown]]) -> dict[str, int]:
    """Stores new children (reference, shown fields) by one prepared statement run for each: the
    ORM's bulk_create spends longer making 600,000 model instances than the database spends
    storing them. Returns {reference: key}."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    values = [
        (
            reference,
            shown["given_name"],
            shown["family_name"],
            ops.adapt_datefield_value(shown["date_of_birth"]),
            shown["postcode"],
            False,
            "",
            False,
            now,
            now,
        )
        for reference, shown in children
    ]
    columns = ", ".join(ops.quote_name(column) for column in _CHILD_COLUMNS)
    sql = (
        f"INSERT INTO {ops.quote_name(Child._meta.db_table)} ({columns}) "  # noqa: S608 (our own names)
        f"VALUES ({', '.join(['%s'] * len(_CHILD_COLUMNS))})"
    )
    made: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(values), _BATCH):
            batch = values[start : start + _BATCH]
            cursor.executemany(sql, batch)
            stored = Child.objects.filter(reference__in=[row[0] for row in batch])
            made.update(stored.values_list("reference", "pk"))
    return made


def _children_refresh_existing(
    child_of: dict[int, int | None],
    components: dict[int, list[int]],
    rows: dict[int, RecordRow],
    created: set[int],
) -> set[int]:
    """Brings each existing child's shown fields up to date with its records, writing only
    those that changed (those whose records all come from this run). Returns their keys."""
    kept = {root: child for root, child in child_of.items() if child and child not in created}
    if not kept:
        return set()
    now = timezone.localtime()
    shown = Child.objects.in_bulk(list(kept.values()))
    changed = []
    for root, child_pk in kept.items():
        child = shown[child_pk]
        if not all(r in rows for r in components[root]):
            continue
        fields = _summary(components[root], rows)
        if any(getattr(child, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(child, name, value)
            child.modified_at = now
            changed.append(child)
    Child.objects.bulk_update(
        changed,
        ["given_name", "family_name", "date_of_birth", "postcode", "modified_at"],
        batch_size=500,
    )
    return {child.pk for child in changed}


def _records_update(updates: list[tuple[int | None, str, float | None, int]]) -> None:
    table = AgencyRecord._meta.db_table
    sql = (
        f"UPDATE {table} SET child_id = %s, link_status = %s, match_probability = %s WHERE id = %s"  # noqa: S608 (names of our own tables)
    )
    with connection.cursor() as cursor:
        for start in range(0, len(updates), _BATCH):
            cursor.executemany(sql, updates[start : start + _BATCH])


def _reviews_store(outcome: Outcome) -> int:
    """Proposes each uncertain pair not decided before; pending pairs no longer proposed are
    superseded. Returns how many pairs wait for review from this run."""
    proposed = {(p.left, p.right): p for p in outcome.clusters.review}
    # Every pair ever proposed (a small table): a decided pair is never proposed again.
    existing = {(r.record_id, r.other_id): r for r in LinkReview.objects.all()}
    fresh, refreshed = [], []
    for key, pair in proposed.items():
        evidence = outcome.evidence.get(key)
        weight = evidence.match_weight if evidence else 0.0
        fields = evidence.fields if evidence else []
        review = existing.get(key)
        if review is None:
            fresh.append(
                LinkReview(
                    record_id=key[0],
                    other_id=key[1],
                    match_probability=pair.probability,
                    match_weight=weight,
                    evidence=fields,
                )
            )
        elif review.status == ReviewStatus.PENDING:
            review.match_probability, review.match_weight = pair.probability, weight
            review.evidence = fields
            refreshed.append(review)
    LinkReview.objects.bulk_create(fresh, batch_size=_BATCH)
    LinkReview.objects.bulk_update(
        refreshed, ["match_probability", "match_weight", "evidence"], batch_size=500
    )
    return len(fresh) + len(refreshed)


def reviews_supersede(kept: set[tuple[int, int]], records: set[int] | None) -> int:
    """Marks pending pairs this run did not propose again (about `records`, or any) as no
    longer needed."""
    pending = LinkReview.objects.filter(status=ReviewStatus.PENDING)
    if records is not None:
        pending = pending.filter(record_id__in=records) | pending.filter(other_id__in=records)
    stale = [
        r.pk
        for r in pending.only("pk", "record_id", "other_id")
        if (r.record_id, r.other_id) not in kept
    ]
    LinkReview.objects.filter(pk__in=stale).update(status=ReviewStatus.SUPERSEDED)
    return len(stale)
