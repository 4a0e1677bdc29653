"""The demo's child index, linked from the synthetic truth rather than by running Splink (which
would cost the demo load, and every test session, tens of seconds): each true child a Child,
each record linked to it (by NHS number where it has the child's, else automatically, or a new
child when it is the child's only record), and some pairs waiting for review: records of one
child whose details differ enough to be uncertain (one of them held apart as its own child until
a reviewer says), and twins, who share a birthday, a home and a surname. A review's evidence is
a plain per-field comparison in the linkage's own form ({field, level, weight})."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.db import models
from jellyfish import jaro_winkler_similarity

from childtrust.children.demo.loading import ChildrenDemo
from childtrust.children.index_upkeep import child_references_next, child_summary_fields
from childtrust.children.models import AgencyRecord, Child, LinkReview, LinkStatus
from childtrust.children.synthetic import Extracts

PRIOR_WEIGHT = -16.0  # log2 of the odds that two records picked at random are one child
# The uncertain probabilities a reviewer decides: linkage's own thresholds (settings).
REVIEW_BAND = (settings.CHILDTRUST_LINK_LOWER, settings.CHILDTRUST_LINK_UPPER)
SAME_CHILD_REVIEWS = 24
TWIN_REVIEWS = 10

Evidence = list[dict[str, object]]
T = TypeVar("T", bound=models.Model)


def _names(a: str, b: str, agree: float, similar: float, differ: float) -> tuple[str, float]:
    if not a or not b:
        return "One or both blank", 0.0
    if a.lower() == b.lower():
        return "Exact match", agree
    if jaro_winkler_similarity(a.lower(), b.lower()) >= 0.88:
        return "Jaro-Winkler >= 0.88", similar
    return "All other comparisons", differ


def _exact(a: object, b: object, agree: float, differ: float) -> tuple[str, float]:
    if not a or not b:
        return "One or both blank", 0.0
    return ("Exact match", agree) if a == b else ("All other comparisons", differ)


def _born(a: AgencyRecord, b: AgencyRecord) -> tuple[str, float]:
    x, y = a.date_of_birth, b.date_of_birth
    if x is None or y is None:
        return "One or both blank", 0.0
    if x == y:
        return "Exact match", 7.0
    if (x.year, x.month, x.day) == (y.year, y.day, y.month):
        return "Day and month swapped", 3.0
    return "All other comparisons", -6.0


def _postcode(a: str, b: str) -> tuple[str, float]:
    if not a or not b:
        return "One or both blank", 0.0
    if a == b:
        return "Exact match", 5.0
    if a.split()[0] == b.split()[0]:
        return "Same district", 1.0
    return "All other comparisons", -2.0


_FIELDS: tuple[tuple[str, Callable[[AgencyRecord, AgencyRecord], tuple[str, float]]], ...] = (
    ("given_name", lambda a, b: _names(a.given_name, b.given_name, 6.5, 3.0, -4.0)),
    ("family_name", lambda a, b: _names(a.family_name, b.family_name, 6.0, 3.0, -3.5)),
    ("date_of_birth", _born),
    ("sex", lambda a, b: _exact(a.sex, b.sex, 0.5, -3.0)),
    ("postcode", lambda a, b: _postcode(a.postcode, b.postcode)),
    ("address", lambda a, b: _exact(a.address.lower(), b.address.lower(), 4.0, -1.0)),
    ("nhs_number", lambda a, b: _exact(a.nhs_number, b.nhs_number, 12.0, -10.0)),
)


@dataclass(frozen=True)
class Compared:
    weight: float
    probability: float
    evidence: Evidence


def compared(a: AgencyRecord, b: AgencyRecord) -> Compared:
    """How alike two records are: each field's level and weight, their sum with the prior."""
    evidence: Evidence = []
    weight = PRIOR_WEIGHT
    for name, compare in _FIELDS:
        level, part = compare(a, b)
        evidence.append({"field": name, "level": level, "weight": part})
        weight += part
    return Compared(weight, 1.0 / (1.0 + 2.0**-weight), evidence)


def _uncertain(
    pairs: Iterable[tuple[AgencyRecord, AgencyRecord]], wanted: int
) -> list[tuple[AgencyRecord, AgencyRecord, Compared]]:
    found = []
    used: set[int] = set()  # a record in one review only (records not yet saved: by id())
    low, high = REVIEW_BAND
    for a, b in pairs:
        if id(a) in used or id(b) in used:
            continue
        result = compared(a, b)
        if low <= result.probability <= high:
            found.append((a, b, result))
            used |= {id(a), id(b)}
            if len(found) == wanted:
                break
    return found


def _same_child_pairs(
    held: dict[int, list[AgencyRecord]],
) -> Iterable[tuple[AgencyRecord, AgencyRecord]]:
    for records in held.values():
        for i, a in enumerate(records):
            for b in records[i + 1 :]:
                yield a, b


def _twin_pairs(
    held: dict[int, list[AgencyRecord]], extracts: Extracts
) -> Iterable[tuple[AgencyRecord, AgencyRecord]]:
    for child, twin in enumerate(extracts.children.twin_of.tolist()):
        if twin > child and held.get(child) and held.get(twin):
            yield held[child][0], held[twin][0]


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
    same = _uncertain(_same_child_pairs(held), SAME_CHILD_REVIEWS)
    apart = {id(b) for _, b, _ in same}
    twins = _uncertain(_twin_pairs(held, extracts), TWIN_REVIEWS)
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
    for _, record, _ in same + twins:
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
                match_probability=result.probability,
                match_weight=result.weight,
                evidence=result.evidence,
            )
            for a, b, result in same + twins
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
