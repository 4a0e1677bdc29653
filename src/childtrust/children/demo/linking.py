"""The demo's child index, linked from the synthetic truth rather than by running linkage over
every record: each true child a Child, each record linked to it (by NHS number where it has
the child's, else automatically, or a new child when it is the child's only record), and some
pairs waiting for review: records of one child whose details differ enough to be uncertain
(one of them held apart as its own child until a reviewer says), twins, who share a birthday,
a home and a surname, and other brothers and sisters.

Which pairs are uncertain, and their evidence, are Splink's: the candidate pairs are scored
by a real model trained on the demo's records (demo.link_model, stored as package data rather
than trained at each load: training takes seconds, scoring these pairs about one), and each
review holds the evidence the real linkage stores (linkage.pipeline: the prior, then each
field's level and weight)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.db import models

from childtrust.children.demo.link_model import demo_link_model, record_row
from childtrust.children.demo.loading import ChildrenDemo
from childtrust.children.index_upkeep import child_references_next, child_summary_fields
from childtrust.children.linkage.cleaning import RecordRow
from childtrust.children.linkage.pipeline import Evidence, pairs_score
from childtrust.children.models import AgencyRecord, Child, LinkReview, LinkStatus
from childtrust.children.record_rows import FIELDS
from childtrust.children.synthetic import Extracts

# The uncertain probabilities a reviewer decides: linkage's own thresholds (settings).
REVIEW_BAND = (settings.CHILDTRUST_LINK_LOWER, settings.CHILDTRUST_LINK_UPPER)
# At most this many pairs of each kind wait for review (as many as the model finds uncertain).
SAME_CHILD_REVIEWS = 24
TWIN_REVIEWS = 10
SIBLING_REVIEWS = 10

Pair = tuple[AgencyRecord, AgencyRecord]
Uncertain = list[tuple[AgencyRecord, AgencyRecord, Evidence]]
T = TypeVar("T", bound=models.Model)


def pairs_scored(pairs: list[Pair]) -> list[Evidence]:
    """Each pair's evidence under the demo's trained model."""
    rows = [(_row(a), _row(b)) for a, b in pairs]
    return pairs_score(rows, demo_link_model()) if rows else []


def _row(record: AgencyRecord) -> RecordRow:
    return record_row(0, record.agency_id, {name: getattr(record, name) for name in FIELDS})


def _uncertain(pairs: list[Pair], scored: list[Evidence], wanted: int, used: set[int]) -> Uncertain:
    """Up to `wanted` pairs whose probability falls between the thresholds, a record in one
    review only (records not yet saved: by id(), kept in `used`)."""
    found: Uncertain = []
    low, high = REVIEW_BAND
    for (a, b), evidence in zip(pairs, scored, strict=True):
        if len(found) == wanted:
            break
        if id(a) in used or id(b) in used:
            continue
        if low <= evidence.match_probability <= high:
            found.append((a, b, evidence))
            used |= {id(a), id(b)}
    return found


def _same_child_pairs(held: dict[int, list[AgencyRecord]]) -> list[Pair]:
    return [
        (a, b) for records in held.values() for i, a in enumerate(records) for b in records[i + 1 :]
    ]


def _between(
    held: dict[int, list[AgencyRecord]], children: Iterable[tuple[int, int]]
) -> list[Pair]:
    """Every pair of records, one of each of two children."""
    return [
        (a, b) for one, other in children for a in held.get(one, []) for b in held.get(other, [])
    ]


def _brothers_and_sisters(
    extracts: Extracts,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pairs of children in one household: twins, and the others."""
    twin_of = extracts.children.twin_of.tolist()
    households: dict[int, list[int]] = {}
    for child, household in enumerate(extracts.children.household.tolist()):
        households.setdefault(household, []).append(child)
    twins: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    for members in households.values():
        for i, one in enumerate(members):
            for other in members[i + 1 :]:
                (twins if twin_of[one] == other else others).append((one, other))
    return twins, others


