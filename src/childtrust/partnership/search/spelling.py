"""Small typos corrected against the words the index holds (its vocabulary, which each database
lists from its own full-text index) and the synonyms' words.

A word is known when some word of the vocabulary starts with its stem ("visitors" is known if
"visiting" is there). An unknown word of four letters or more is replaced by the nearest known
word one edit away (a letter added, dropped, changed, or two letters swapped), or two edits for
words of eight letters or more; the most common of equally near words wins. Candidates come from
a symmetric-delete index (each word with one letter dropped), built once per version of the
index when the first unknown word is met, so that a search with no typo costs only a lookup."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from childtrust.partnership.search.words import stem

SHORTEST_CORRECTED = 4
LONGEST_ONE_EDIT = 7  # longer words may be two edits away


def _one_dropped(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours is one edit), or limit + 1
    as soon as it must exceed the limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass
class Vocabulary:
    """Words with how many records hold them, sorted for prefix lookups."""

    counts: dict[str, int]
    sorted_words: list[str] = field(init=False)
    _deletes: dict[str, list[str]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.sorted_words = sorted(self.counts)

    @classmethod
    def of(cls, counts: Mapping[str, int], extra_words: Iterable[str]) -> Vocabulary:
        words = dict(counts)
        for word in extra_words:
            words.setdefault(word, 1)
        # Stems too, so that a typo in a partial word ("safegaurd") finds its stem.
        for word, count in list(words.items()):
            words.setdefault(stem(word), count)
        return cls(words)

    def starts_a_word(self, start: str) -> bool:
        at = bisect.bisect_left(self.sorted_words, start)
        return at < len(self.sorted_words) and self.sorted_words[at].startswith(start)

    def is_known(self, word: str) -> bool:
        return word in self.counts or self.starts_a_word(stem(word))

    def correction(self, word: str) -> str | None:
        """The nearest known word to an unknown one, or None (short, or nothing near)."""
        if len(word) < SHORTEST_CORRECTED or self.is_known(word):
            return None
        limit = 1 if len(word) <= LONGEST_ONE_EDIT else 2
        probes = {word} | _one_dropped(word)
        if limit == 2:
            probes |= {shorter for dropped in list(probes) for shorter in _one_dropped(dropped)}
        deletes = self._deletes_index()
        candidates = {found for probe in probes for found in deletes.get(probe, ())}
        scored = [
            (distance, -self.counts[candidate], candidate)
            for candidate in candidates
            if (distance := edit_distance(word, candidate, limit)) <= limit
        ]
        return min(scored)[2] if scored else None

    def _deletes_index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            index: dict[str, list[str]] = {}
            for word in self.counts:
                if len(word) >= SHORTEST_CORRECTED - 1:
                    for key in {word} | _one_dropped(word):
                        index.setdefault(key, []).append(word)
            self._deletes = index
        return self._deletes
