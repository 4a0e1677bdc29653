"""From scored pairs to children: connected components of the links made automatically, with
guards that refuse a link the evidence cannot carry. Pure Python on ids, so it is tested
without a database.

- Records sharing a valid NHS number are one child.
- A component never holds two different NHS numbers, nor two records of one agency with
  different UPNs (an agency does not give one child two numbers).
- A pair a reviewer rejected is never joined again, even through other records.
- Records already in different children (an incremental run) are never merged automatically:
  a new record joins at most one existing child."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import jellyfish

from childtrust.children.linkage.nicknames import variants


class Refusal(StrEnum):
    NONE = "none"
    IDENTIFIERS = "identifiers"  # NHS numbers, UPNs or two existing children: a reviewer decides
    REJECTED = "rejected"  # a pair a reviewer said are different children: not proposed again
    HOUSEHOLD = "household"  # a record on each side clearly another child (names, dates)


class Kind(StrEnum):
    NHS_NUMBER = "nhs_number"
    AUTOMATIC = "automatic"
    NEW_CHILD = "new_child"
    REVIEW = "review"
    KEPT = "kept"  # an existing record left as it was


@dataclass(frozen=True, slots=True)
class Identity:
    """What the guards need of a record."""

    agency: int
    nhs: str | None = None
    upn: str | None = None
    child: int | None = None  # its existing child (incremental runs)
    given: str | None = None  # cleaned (cleaning.name_clean)
    family: str | None = None
    born: datetime.date | None = None


# Past this many cross pairs the name check between two components is left out (it is there for
# households, which are small; a component this big is a data problem for a reviewer anyway).
_NAME_CHECK_PAIRS = 400
_DATES_APART = 366
_SIMILAR_NAMES = 0.8
_SAME_START = 3


def first_names_clearly_differ(a: Identity, b: Identity) -> bool:
    """Both given names known, neither the other's nickname nor a near spelling of it, and not
    swapped with the family name: the mark of twins and siblings, not of one child."""
    if not a.given or not b.given or variants(a.given) & variants(b.given):
        return False
    if a.given == b.family or b.given == a.family:
        return False
    if a.given[:_SAME_START] == b.given[:_SAME_START]:
        return False  # Jonathan and Jonny, Alexander and Alex
    return jellyfish.jaro_winkler_similarity(a.given, b.given) < _SIMILAR_NAMES


@dataclass(frozen=True, slots=True)
class Pair:
    left: int
    right: int
    probability: float
    twin_guard: bool = False  # first names clearly differ (not swapped) and no NHS number agrees
    dates_differ: bool = False  # dates of birth more than a year apart: a reviewer decides


@dataclass(slots=True)
class _Component:
    members: list[int]
    nhs: set[str]
    upns: dict[int, set[str]]  # agency: UPNs
    child: int | None


@dataclass
class Clusters:
    component: dict[int, int]  # record: its component's root
    kind: dict[int, Kind]
    probability: dict[int, float]
    review: list[Pair] = field(default_factory=list)


class Clustering:
    def __init__(
        self, records: dict[int, Identity], rejected: Iterable[tuple[int, int]] = ()
    ) -> None:
        self.records = records
        # Only records joined to another are written here (a million records are mostly
        # alone): a record absent from `parent` is its own root, and from `parts` its own
        # component, made when first joined.
        self.parent: dict[int, int] = {}
        self.parts: dict[int, _Component] = {}
        self.rejected: dict[int, set[int]] = {}
        for a, b in rejected:
            self.rejected.setdefault(a, set()).add(b)
            self.rejected.setdefault(b, set()).add(a)
        self.kind: dict[int, Kind] = {}
        self.probability: dict[int, float] = {}

    def root(self, rid: int) -> int:
        parent = self.parent
        while (up := parent.get(rid, rid)) != rid:
            parent[rid] = parent.get(up, up)
            rid = parent[rid]
        return rid

    def part(self, root: int) -> _Component:
        found = self.parts.get(root)
        if found is None:
            one = self.records[root]
            found = self.parts[root] = _Component(
                members=[root],
                nhs={one.nhs} if one.nhs else set(),
                upns={one.agency: {one.upn}} if one.upn else {},
                child=one.child,
            )
        return found

    def _names_conflict(self, a: _Component, b: _Component) -> bool:
        """A record on each side whose first names clearly differ, with no NHS number to say
        they are one child: joining would chain siblings through a record with less in it."""
        if len(a.members) * len(b.members) > _NAME_CHECK_PAIRS:
            return False
        for x in a.members:
            one = self.records[x]
            for y in b.members:
                other = self.records[y]
                if first_names_clearly_differ(one, other) and not (
                    one.nhs and one.nhs == other.nhs
                ):
                    return True
        return False

    def _conflict(self, a: _Component, b: _Component, root_b: int, *, names: bool) -> Refusal:
        if self._identifiers_conflict(a, b):
            return Refusal.IDENTIFIERS
        if self._rejected_between(a, b, root_b):
            return Refusal.REJECTED
        if names and self._names_conflict(a, b):
            return Refusal.HOUSEHOLD
        return Refusal.NONE

    def _identifiers_conflict(self, a: _Component, b: _Component) -> bool:
        if a.nhs and b.nhs and a.nhs != b.nhs:
            return True
        if a.child is not None and b.child is not None and a.child != b.child:
            return True
        return any(agency in b.upns and b.upns[agency] != upns for agency, upns in a.upns.items())

    def _rejected_between(self, a: _Component, b: _Component, root_b: int) -> bool:
        small = a if len(a.members) <= len(b.members) else b
        other = root_b if small is a else self.root(a.members[0])
        return any(self.root(x) == other for m in small.members for x in self.rejected.get(m, ()))

    def force(self, a: int, b: int) -> None:
        """Keeps together what a reviewer confirmed (or an existing child holds)."""
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self._merge(ra, rb)

    def _merge(self, ra: int, rb: int) -> None:
        a, b = self.part(ra), self.part(rb)
        if len(a.members) < len(b.members):
            ra, rb, a, b = rb, ra, b, a
        self.parent[rb] = ra
        a.members += b.members
        a.nhs |= b.nhs
        for agency, upns in b.upns.items():
            a.upns.setdefault(agency, set()).update(upns)
        a.child = a.child if a.child is not None else b.child
        del self.parts[rb]

    def join(self, pair: Pair, kind: Kind, *, names: bool = True) -> Refusal:
        """Joins the pair's components unless a guard refuses, and says which refused."""
        ra, rb = self.root(pair.left), self.root(pair.right)
        if ra == rb:
            return Refusal.NONE
        a, b = self.part(ra), self.part(rb)
        refusal = self._conflict(a, b, rb, names=names)
        if refusal is not Refusal.NONE:
            return refusal
        self._merge(ra, rb)
        for rid in (pair.left, pair.right):
            if self.kind.get(rid) != Kind.NHS_NUMBER:
                self.kind[rid] = kind
            self.probability[rid] = max(self.probability.get(rid, 0.0), pair.probability)
        return Refusal.NONE


