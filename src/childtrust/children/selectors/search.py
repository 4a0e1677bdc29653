"""Finding a child by name (typos, nicknames and other spellings), date of birth and postcode.

The search looks its words up in the indexed keys (children.search_keys), shortlists the
children whose keys match most, then ranks the shortlist by closeness: each word of the search
against the child's nearest name word (Jaro-Winkler on the usual forms), and the date of birth
and postcode given. A date of birth given must match (or be the same with day and month
swapped, a common slip); a postcode given must match, in full or by its district ('SO14').
Results come only from access.children_findable_by; a reader who may break glass is told that
a shielded record matches, with its reference and never its name. One audit event a search.

The children are read in two statements whatever the search: one matches the keys, narrows
by the terms and the reader's scope, shortlists by keys matched and fetches the shortlist with
its records' names (in the database, so that PostgreSQL is not asked a dozen times a search);
one counts the agencies that know the children shown."""

from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import jellyfish
from django.db import connections
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import RowNumber
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
# Shielded records that match, told (by reference) to one who may break glass.
SHIELDED_SHOWN = 10
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


def _matchable(user: User) -> QuerySet[Child]:
    """The children a search may match for this reader, each marked `findable`: the reader may
    see it among the results (access.children_findable_by), or, for one who may see shielded
    matches, only be told that a shielded record matches. An ordinary reader's query holds no
    other shielded child at all, so that nothing of one can reach the results, even as a count."""
    findable = access.children_findable_by(user)
    if not access.can_see_shielded_matches(user):
        return findable.annotate(findable=Value(True))
    hidden = Child.objects.filter(
        merged_into__isnull=True, anonymised_at__isnull=True, shielded=True
    )
    # A child not shielded can only have come from `findable`; a shielded one is asked of
    # `findable` (the shielded among it are few: a partial index holds them).
    mine = Exists(findable.filter(pk=OuterRef("pk"), shielded=True))
    flag = Case(When(shielded=False, then=Value(True)), default=mine)
    return (findable | hidden).annotate(findable=flag)


def _key_hits(words: list[str]) -> QuerySet[ChildSearchKey, dict[str, int]]:
    """For each child with keys matching the search's words, how many match: read from the
    keys' index alone (kind, key, child)."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in set().union(*(word_keys(word) for word in words)):
        by_kind[kind].add(key)
    matching = Q(pk__in=[])
    for kind, values in sorted(by_kind.items()):
        matching |= Q(kind=kind, key__in=sorted(values))
    return (
        ChildSearchKey.objects.filter(matching)
        .order_by()
        .values("child_id")
        .annotate(hits=Count("pk"))
    )


@dataclass(frozen=True)
class _Placed:
    """A child as the search's statement returns it: whether the reader may see it among the
    results (else only be told that a shielded record matches), how many on its side
    (findable or not) match in all, and the names its agencies' records give it."""

    child: Child
    findable: bool
    matching: int
    record_names: str = ""

    @property
    def words(self) -> set[str]:
        """Every word of the child's names, as shown and as its records give them."""
        names = f"{self.child.given_name} {self.child.family_name} {self.record_names}"
        return {usual_form(word) for word in name_words(names)}


def _in_place(children: QuerySet[Child], order: list[OrderBy], limit: int | None) -> list[_Placed]:
    """The children in this order, at most `limit` on each side: one statement."""
    side = [F("findable")]
    children = children.annotate(
        place=Window(RowNumber(), partition_by=side, order_by=order),
        matching=Window(Count("pk"), partition_by=side),
    )
    if limit is not None:
        children = children.filter(place__lte=limit)
    return [_placed(child) for child in children.order_by("place")]


def _placed(child: Child) -> _Placed:
    """The statement's child, its annotations read (mypy knows no annotation's name)."""
    found = child.__dict__
    return _Placed(child, bool(found["findable"]), found["matching"], found.get("names") or "")


# Every agency record's name of a child in one string (its words are what ranking reads).
_JOINED = {"postgresql": "STRING_AGG", "sqlite": "GROUP_CONCAT"}