def index_insert(
    demo: ChildrenDemo, extracts: Extracts, records: dict[tuple[str, str], AgencyRecord]
) -> list[Child]:
    """The children (one a true child, plus one for each record held apart for review), the
    records (saved here, each with its link), and the reviews. Returns the true children's
    Child, in the truth's order."""
    held: dict[int, list[AgencyRecord]] = {}
    for key, child in extracts.truth().items():
        if key in records:  # a row the import rejected has no record
            held.setdefault(child, []).append(records[key])
    twin_children, sibling_children = _brothers_and_sisters(extracts)
    kinds = [
        (_same_child_pairs(held), SAME_CHILD_REVIEWS),
        (_between(held, twin_children), TWIN_REVIEWS),
        (_between(held, sibling_children), SIBLING_REVIEWS),
    ]
    scored = pairs_scored([pair for pairs, _ in kinds for pair in pairs])
    used: set[int] = set()
    same: Uncertain = []
    twins: Uncertain = []
    siblings: Uncertain = []
    start = 0
    for (pairs, wanted), found in zip(kinds, (same, twins, siblings), strict=True):
        found += _uncertain(pairs, scored[start : start + len(pairs)], wanted, used)
        start += len(pairs)
    apart = {id(b) for _, b, _ in same}
    truth_order = sorted(held)
    groups = [[r for r in held[c] if id(r) not in apart] for c in truth_order]
    groups += [[b] for _, b, _ in same]
    references = child_references_next(len(groups))
    children = [
        Child(reference=reference, **child_summary_fields(group))
        for reference, group in zip(references, groups, strict=True)
    ]
    demo.insert_quickly(Child, children)
    _keys_read(children, Child.objects.values_list("reference", "pk"), lambda c: c.reference)
    _link(demo, groups, children, extracts, held, truth_order)
    reviewed = same + twins + siblings
    for _, record, _ in reviewed:
        record.link_status = LinkStatus.REVIEW
    written = [record for group in groups for record in group]
    demo.insert_quickly(AgencyRecord, written)
    _keys_read(
        written,
        (
            ((agency, record_id), pk)
            for agency, record_id, pk in AgencyRecord.objects.values_list(
                "agency_id", "record_id", "pk"
            )
        ),
        lambda r: (r.agency_id, r.record_id),
    )
    demo.insert(
        LinkReview,
        [
            LinkReview(
                record=min(a, b, key=lambda r: r.pk),
                other=max(a, b, key=lambda r: r.pk),
                match_probability=evidence.match_probability,
                match_weight=evidence.match_weight,
                evidence=evidence.fields,
            )
            for a, b, evidence in reviewed
        ],
    )
    return children[: len(truth_order)]


def _keys_read(
    objects: list[T], saved: Iterable[tuple[object, int]], key: Callable[[T], object]
) -> None:
    """Gives objects written without their keys coming back (insert_quickly) their keys, found
    by what identifies them (the tables held none of them before)."""
    pks = dict(saved)
    for obj in objects:
        obj.pk = pks[key(obj)]
        obj._state.adding = False
        obj._state.db = "default"


def _link(
    demo: ChildrenDemo,
    groups: list[list[AgencyRecord]],
    children: list[Child],
    extracts: Extracts,
    held: dict[int, list[AgencyRecord]],
    truth_order: list[int],
) -> None:
    """Each record's child, how it was linked and how sure linkage was."""
    true_numbers = extracts.children.nhs_number.tolist()
    owner = {id(r): child for child in truth_order for r in held[child]}
    for group, child in zip(groups, children, strict=True):
        for record in group:
            record.child = child
            if len(group) == 1:
                record.link_status, record.match_probability = LinkStatus.NEW_CHILD, None
            elif record.nhs_number and record.nhs_number == true_numbers[owner[id(record)]]:
                record.link_status, record.match_probability = LinkStatus.NHS_NUMBER, 1.0
            else:
                record.link_status = LinkStatus.AUTOMATIC
                sure = REVIEW_BAND[1] + (1 - REVIEW_BAND[1]) * demo.rng.random()
                record.match_probability = round(min(sure, 0.9999), 4)
