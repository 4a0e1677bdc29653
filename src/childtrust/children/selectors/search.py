"""Finding a child by name (typos, nicknames and other spellings), date of birth and postcode.

The search looks its words up in the indexed keys (children.search_keys), shortlists the
children whose keys match most, then ranks the shortlist by closeness: each word of the search
against the child's nearest name word (Jaro-Winkler on the usual forms), and the date of birth
and postcode given. A date of birth given must match (or be the same with day and month
swapped, a common slip); a postcode given must match, in full or by its district ('SO14').
Results come only from access.children_findable_by; a reader who may break glass is told that
a shielded record matches, with its reference and never its name. One audit event a search."""

from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import jellyfish
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.models import AgencyRecord, Child, ChildSearchKey, Involvement
from childtrust.children.models import SearchKeyKind as Kind
from childtrust.children.search_keys import name_words, postcode_parts, usual_form, word_keys
from childtrust.core.permissions import require

# The shortlist ranked in Python: enough for the commonest surname in a city of 60,000
# children once a date of birth or postcode narrows it, small enough to rank in milliseconds.
SHORTLIST = 200
# Below these closenesses of names a shortlisted child is not shown: the sounds matched, the
# spelling is too far ('Ann' and 'Anwen'), overall or in any one word.
NAME_CLOSENESS_FLOOR = 0.80
WORD_CLOSENESS_FLOOR = 0.75
# Children read from the keys' index before the children themselves are narrowed.
KEY_HITS = 1000
# Shown on the page; the API pages through all of them.
SHOWN = 50


@dataclass(frozen=True)
class SearchTerms:
    name: str = ""
    date_of_birth: datetime.date | None = None
    postcode: str = ""

    @property
    def empty(self) -> bool:
        return not (
            name_words(self.name) or self.date_of_birth or any(postcode_parts(self.postcode))
        )

    def audited(self) -> dict[str, str]:
        terms = {"name": self.name.strip(), "postcode": self.postcode.strip()}
        if self.date_of_birth is not None:
            terms["date_of_birth"] = self.date_of_birth.isoformat()
        return {name: value for name, value in terms.items() if value}


@dataclass(frozen=True)
class ChildMatch:
    child: Child
    closeness: float
    agencies: int

    @property
    def postcode_district(self) -> str:
        return postcode_parts(self.child.postcode)[1]


@dataclass(frozen=True)
class SearchResults:
    matches: list[ChildMatch] = field(default_factory=list)
    # References of shielded children that match, for those who may break glass; else empty.
    shielded: list[str] = field(default_factory=list)


def _dates(date_of_birth: datetime.date) -> set[datetime.date]:
    dates = {date_of_birth}
    if date_of_birth.day <= 12:
        with contextlib.suppress(ValueError):  # 31 March has no 3 of the 31st month
            dates.add(date_of_birth.replace(month=date_of_birth.day, day=date_of_birth.month))
    return dates


def _narrowed(children: QuerySet[Child], terms: SearchTerms) -> QuerySet[Child]:
    if terms.date_of_birth is not None:
        children = children.filter(date_of_birth__in=_dates(terms.date_of_birth))
    full, district = postcode_parts(terms.postcode)
    if full:
        children = children.filter(postcode=full)
    elif district:
        in_district = ChildSearchKey.objects.filter(
            child=OuterRef("pk"), kind=Kind.DISTRICT, key=district
        )
        children = children.filter(Exists(in_district))
    return children