def _candidates(children: QuerySet[Child], words: list[str]) -> list[_Placed]:
    """The SHORTLIST children with most keys matching the search's words on each side (the
    first made among equals), with their records' names: the key match, the reader's scope,
    the terms' narrowing and the children in one statement. The keys are counted before they
    meet the children (the ORM would join them first, then group every child's row), so the
    statement is written here around the ORM's own two queries, its values bound."""
    hits_sql, hits_params = _key_hits(words).query.sql_with_params()
    scope_sql, scope_params = children.order_by().query.sql_with_params()
    joined = _JOINED[connections[children.db].vendor]
    record = AgencyRecord._meta.db_table
    statement = f"""
        WITH hits (child_id, hits) AS ({hits_sql}),
        scope AS ({scope_sql}),
        placed AS (
            SELECT scope.*,
                ROW_NUMBER() OVER (
                    PARTITION BY scope.findable ORDER BY hits.hits DESC, scope.id
                ) AS place,
                COUNT(*) OVER (PARTITION BY scope.findable) AS matching
            FROM hits JOIN scope ON scope.id = hits.child_id
        )
        SELECT placed.*, (
            SELECT {joined}(record.given_name || ' ' || record.family_name, ' ')
            FROM "{record}" record
            WHERE record.child_id = placed.id AND record.anonymised_at IS NULL
        ) AS names
        FROM placed WHERE place <= %s ORDER BY place"""  # noqa: S608 (the ORM's SQL; values bound)
    params = (*hits_params, *scope_params, SHORTLIST)
    return [_placed(each) for each in Child.objects.raw(statement, params)]


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


def _ranked(candidates: list[_Placed], terms: SearchTerms) -> list[tuple[_Placed, float]]:
    """The candidates near enough in name, the closest first."""
    words = name_words(terms.name)
    ranked = []
    for each in candidates:
        child = each.child
        closeness = _name_closeness(words, each.words)
        if closeness >= NAME_CLOSENESS_FLOOR:
            # The date as given beats the same date with day and month swapped.
            if terms.date_of_birth is not None and child.date_of_birth == terms.date_of_birth:
                closeness += 0.05
            ranked.append((each, round(closeness, 4)))
    ranked.sort(key=lambda pair: (-pair[1], *_by_name(pair[0].child)))
    return ranked


def _by_name(child: Child) -> tuple[str, str, int]:
    return child.family_name, child.given_name, child.pk


def _found(
    user: User, terms: SearchTerms, limit: int | None
) -> tuple[list[tuple[Child, float]], int, list[Child]]:
    """The findable children that match, closest first (at most `limit`), how many match in
    all, and the shielded children the reader may only be told of, closest first."""
    words = name_words(terms.name)
    children = _narrowed(_matchable(user), terms)
    if words:
        ranked = _ranked(_candidates(children, words), terms)
        found = [(each.child, closeness) for each, closeness in ranked if each.findable]
        hidden = [each.child for each, _ in ranked if not each.findable]
        total = len(found)
    else:
        order = [F("family_name").asc(), F("given_name").asc(), F("pk").asc()]
        listed = _in_place(children, order, None if limit is None else max(limit, SHIELDED_SHOWN))
        found = [(each.child, 1.0) for each in listed if each.findable]
        hidden = [each.child for each in listed if not each.findable]
        total = next((each.matching for each in listed if each.findable), 0)
    return (found if limit is None else found[:limit]), total, hidden


def children_known_agencies(child_ids: list[int]) -> dict[int, int]:
    """How many agencies know each child: those holding a record of it or involved with it now
    (a sensitive involvement left out, and the record of an agency known to work with the child
    only through one: its agency would say what it is). One statement."""
    agencies: dict[int, int] = dict.fromkeys(child_ids, 0)
    today = timezone.localdate()
    # Nor the record of an agency that works with the child only through a sensitive
    # involvement: the child's page leaves that record out, and a count one higher would say
    # that such a service knows the child.
    agency_involved = Involvement.objects.filter(
        child_id=OuterRef("child_id"), agency_id=OuterRef("agency_id")
    )
    records = (
        AgencyRecord.objects.filter(child_id__in=child_ids)
        .exclude(
            Exists(agency_involved.exclude(sensitivity=""))
            & ~Exists(agency_involved.filter(sensitivity=""))
        )
        .order_by()
        .values_list("child_id", "agency_id")
    )
    involved = (
        Involvement.objects.filter(child_id__in=child_ids, sensitivity="")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by()
        .values_list("child_id", "agency_id")
    )
    for pk, _ in records.union(involved):  # a union: each (child, agency) once
        agencies[pk] += 1
    return agencies


def children_search(
    user: User, terms: SearchTerms, *, limit: int | None = SHOWN
) -> tuple[SearchResults, int]:
    """The children this reader may find that match, closest first (at most `limit`; None for
    all), and how many match in all. Writes one audit event with the terms."""
    require(access.can_find_children(user), to="find children")
    if terms.empty:
        return SearchResults(), 0
    shown, total, hidden = _found(user, terms, limit)
    counts = children_known_agencies([child.pk for child, _ in shown])
    matches = [ChildMatch(child, closeness, counts[child.pk]) for child, closeness in shown]
    shielded = [child.reference for child in hidden[:SHIELDED_SHOWN]]
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        object_type="children.child",
        details={**terms.audited(), "results": total, "shielded_matches": len(shielded)},
    )
    return SearchResults(matches=matches, shielded=shielded), total
