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

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    NHS_NUMBER = "nhs_number"
    AUTOMATIC = "automatic"
    NEW_CHILD = "new_child"
    REVIEW = "review"
    KEPT = "kept"  # an existing record left as it was


@dataclass(frozen=True)
class Identity:
    """What the guards need of a record."""

    agency: int
    nhs: str | None = None
    upn: str | None = None
    child: int | None = None  # its existing child (incremental runs)


@dataclass(frozen=True)
class Pair:
    left: int
    right: int
    probability: float
    twin_guard: bool = False  # first names clearly differ (not swapped) and no NHS number agrees


@dataclass
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
        self.parent = {rid: rid for rid in records}
        self.parts = {
            rid: _Component(
                members=[rid],
                nhs={i.nhs} if i.nhs else set(),
                upns={i.agency: {i.upn}} if i.upn else {},
                child=i.child,
            )
            for rid, i in records.items()
        }
        self.rejected: dict[int, set[int]] = {}
        for a, b in rejected:
            self.rejected.setdefault(a, set()).add(b)
            self.rejected.setdefault(b, set()).add(a)
        self.kind: dict[int, Kind] = {}
        self.probability: dict[int, float] = {}

    def root(self, rid: int) -> int:
        while self.parent[rid] != rid:
            self.parent[rid] = self.parent[self.parent[rid]]
            rid = self.parent[rid]
        return rid

    def _conflict(self, a: _Component, b: _Component, root_b: int) -> bool:
        if a.nhs and b.nhs and a.nhs != b.nhs:
            return True
        if a.child is not None and b.child is not None and a.child != b.child:
            return True
        for agency, upns in a.upns.items():
            if agency in b.upns and b.upns[agency] != upns:
                return True
        small = a if len(a.members) <= len(b.members) else b
        other = root_b if small is a else self.root(a.members[0])
        return any(self.root(x) == other for m in small.members for x in self.rejected.get(m, ()))

    def force(self, a: int, b: int) -> None:
        """Keeps together what a reviewer confirmed (or an existing child holds)."""
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self._merge(ra, rb)

    def _merge(self, ra: int, rb: int) -> None:
        a, b = self.parts[ra], self.parts[rb]
        if len(a.members) < len(b.members):
            ra, rb, a, b = rb, ra, b, a
        self.parent[rb] = ra
        a.members += b.members
        a.nhs |= b.nhs
        for agency, upns in b.upns.items():
            a.upns.setdefault(agency, set()).update(upns)
        a.child = a.child if a.child is not None else b.child
        del self.parts[rb]

    def join(self, pair: Pair, kind: Kind) -> bool:
        """Joins the pair's components unless a guard refuses; True if they are one after."""
        ra, rb = self.root(pair.left), self.root(pair.right)
        if ra == rb:
            return True
        a, b = self.parts[ra], self.parts[rb]
        if self._conflict(a, b, rb):
            return False
        self._merge(ra, rb)
        for rid in (pair.left, pair.right):
            if self.kind.get(rid) != Kind.NHS_NUMBER:
                self.kind[rid] = kind
            self.probability[rid] = max(self.probability.get(rid, 0.0), pair.probability)
        return True


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
    for pair in nhs_pairs(records):
        clustering.join(pair, Kind.NHS_NUMBER)
    held_back: list[Pair] = []
    for pair in sorted(pairs, key=lambda p: -p.probability):
        if pair.probability >= upper and not (use_guards and pair.twin_guard):
            if use_guards:
                if not clustering.join(pair, Kind.AUTOMATIC):
                    held_back.append(pair)
            else:
                _join_unguarded(clustering, pair)
        elif not pair.twin_guard:
            held_back.append(pair)
    return _finish(clustering, held_back)


def _join_unguarded(clustering: Clustering, pair: Pair) -> None:
    ra, rb = clustering.root(pair.left), clustering.root(pair.right)
    if ra != rb:
        clustering.parent[rb] = ra
        clustering.parts[ra].members += clustering.parts.pop(rb).members
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


def nhs_pairs(records: dict[int, Identity]) -> Iterable[Pair]:
    """A chain of pairs through each group of records sharing an NHS number."""
    first: dict[str, int] = {}
    for rid in sorted(records):
        nhs = records[rid].nhs
        if not nhs:
            continue
        if nhs in first:
            yield Pair(first[nhs], rid, 1.0)
        else:
            first[nhs] = rid
