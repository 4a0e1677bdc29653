"""The keys a child is found by (models.ChildSearchKey), and how a search's words become keys.

A name is split into words (hyphens and spaces part them; accents and apostrophes go), each
word folded to its usual form ("Bob" -> "robert", linkage.nicknames) and coded twice by sound
(Metaphone and NYSIIS, of the word as written and of its usual form), so that "Smyth" finds
"Smith" and "Jonny" finds "John". Every word of the child's shown name and of each agency
record's name is keyed: a changed surname still finds the child.

Kept in step: `child_search_keys_refresh` is called by index_upkeep.child_summary_refresh
(after a merge or a split) and by the retention service; a linkage run refreshes the keys of
the children it changed (`search_keys_refresh_children`), leaving every other child's rows as
they were, or, when it made more children than it keys at once (a first load), leaves them to
the worker (`search_keys_fill_missing`); `childtrust search_keys_rebuild` rebuilds every child's
keys."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

import jellyfish
from django.db import connection, transaction

from childtrust.children.linkage.nicknames import usual_form as usual_form  # search reads it here
from childtrust.children.models import AgencyRecord, Child, ChildSearchKey, SearchKeyKind

Key = tuple[str, str]

_NOT_LETTERS = re.compile(r"[^a-z]+")
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
REBUILD_BATCH = 2000
INSERT_BATCH = 5000


def name_words(text: str) -> list[str]:
    """'Mary-Jane O'Brien' -> ['mary', 'jane', 'obrien']."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("'", "").replace("\u2019", "")
    return [word for word in _NOT_LETTERS.split(plain) if word]


@functools.lru_cache(maxsize=65536)  # names repeat: a city's children share a few thousand
def word_keys(word: str) -> frozenset[Key]:
    """One word's keys: its usual form, and the sound of it as written and as usual."""
    usual = usual_form(word)
    keys: set[Key] = {(SearchKeyKind.NAME.value, usual)}
    for form in {word, usual}:
        keys.add((SearchKeyKind.METAPHONE.value, jellyfish.metaphone(form)[:100]))
        keys.add((SearchKeyKind.NYSIIS.value, jellyfish.nysiis(form)[:100]))
    return frozenset((kind, key) for kind, key in keys if key)


def postcode_parts(text: str) -> tuple[str, str]:
    """(the full postcode as 'SO14 7LY' or '', its district as 'SO14' or ''): a search may give
    either; anything else gives ('', '')."""
    compact = re.sub(r"\s+", "", text).upper()
    full = _FULL_POSTCODE.match(compact)
    if full:
        return f"{full.group(1)} {full.group(2)}", full.group(1)
    if _DISTRICT.match(compact):
        return "", compact
    return "", ""


def _child_keys(child: Child, record_names: Iterable[str]) -> set[Key]:
    keys: set[Key] = set()
    for text in (child.given_name, child.family_name, *record_names):
        for word in name_words(text):
            keys |= word_keys(word)
    district = postcode_parts(child.postcode)[1]
    if district:
        keys.add((SearchKeyKind.DISTRICT.value, district))
    return keys


def _records_names(child_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {child_id: [] for child_id in child_ids}
    rows = AgencyRecord.objects.filter(
        child_id__in=child_ids, anonymised_at__isnull=True
    ).values_list("child_id", "given_name", "family_name")
    for child_id, given, family in rows:
        names[child_id] += [given, family]
    return names


def child_search_keys_refresh(children: Iterable[Child]) -> int:
    """Replaces these children's keys with keys from what they show now and their records'
    names; a merged or anonymised child keeps none (it is not to be found). Returns the keys
    written. The caller holds the transaction."""
    children = list(children)
    ids = [child.pk for child in children]
    ChildSearchKey.objects.filter(child_id__in=ids).delete()
    names = _records_names(ids)
    rows = [
        (child.pk, kind, key)
        for child in children
        if child.merged_into_id is None and child.anonymised_at is None
        for kind, key in sorted(_child_keys(child, names[child.pk]))
    ]
    _keys_insert(rows)
    return len(rows)


def _keys_insert(rows: list[tuple[int, str, str]]) -> None:
    """One prepared statement run for every key: the ORM's bulk_create spends more time making
    and compiling 436,000 model instances (60,000 children) than the database spends storing
    them."""
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(ChildSearchKey._meta.db_table)} "  # noqa: S608 (names of our own table)
        f"({quote('child_id')}, {quote('kind')}, {quote('key')}) VALUES (%s, %s, %s)"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(sql, rows[start : start + INSERT_BATCH])


def _batches() -> Iterator[list[Child]]:
    last = 0
    while True:
        batch = list(Child.objects.filter(pk__gt=last).order_by("pk")[:REBUILD_BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def search_keys_refresh_children(child_ids: Iterable[int]) -> int:
    """These children's keys afresh, a batch at a time, in the caller's transaction (a linkage
    run's): the children it made or changed. Returns the keys written."""
    ids = sorted(set(child_ids))
    keys = 0
    for start in range(0, len(ids), REBUILD_BATCH):
        keys += child_search_keys_refresh(
            Child.objects.filter(pk__in=ids[start : start + REBUILD_BATCH]).order_by("pk")
        )
    return keys


def search_keys_fill_missing() -> tuple[int, int]:
    """Keys for each findable child that has none (the children a linkage run made more of than
    it keyed at once), a batch at a time: (children, keys)."""
    children = keys = 0
    last = 0
    keyless = Child.objects.filter(
        merged_into__isnull=True, anonymised_at__isnull=True, search_keys__isnull=True
    )
    while batch := list(keyless.filter(pk__gt=last).order_by("pk")[:REBUILD_BATCH]):
        with transaction.atomic():
            keys += child_search_keys_refresh(batch)
        children += len(batch)
        last = batch[-1].pk
    return children, keys


def search_keys_rebuild() -> tuple[int, int]:
    """Every child's keys afresh, a batch at a time: (children, keys)."""
    children = keys = 0
    for batch in _batches():
        with transaction.atomic():
            keys += child_search_keys_refresh(batch)
        children += len(batch)
    return children, keys