def clusters_build(
    records: dict[int, Identity],
    pairs: Iterable[Pair],
    *,
    upper: float,
    rejected: Iterable[tuple[int, int]] = (),
    use_guards: bool = True,
    kept_together: Iterable[list[int]] = (),
) -> Clusters:
    """Links records with a shared NHS number, then every pair at or above `upper` (best
    first) that the guards allow; proposes for review the best pair between two components
    left apart that scored below `upper` (or was refused a link by an identifier)."""
    clustering = Clustering(records, rejected if use_guards else ())
    for group in kept_together:
        for rid in group[1:]:
            clustering.force(group[0], rid)
    # Best first, and equal ones by their records: the backends return pairs in no set order,
    # and a record scoring the same with two children must go the same way on each.
    ordered = sorted(pairs, key=lambda p: (-p.probability, p.left, p.right))
    if not use_guards:
        for pair in ordered:
            if pair.probability >= upper:
                _join_unguarded(clustering, pair)
        return _finish(clustering, [])
    for pair in nhs_pairs(records):
        clustering.join(pair, Kind.NHS_NUMBER, names=False)
    return _finish(clustering, _link_guarded(clustering, ordered, upper))


def _link_guarded(clustering: Clustering, ordered: list[Pair], upper: float) -> list[Pair]:
    """Joins each pair at or above `upper` the guards allow; returns the pairs for review."""
    held_back: list[Pair] = []
    for pair in ordered:
        if pair.twin_guard:
            continue  # twins or siblings: not proposed at all
        if pair.probability >= upper and not pair.dates_differ:
            if clustering.join(pair, Kind.AUTOMATIC) is Refusal.IDENTIFIERS:
                held_back.append(pair)
        elif pair.probability >= upper or not pair.dates_differ:
            held_back.append(pair)
    return held_back


def _join_unguarded(clustering: Clustering, pair: Pair) -> None:
    ra, rb = clustering.root(pair.left), clustering.root(pair.right)
    if ra != rb:
        clustering.parent[rb] = ra
        clustering.part(ra).members += clustering.part(rb).members
        del clustering.parts[rb]
    for rid in (pair.left, pair.right):
        clustering.kind[rid] = Kind.AUTOMATIC


def _finish(clustering: Clustering, held_back: list[Pair]) -> Clusters:
    component = {rid: clustering.root(rid) for rid in clustering.records}
    best: dict[tuple[int, int], Pair] = {}
    for pair in held_back:
        key = tuple(sorted((component[pair.left], component[pair.right])))
        if key[0] == key[1] or pair.right in clustering.rejected.get(pair.left, ()):
            continue
        if key not in best or best[key].probability < pair.probability:  # type: ignore[index]
            best[key] = pair  # type: ignore[index]
    kind = dict(clustering.kind)
    review = sorted(best.values(), key=lambda p: -p.probability)
    for pair in review:
        for rid in (pair.left, pair.right):
            kind[rid] = Kind.REVIEW
    for rid in clustering.records:
        kind.setdefault(rid, Kind.NEW_CHILD)
    return Clusters(
        component=component, kind=kind, probability=clustering.probability, review=review
    )


def dates_clearly_differ(a: Identity, b: Identity) -> bool:
    """Both dates of birth known, more than a year apart, and not the day and month swapped."""
    if a.born is None or b.born is None:
        return False
    if (a.born.month, a.born.day) == (b.born.day, b.born.month):
        return False
    return abs((a.born - b.born).days) > _DATES_APART


def _wrong_number_likely(a: Identity, b: Identity) -> bool:
    """Two records sharing an NHS number but neither first name nor date of birth: one number
    was probably typed against the wrong child, so Splink decides, not the number alone."""
    if a.born is None or b.born is None or a.born == b.born:
        return False
    swapped = (a.born.month, a.born.day) == (b.born.day, b.born.month)
    return not swapped and first_names_clearly_differ(a, b)


def nhs_pairs(records: dict[int, Identity]) -> Iterable[Pair]:
    """A pair from the first record with each NHS number to each other record with it."""
    first: dict[str, int] = {}
    for rid in sorted(records):
        nhs = records[rid].nhs
        if not nhs:
            continue
        if nhs not in first:
            first[nhs] = rid
        elif not _wrong_number_likely(records[first[nhs]], records[rid]):
            yield Pair(first[nhs], rid, 1.0)