def _key_hits(words: list[str]) -> list[int]:
    """Children with keys matching the search's words, those with the most matching first:
    read from the keys' index alone (kind, key, child), before any child is read."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in set().union(*(word_keys(word) for word in words)):
        by_kind[kind].add(key)
    matching = Q(pk__in=[])
    for kind, values in by_kind.items():
        matching |= Q(kind=kind, key__in=sorted(values))
    rows = (
        ChildSearchKey.objects.filter(matching)
        .values("child_id")
        .annotate(hits=Count("pk"))
        .order_by("-hits", "child_id")[:KEY_HITS]
    )
    return [row["child_id"] for row in rows]


def _name_closeness(words: list[str], child_words: set[str]) -> float:
    """The mean, over the search's words, of the closeness of the child's nearest name word;
    0 when any word has no near name at all (the sounds matched, the spelling is far)."""
    if not child_words:
        return 0.0
    best = [
        max(jellyfish.jaro_winkler_similarity(usual_form(word), theirs) for theirs in child_words)
        for word in words
    ]
    return sum(best) / len(best) if min(best) >= WORD_CLOSENESS_FLOOR else 0.0


def _child_words(child_ids: list[int], children: dict[int, Child]) -> dict[int, set[str]]:
    words: dict[int, set[str]] = {pk: set() for pk in child_ids}
    for pk in child_ids:
        child = children[pk]
        words[pk] |= {usual_form(w) for w in name_words(f"{child.given_name} {child.family_name}")}
    rows = AgencyRecord.objects.filter(
        child_id__in=child_ids, anonymised_at__isnull=True
    ).values_list("child_id", "given_name", "family_name")
    for pk, given, family in rows:
        words[pk] |= {usual_form(w) for w in name_words(f"{given} {family}")}
    return words


def _ranked(
    children: QuerySet[Child],
    terms: SearchTerms,
    limit: int | None,
    hits: list[int] | None = None,
) -> tuple[list[tuple[Child, float]], int]:
    """The closest children first (at most `limit`), and how many match in all."""
    words = name_words(terms.name)
    narrowed = _narrowed(children, terms)
    if not words:
        ordered = narrowed.order_by("family_name", "given_name", "pk")
        page = ordered if limit is None else ordered[:limit]
        return [(child, 1.0) for child in page], narrowed.count()
    hits = _key_hits(words) if hits is None else hits
    allowed = set(narrowed.filter(pk__in=hits).values_list("pk", flat=True))
    ids = [pk for pk in hits if pk in allowed][:SHORTLIST]
    found = Child.objects.in_bulk(ids)
    names = _child_words(ids, found)
    ranked = []
    for pk in ids:
        closeness = _name_closeness(words, names[pk])
        if closeness >= NAME_CLOSENESS_FLOOR:
            child = found[pk]
            # The date as given beats the same date with day and month swapped.
            if terms.date_of_birth is not None and child.date_of_birth == terms.date_of_birth:
                closeness += 0.05
            ranked.append((child, round(closeness, 4)))
    ranked.sort(key=lambda pair: (-pair[1], pair[0].family_name, pair[0].given_name, pair[0].pk))
    return (ranked if limit is None else ranked[:limit]), len(ranked)


def children_known_agencies(child_ids: list[int]) -> dict[int, int]:
    """How many agencies know each child: those holding a record of it or involved with it now
    (a sensitive involvement left out: its agency would say what it is)."""
    agencies: dict[int, set[int]] = {pk: set() for pk in child_ids}
    records = AgencyRecord.objects.filter(child_id__in=child_ids).values_list(
        "child_id", "agency_id"
    )
    today = timezone.localdate()
    involved = (
        Involvement.objects.filter(child_id__in=child_ids, sensitivity="")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("child_id", "agency_id")
    )
    for pk, agency_id in [*records, *involved]:
        agencies[pk].add(agency_id)
    return {pk: len(ids) for pk, ids in agencies.items()}


def children_search(
    user: User, terms: SearchTerms, *, limit: int | None = SHOWN
) -> tuple[SearchResults, int]:
    """The children this reader may find that match, closest first (at most `limit`; None for
    all), and how many match in all. Writes one audit event with the terms."""
    require(access.can_find_children(user), to="find children")
    if terms.empty:
        return SearchResults(), 0
    findable = access.children_findable_by(user)
    words = name_words(terms.name)
    hits = _key_hits(words) if words else None
    shown, total = _ranked(findable, terms, limit, hits)
    counts = children_known_agencies([child.pk for child, _ in shown])
    matches = [ChildMatch(child, closeness, counts[child.pk]) for child, closeness in shown]
    shielded: list[str] = []
    if access.can_see_shielded_matches(user):
        # Shielded children the reader has a relationship with are among the matches already.
        hidden = Child.objects.filter(
            merged_into__isnull=True, anonymised_at__isnull=True, shielded=True
        )
        known = {match.child.pk for match in matches}
        ranked_hidden, _ = _ranked(hidden, terms, 10 + len(known), hits)
        shielded = [child.reference for child, _ in ranked_hidden if child.pk not in known][:10]
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        object_type="children.child",
        details={**terms.audited(), "results": total, "shielded_matches": len(shielded)},
    )
    return SearchResults(matches=matches, shielded=shielded), total
