"""The synonyms as the search uses them: groups of phrases that mean the same. A synonym row
joins its term and its meaning ("HV", "health visitor"); rows that share a phrase join their
groups (CLA and LAC both mean "child looked after", so each finds the other). A phrase is known
by its words' stems in any order, so "looked after children" is "child looked after"."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Lower

from childtrust.partnership.models import Synonym
from childtrust.partnership.search.words import query_words, stem

Phrase = tuple[str, ...]  # words as typed, lower case, without stop words
Key = tuple[str, ...]  # the phrase's stems, sorted

LONGEST_PHRASE = 8


def phrase_key(phrase: Phrase) -> Key:
    return tuple(sorted(stem(word) for word in phrase))


@dataclass(frozen=True)
class SynonymGroups:
    groups: dict[Key, tuple[Phrase, ...]]  # each phrase's key: every phrase of its group
    single_words: frozenset[str]  # the one-word phrases (mostly acronyms): matched exactly
    words: frozenset[str]  # every word of every phrase, for the typo vocabulary

    def group_of(self, phrase: Phrase) -> tuple[Phrase, ...] | None:
        return self.groups.get(phrase_key(phrase))


def synonym_groups_build(pairs: list[tuple[str, str]]) -> SynonymGroups:
    """Groups from (term, meaning) pairs: the joined phrases of each connected set."""
    parent: dict[Key, Key] = {}
    phrases: dict[Key, set[Phrase]] = {}

    def root(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for term, meaning in pairs:
        joined = [tuple(query_words(text)) for text in (term, meaning)]
        if not all(joined):
            continue
        keys = [phrase_key(phrase) for phrase in joined]
        for key, phrase in zip(keys, joined, strict=True):
            phrases.setdefault(key, set()).add(phrase)
        parent[root(keys[0])] = root(keys[1])
    members: dict[Key, set[Phrase]] = {}
    for key, found in phrases.items():
        members.setdefault(root(key), set()).update(found)
    groups = {key: tuple(sorted(members[root(key)])) for key in phrases}
    every = {phrase for found in phrases.values() for phrase in found}
    return SynonymGroups(
        groups=groups,
        single_words=frozenset(phrase[0] for phrase in every if len(phrase) == 1),
        words=frozenset(word for phrase in every for word in phrase),
    )


def synonym_pairs() -> list[tuple[str, str]]:
    return list(Synonym.objects.order_by("pk").values_list("term", "meaning"))


def synonyms_by_term() -> list[Synonym]:
    """Every synonym, for the administrators' list, by term then meaning (either case)."""
    return list(Synonym.objects.order_by(Lower("term"), Lower("meaning"), "pk"))


def synonym_with_id(synonym_id: int) -> Synonym | None:
    return Synonym.objects.filter(pk=synonym_id).first()
